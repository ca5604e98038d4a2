package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.zoo.Templates;

/** A run checkpointed after 20 steps and restored into a fresh session goes on exactly as the run of 40 steps. */
class ResumeTest {
    static final double TOLERANCE = 1e-6;

    /** Convolution, batch norm, max pooling, dropout: every kind of state a run carries. */
    static NetworkSpec convNet() {
        return new NetworkSpec("conv-bn-dropout", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(1, 8, 8))),
                NodeSpec.of("conv", Conv2DSpec.of(4, 3, 1, Padding.explicit(1), false, Init.HE_NORMAL), "input"),
                NodeSpec.of("bn", BatchNormSpec.DEFAULT, "conv"),
                NodeSpec.of("relu", new ReluSpec(), "bn"),
                NodeSpec.of("pool", MaxPoolSpec.of(2, 2, Padding.VALID), "relu"),
                NodeSpec.of("flatten", new FlattenSpec(), "pool"),
                NodeSpec.of("drop", new DropoutSpec(0.3), "flatten"),
                NodeSpec.of("output", new DenseSpec(10, Init.GLOROT_UNIFORM), "drop")),
                "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    static TrainingConfig adam() {
        // A small training split (batch 16 of 2048) would take 128 steps to wrap; batch 100 wraps an epoch within 40.
        return TrainingConfig.defaults(5).withBatchSize(100).withOptimizer(OptimizerConfig.adam(1e-3)).withTelemetry(false)
                .withEvalEvery(7);
    }

    static TrainingConfig momentum() {
        return TrainingConfig.defaults(3).withBatchSize(64).withOptimizer(OptimizerConfig.momentum(0.05, 0.9))
                .withSchedule(LearningRateSchedule.stepEvery(25, 0.5)).withTelemetry(false);
    }

    /** Per step the batch loss and the test loss (NaN where the step did not evaluate, which uses the running statistics). */
    static List<double[]> losses(TrainingSession s, int steps) {
        List<double[]> l = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            var snap = s.step();
            l.add(new double[] {snap.loss(), snap.testLoss()});
        }
        return l;
    }

    static void assertSameRun(List<double[]> expected, List<double[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i)[0], actual.get(i)[0], TOLERANCE, "loss of step " + i + " after resuming");
            assertEquals(Double.isNaN(expected.get(i)[1]), Double.isNaN(actual.get(i)[1]), "evaluated at step " + i);
            if (!Double.isNaN(expected.get(i)[1])) {
                assertEquals(expected.get(i)[1], actual.get(i)[1], TOLERANCE, "test loss of step " + i + " after resuming");
            }
        }
    }

    /** Weights and running statistics. */
    static void assertSameWeights(TrainingSession a, TrainingSession b) {
        TrainingCheckpoint x = a.checkpoint(), y = b.checkpoint();
        assertEquals(x.parameters().keySet(), y.parameters().keySet());
        for (String key : x.parameters().keySet()) {
            assertEquals(0.0, x.parameters().get(key).sub(y.parameters().get(key)).amaxNumber().doubleValue(), 0.0, key);
        }
        assertEquals(x.layerState().keySet(), y.layerState().keySet());
        for (String key : x.layerState().keySet()) {
            assertEquals(0.0, x.layerState().get(key).sub(y.layerState().get(key)).amaxNumber().doubleValue(), 0.0, key);
        }
    }

    private static void resumesExactly(NetworkSpec spec, Split data, TrainingConfig config) {
        TrainingSession whole = new TrainingSession(spec, data, config, 1);
        List<double[]> all = losses(whole, 40);

        TrainingSession first = new TrainingSession(spec, data, config, 2);
        losses(first, 20);
        TrainingCheckpoint saved = first.checkpoint();
        losses(first, 3);                  // the session that was saved goes on: the checkpoint must not share its arrays

        TrainingSession resumed = new TrainingSession(spec, data, config, 3);
        resumed.preview();                 // as the trainer does on load: fetches a batch, runs a training forward
        List<String> notes = resumed.restore(saved);
        assertEquals(List.of(), notes);
        assertEquals(20, resumed.stepCount());
        assertSameRun(all.subList(20, 40), losses(resumed, 20));
        assertSameWeights(whole, resumed);
    }

    @Test
    void anMlpWithMomentumAndAScheduleResumesExactly() {
        resumesExactly(Templates.find("chain-relu-4-residual").orElseThrow().spec(), DatasetCatalog.load("spirals").orElseThrow(),
                momentum());
    }

    @Test
    void aConvNetWithBatchNormDropoutAndAdamResumesExactly() {
        resumesExactly(convNet(), DatasetCatalog.load("synthetic").orElseThrow(), adam());
    }

    @Test
    void aCheckpointTakenAfterAPreviewResumesAtThePreviewedBatch() {
        NetworkSpec spec = convNet();
        Split data = DatasetCatalog.load("synthetic").orElseThrow();
        TrainingSession whole = new TrainingSession(spec, data, adam(), 1);
        List<double[]> all = losses(whole, 6);
        TrainingSession first = new TrainingSession(spec, data, adam(), 2);
        losses(first, 3);
        first.preview();
        TrainingSession resumed = new TrainingSession(spec, data, adam(), 3);
        resumed.restore(first.checkpoint());
        assertSameRun(all.subList(3, 6), losses(resumed, 3));
    }

    @Test
    void aPreviewChangesNothingTheNextStepComputes() {
        NetworkSpec spec = convNet();
        Split data = DatasetCatalog.load("synthetic").orElseThrow();
        TrainingSession plain = new TrainingSession(spec, data, adam(), 1);
        TrainingSession previewed = new TrainingSession(spec, data, adam(), 2);
        for (int i = 0; i < 3; i++) {
            previewed.preview();
            previewed.preview();
            assertEquals(plain.step().loss(), previewed.step().loss(), 0.0, "step " + i + " (dropout masks must not advance in a preview)");
        }
    }

    @Test
    void aCheckpointWithTensorsOfAnotherShapeIsRefusedAndChangesNothing() {
        NetworkSpec spec = convNet();
        Split data = DatasetCatalog.load("synthetic").orElseThrow();
        TrainingSession s = new TrainingSession(spec, data, adam(), 1);
        losses(s, 2);
        TrainingCheckpoint c = s.checkpoint();
        Map<String, INDArray> params = new HashMap<>(c.parameters());
        params.put("output.W", params.get("output.W").reshape(32, 20));
        TrainingCheckpoint wrong = new TrainingCheckpoint(c.config(), c.dataName(), c.step(), c.batchesDrawn(), params,
                c.layerState(), c.dropoutSteps(), c.optimizer());
        TrainingSession fresh = new TrainingSession(spec, data, adam(), 2);
        INDArray before = fresh.network().parameter("conv.W").value().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fresh.restore(wrong));
        assertTrue(e.getMessage().contains("output.W") && e.getMessage().contains("[32, 20]"), e.getMessage());
        assertEquals(before, fresh.network().parameter("conv.W").value(), "nothing restored");
        assertEquals(0, fresh.stepCount());
    }

    @Test
    void whatACheckpointLacksIsNamed() {
        NetworkSpec spec = convNet();
        Split data = DatasetCatalog.load("synthetic").orElseThrow();
        TrainingSession s = new TrainingSession(spec, data, adam(), 1);
        losses(s, 2);
        TrainingCheckpoint c = s.checkpoint();
        Map<String, INDArray> params = new HashMap<>(c.parameters());
        params.remove("conv.W");
        Map<String, INDArray> state = new HashMap<>(c.layerState());
        state.put("gone.running_mean", state.get("bn.running_mean"));
        TrainingCheckpoint partial = new TrainingCheckpoint(c.config(), c.dataName(), c.step(), c.batchesDrawn(), params,
                state, Map.of(), null);
        List<String> notes = new TrainingSession(spec, data, adam(), 2).restore(partial);
        assertEquals(4, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("conv.W"), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("gone.running_mean")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("drop")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("optimizer")), notes.toString());
    }

    @Test
    void checkpointsCopyTheirArrays() {
        TrainingSession s = new TrainingSession(convNet(), DatasetCatalog.load("synthetic").orElseThrow(), adam(), 1);
        losses(s, 1);
        TrainingCheckpoint c = s.checkpoint();
        float[] w = c.parameters().get("conv.W").dup().data().asFloat();
        losses(s, 1);
        assertArrayEquals(w, c.parameters().get("conv.W").dup().data().asFloat(), 0f);
    }
}
