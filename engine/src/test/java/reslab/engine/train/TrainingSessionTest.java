package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Dataset;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.Shape;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

class TrainingSessionTest {
    private static final Template TEMPLATE = Templates.find("chain-sigmoid-4").orElseThrow();

    private static Split nanData() {
        float[] f = new float[8 * 2];
        Arrays.fill(f, 1f);
        f[5] = Float.NaN;
        Dataset d = new Dataset("nan", Shape.of(2), 2, f, new int[8]);
        return new Split(d, d);
    }

    @Test
    void divergedStepThrowsNamingTheLossAndKeepsTheWeights() {
        TrainingSession s = new TrainingSession(TEMPLATE.spec(), nanData(), TEMPLATE.training(), 1);
        List<INDArray> before = s.network().parameters().stream().map(p -> p.value().dup()).toList();
        DivergenceException e = assertThrows(DivergenceException.class, s::step);
        assertEquals("loss", e.where());
        assertEquals(0, e.step());
        for (int i = 0; i < before.size(); i++) {
            Parameter p = s.network().parameters().get(i);
            assertEquals(before.get(i), p.value(), p.key() + " changed by a diverged step");
        }
    }

    @Test
    void rejectsADatasetOfTheWrongWidth() {
        Dataset wide = new Dataset("wide", Shape.of(3), 2, new float[3 * 4], new int[4]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingSession(TEMPLATE.spec(), new Split(wide, wide), TEMPLATE.training(), 1));
        assertTrue(e.getMessage().contains("wide"), e.getMessage());
    }

    @Test
    void stepsCountUpFromZeroAndCarryTheRunId() {
        Split data = DatasetCatalog.load("spirals").orElseThrow();
        TrainingSession s = new TrainingSession(TEMPLATE.spec(), data, TEMPLATE.training().withTelemetry(false), 7);
        for (int i = 0; i < 3; i++) {
            StepSnapshot snap = s.step();
            assertEquals(i, snap.step());
            assertEquals(7, snap.runId());
            assertTrue(snap.nodes().isEmpty(), "telemetry off: loss and accuracy only");
        }
        assertEquals(3, s.stepCount());
    }

    @Test
    void runsInTheConfiguredDataType() {
        Split data = DatasetCatalog.load("spirals").orElseThrow();
        TrainingConfig c = new TrainingConfig(1, 16, 0.1, 0.9, DataType.DOUBLE, true);
        TrainingSession s = new TrainingSession(TEMPLATE.spec(), data, c, 1);
        assertTrue(s.network().parameters().stream().allMatch(p -> p.value().dataType() == DataType.DOUBLE));
    }
}
