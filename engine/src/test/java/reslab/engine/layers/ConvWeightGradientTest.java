package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.spec.Padding;
import reslab.engine.train.ComputeThreads;

/**
 * The weight gradient alone (ConvKernels.weightGradient, the path of a first layer whose input
 * gradient is skipped where oneDNN does not run) equals the full backward's, which the
 * plain-loop reference and finite differences check in Conv2DTest; and a first layer returns
 * no input gradient.
 */
class ConvWeightGradientTest {
    @ParameterizedTest
    @CsvSource({"1, 5, valid, 0", "2, 3, same, 0", "1, 3, explicit, 1", "3, 3, explicit, 2", "1, 4, same, 0"})
    void weightGradientAloneEqualsConv2dBp(int channels, int kernel, String mode, int pad) {
        Padding padding = switch (mode) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> Padding.explicit(pad);
        };
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.randn(dt, 3, channels, 9, 8);
            INDArray w = Nd4j.randn(dt, 4, channels, kernel, kernel);
            INDArray b = Nd4j.randn(dt, 4);
            Conv2D full = new Conv2D("full", w.dup(), b.dup(), 1, 1, padding);
            INDArray y = full.forward(new INDArray[] {x}, true);
            INDArray dy = Nd4j.randn(dt, y.shape());
            full.backward(dy);
            Window2D win = Window2D.of(kernel, kernel, 1, 1, padding, 9, 8);
            INDArray dw = Nd4j.zeros(dt, w.shape()), db = Nd4j.zeros(dt, 4);
            ConvKernels.weightGradient(x, dy, win, dw, db, new Buffers());
            double tol = dt == DataType.DOUBLE ? 1e-10 : 1e-3;
            INDArray[] expected = {full.parameters().get(0).grad(), full.parameters().get(1).grad()}, actual = {dw, db};
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(expected[k].reshape(expected[k].length()).toDoubleVector(),
                        actual[k].reshape(actual[k].length()).toDoubleVector(), tol, dt + " " + full.parameters().get(k).key());
            }
            // The layer as a first layer, whichever kernel it takes (this one, or oneDNN without dx).
            Conv2D first = new Conv2D("first", w.dup(), b.dup(), 1, 1, padding);
            first.skipInputGradient(true);
            first.forward(new INDArray[] {x}, true);
            assertNull(first.backward(dy)[0], "a first layer returns no input gradient");
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(expected[k].reshape(expected[k].length()).toDoubleVector(),
                        first.parameters().get(k).grad().reshape(expected[k].length()).toDoubleVector(), tol,
                        dt + " layer " + first.parameters().get(k).key());
            }
        }
    }

    /**
     * Where oneDNN runs a float convolution directly, its weight gradient alone is taken.
     * Otherwise (double here; float where oneDNN is missing) the Java kernel is taken for up to
     * 3 input channels with one ND4J thread, for 1 with more (the measurements are in
     * ConvKernels.weightGradientFits).
     */
    @Test
    void theFirstLayerCutoffFollowsOneDnnAndTheThreadCount() {
        Window2D win = Window2D.of(3, 3, 1, 1, Padding.SAME, 8, 8);
        assertEquals(!OneDnn.available(), ConvKernels.weightGradientFits(Nd4j.zeros(DataType.FLOAT, 2, 1, 8, 8), win));
        int before = NativeOps.threads();
        try {
            ComputeThreads.limit(1);
            assertEquals(1, NativeOps.threads());
            assertTrue(ConvKernels.weightGradientFits(Nd4j.zeros(DataType.DOUBLE, 2, 1, 8, 8), win));
            assertTrue(ConvKernels.weightGradientFits(Nd4j.zeros(DataType.DOUBLE, 2, 3, 8, 8), win));
            assertFalse(ConvKernels.weightGradientFits(Nd4j.zeros(DataType.DOUBLE, 2, 4, 8, 8), win));
            ComputeThreads.limit(2);
            assertEquals(2, NativeOps.threads());
            assertTrue(ConvKernels.weightGradientFits(Nd4j.zeros(DataType.DOUBLE, 2, 1, 8, 8), win));
            assertFalse(ConvKernels.weightGradientFits(Nd4j.zeros(DataType.DOUBLE, 2, 3, 8, 8), win));
        } finally {
            ComputeThreads.limit(before);
        }
    }
}
