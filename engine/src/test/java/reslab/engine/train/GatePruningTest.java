package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Batches;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.graph.NetworkWeights;
import reslab.engine.shape.ShapeInference;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** The residual-gates paper's layer removal on the gated MNIST templates, after a few training steps. */
class GatePruningTest {
    private static final Split MNIST = DatasetCatalog.load("mnist").orElseThrow();
    private static final int STEPS = 15;
    /** Dense 50x50 (no bias), BN gamma and beta, the gate's k. */
    private static final long BLOCK_PARAMS = 50 * 50 + 2 * 50 + 1;

    private static TrainingSession trained(String templateId) {
        Template t = Templates.find(templateId).orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), MNIST, t.training().withEvalEvery(0), 1);
        for (int i = 0; i < STEPS; i++) s.step();
        return s;
    }

    private static void setK(TrainingSession s, String gate, double k) {
        s.network().parameter(gate + ".k").value().assign(k);
    }

    private static double[] logits(NetworkWeights w, reslab.engine.spec.NetworkSpec design, INDArray x) {
        return w.compile(design).predict(x).castTo(DataType.DOUBLE).data().asDouble();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gated-mlp-10", "gated-resnet-mlp-10"})
    void aShutGateIsRemovedWithNoChangeInTheOutput(String templateId) {
        TrainingSession s = trained(templateId);
        setK(s, "block4.gate", -0.3);                              // g = ReLU(k) = 0 exactly
        GatePruning.Input in = GatePruning.Input.capture(s);
        GatePruning.Result r = GatePruning.remove(in, List.of("block4.gate"));

        INDArray x = Batches.all(in.test(), in.weights().dataType()).x();
        double[] whole = logits(in.weights(), in.weights().spec(), x);
        double[] pruned = logits(in.weights(), r.pruned(), x);
        assertArrayEquals(whole, pruned, 0.0, "a shut gate computes u = x: the block adds nothing");
        assertEquals(r.accuracyBefore(), r.accuracyAfter(), 0.0);
        assertEquals(r.before().loss(), r.after().loss(), 0.0);
        assertEquals(List.of("block4.dense", "block4.bn", "block4.relu", "block4.gate"), r.removed().get(0).nodes());
        assertTrue(ShapeInference.analyze(r.pruned()).valid());
        assertFalse(r.pruned().node("block4.gate").isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gated-mlp-10", "gated-resnet-mlp-10"})
    void anOpenGateIsNotTheIdentity(String templateId) {
        TrainingSession s = trained(templateId);
        setK(s, "block4.gate", 0.8);
        GatePruning.Input in = GatePruning.Input.capture(s);
        GatePruning.Result r = GatePruning.remove(in, List.of("block4.gate"));
        INDArray x = Batches.all(in.test(), in.weights().dataType()).x();
        double[] whole = logits(in.weights(), in.weights().spec(), x);
        double[] pruned = logits(in.weights(), r.pruned(), x);
        double maxDiff = 0;
        for (int i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(whole[i] - pruned[i]));
        assertTrue(maxDiff > 1e-3, "removing a working block changes the logits; max change " + maxDiff);
    }

    @Test
    void theLowestGatesGoFirstAndTheSavingIsTheirParameters() {
        TrainingSession s = trained("gated-resnet-mlp-10");
        for (int b = 1; b <= 10; b++) setK(s, "block" + b + ".gate", 0.5 + b * 0.01);
        setK(s, "block7.gate", 0.1);
        setK(s, "block2.gate", 0.05);
        setK(s, "block9.gate", -1.0);
        setK(s, "block5.gate", -2.0);                                // also g = 0: ties go to the block nearer the input
        GatePruning.Result r = GatePruning.removeLowest(GatePruning.Input.capture(s), 4);

        assertEquals(List.of("block5", "block9", "block2", "block7"), r.removed().stream().map(b -> b.block().block()).toList());
        double[] g = r.removed().stream().mapToDouble(b -> b.block().g()).toArray();
        assertArrayEquals(new double[] {0.0, 0.0, 0.05, 0.1}, g, 1e-7, "float weights");
        assertEquals(-2.0, r.removed().get(0).block().k(), 0.0);
        assertEquals(10, r.gates().size());
        for (GatePruning.RemovedBlock b : r.removed()) assertEquals(BLOCK_PARAMS, b.params(), b.block().block());
        assertEquals(4 * BLOCK_PARAMS, r.paramsSaved());
        assertEquals(ShapeInference.analyze(r.pruned()).totalParams(), r.paramsAfter());
        assertTrue(ShapeInference.analyze(r.pruned()).valid());
        assertEquals(10 - 4, r.pruned().nodes().stream().filter(n -> n.layer() instanceof reslab.engine.spec.GateSpec).count());
    }

    @Test
    void accuracyBeforeIsTheSessionsOwnTestEvaluation() {
        TrainingSession s = trained("gated-mlp-10");
        GatePruning.Result r = GatePruning.removeLowest(GatePruning.Input.capture(s), 2);
        double[] own = s.evaluate();
        assertEquals(own[0], r.before().loss(), 0.0);
        assertEquals(own[1], r.accuracyBefore(), 0.0);
        assertEquals(MNIST.test().size(), r.before().examples());
        assertTrue(r.accuracyBefore() > 0.3, "a few steps already beat chance on MNIST: " + r.accuracyBefore());
    }

    @Test
    void theRunningSessionIsUntouched() {
        TrainingSession s = trained("gated-mlp-10");
        NetworkWeights before = NetworkWeights.of(s.network());
        GatePruning.removeLowest(GatePruning.Input.capture(s), 5);
        NetworkWeights after = NetworkWeights.of(s.network());
        for (String key : before.parameterKeys()) {
            assertArrayEquals(before.parameter(key).castTo(DataType.DOUBLE).data().asDouble(),
                    after.parameter(key).castTo(DataType.DOUBLE).data().asDouble(), 0.0, key);
        }
        assertTrue(s.network().spec().node("block1.gate").isPresent());
        s.step(); // and it trains on
        assertEquals(STEPS + 1, s.stepCount());
    }

    @Test
    void theGatesPruningRanksAreThoseTheLastSnapshotShows() {
        Template t = Templates.find("gated-resnet-mlp-10").orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), MNIST, t.training().withEvalEvery(0), 1);
        reslab.engine.telemetry.StepSnapshot last = null;
        for (int i = 0; i < 5; i++) last = s.step();
        List<GatePruning.GatedBlock> gates = GatePruning.gates(NetworkWeights.of(s.network()));
        assertEquals(10, gates.size());
        for (GatePruning.GatedBlock g : gates) {
            double shown = last.node(g.gate()).orElseThrow().gate();
            assertEquals(g.g(), shown, 0.0, g.gate() + ": telemetry's gate is g after the step's update");
        }
        assertTrue(gates.stream().anyMatch(g -> g.g() != 1.0), "the gates moved from their initial 1");
    }

    @Test
    void askingForMoreBlocksThanThereAreFails() {
        TrainingSession s = trained("gated-mlp-2");
        GatePruning.Input in = GatePruning.Input.capture(s);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GatePruning.removeLowest(in, 3))
                .getMessage().contains("has 2 gated blocks"));
        assertThrows(IllegalArgumentException.class, () -> GatePruning.remove(in, List.of("fc0")));
    }

    @Test
    void gateValuesAreReLUOfK() {
        TrainingSession s = trained("gated-mlp-2");
        setK(s, "block1.gate", -0.25);
        setK(s, "block2.gate", 0.75);
        List<GatePruning.GatedBlock> g = GatePruning.gates(NetworkWeights.of(s.network()));
        assertEquals(List.of("block1.gate", "block2.gate"), g.stream().map(GatePruning.GatedBlock::gate).toList());
        assertEquals(0.0, g.get(0).g(), 0.0);
        assertEquals(-0.25, g.get(0).k(), 1e-7);
        assertEquals(0.75, g.get(1).g(), 1e-7);
    }
}
