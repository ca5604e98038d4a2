package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.shape.TinyNets.dense;
import static reslab.engine.shape.TinyNets.input;
import static reslab.engine.shape.TinyNets.net;

import org.junit.jupiter.api.Test;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ReluSpec;

class ActivationMemoryTest {
    @Test
    void countsEveryNodeOutputTimesBatchAndBytesWithTheInputApart() {
        NetworkAnalysis a = ShapeInference.analyze(net(input(2, 5, 5),
                NodeSpec.of("c", Conv2DSpec.of(3, 3, 1, Padding.VALID, true, Init.HE_NORMAL), "input"), // 3x3x3 = 27
                NodeSpec.of("r", new ReluSpec(), "c"),                                                   // 27
                NodeSpec.of("f", new FlattenSpec(), "r"),                                                // 27
                dense("output", 4, "f")));                                                               // 4
        ActivationMemory m = a.activationMemory(10, 4);
        assertTrue(m.complete());
        assertEquals(27 + 27 + 27 + 4, m.activationElements());
        assertEquals(2 * 5 * 5, m.inputElements());
        assertEquals((27 + 27 + 27 + 4) * 10L * 4, m.activationBytes());
        assertEquals(50 * 10L * 4, m.inputBytes());
        assertEquals(m.inputBytes() + 2 * m.activationBytes(), m.trainingBytes(), "outputs kept for backward plus their gradients");
        assertEquals(2 * m.activationBytes(), a.activationMemory(10, 8).activationBytes(), "float64 doubles it");
    }

    @Test
    void anInvalidDesignGivesALowerBoundAndSaysSo() {
        NetworkAnalysis a = ShapeInference.analyze(net(input(4), dense("d", 0, "input"), dense("output", 2, "d")));
        ActivationMemory m = a.activationMemory(1, 4);
        assertFalse(m.complete());
        assertEquals(0, m.activationElements(), "neither d nor output has a shape");
        assertThrows(IllegalArgumentException.class, () -> a.activationMemory(0, 4));
    }
}
