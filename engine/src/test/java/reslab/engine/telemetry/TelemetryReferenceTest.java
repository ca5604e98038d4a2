package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static reslab.engine.testutil.ReferenceNetwork.count;
import static reslab.engine.testutil.ReferenceNetwork.norm;
import static reslab.engine.testutil.ReferenceNetwork.rms;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import reslab.engine.data.Dataset;
import reslab.engine.data.Split;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;
import reslab.engine.testutil.ReferenceNetwork;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Templates;

/**
 * The numbers the UI shows, checked against {@link ReferenceNetwork}. The training set is
 * exactly one batch, so the session's shuffled batch holds the same examples as the
 * reference's: every metric is a sum or mean over the batch and ignores the order.
 */
class TelemetryReferenceTest {
    private static final int EXAMPLES = 16;
    private static final double LR = 0.1, MOMENTUM = 0.9;
    /** Double session against double reference: only the summation order differs. */
    private static final double TIGHT = 1e-9;

    /** 2-D points spread wide enough (std 10) that the first sigmoid layer partly saturates. */
    private static Dataset points() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] f = new float[EXAMPLES * 2];
        int[] y = new int[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            f[2 * i] = (float) (10 * rng.nextGaussian());
            f[2 * i + 1] = (float) (10 * rng.nextGaussian());
            y[i] = f[2 * i] * f[2 * i + 1] > 0 ? 1 : 0;
        }
        return new Dataset("points", Shape.of(2), 2, f, y);
    }

    private static double[][] features(Dataset d) {
        double[][] x = new double[d.size()][2];
        for (int i = 0; i < d.size(); i++) for (int j = 0; j < 2; j++) x[i][j] = d.feature(i, j);
        return x;
    }

    private static int[] labels(Dataset d) {
        int[] y = new int[d.size()];
        for (int i = 0; i < y.length; i++) y[i] = d.label(i);
        return y;
    }

    private static NetworkSpec template(String id) {
        return Templates.find(id).orElseThrow().spec();
    }

    private static TrainingSession session(NetworkSpec spec, DataType dt) {
        Dataset d = points();
        return new TrainingSession(spec, new Split(d, d), new TrainingConfig(1, EXAMPLES, LR, MOMENTUM, dt, true), 1);
    }

    /** The reference starts from the session's initial weights. */
    private static ReferenceNetwork referenceOf(TrainingSession s) {
        ReferenceNetwork ref = new ReferenceNetwork(s.network().spec());
        for (Parameter p : s.network().parameters()) {
            if (p.role() == Parameter.Role.WEIGHT) ref.weights.put(p.key(), p.value().toDoubleMatrix());
            else ref.biases.put(p.key(), p.value().toDoubleVector());
        }
        return ref;
    }

    private static void assertClose(double expected, double actual, double relTol, String what) {
        double err = Math.abs(expected - actual);
        if (!(err <= relTol * Math.abs(expected) || err <= 1e-12)) {
            fail(what + ": expected " + expected + " but telemetry shows " + actual
                    + " (relative error " + err / Math.abs(expected) + ")");
        }
    }

    private static NodeTelemetry node(StepSnapshot s, String id) {
        return s.node(id).orElseThrow(() -> new AssertionError("no telemetry for node " + id));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-sigmoid-4", "chain-sigmoid-4-residual", "chain-relu-4", "chain-tanh-4"})
    void lossAndAccuracyMatchReference(String id) {
        TrainingSession s = session(template(id), DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        assertClose(ref.loss, snap.loss(), TIGHT, "loss");
        assertEquals(ref.accuracy, snap.accuracy(), 0.0, "accuracy");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-sigmoid-4", "chain-sigmoid-4-residual", "chain-relu-4", "chain-tanh-4"})
    void deltaRmsOfEveryNodeMatchesReference(String id) {
        NetworkSpec spec = template(id);
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        for (NodeSpec n : spec.nodes()) {
            if (n.inputs().isEmpty()) {
                assertTrue(snap.node(n.id()).isEmpty(), "the input node has no telemetry");
                continue;
            }
            assertClose(rms(ref.deltas.get(n.id())), node(snap, n.id()).deltaRms(), TIGHT, n.id() + " delta_rms");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-sigmoid-4", "chain-sigmoid-4-residual", "chain-relu-4"})
    void weightAndBiasGradientNormsMatchReference(String id) {
        NetworkSpec spec = template(id);
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        int dense = 0;
        for (NodeSpec n : spec.nodes()) {
            NodeTelemetry t = snap.node(n.id()).orElse(null);
            if (!(n.layer() instanceof DenseSpec)) {
                if (t != null) assertFalse(t.hasWeights(), n.id() + " has no weights");
                continue;
            }
            dense++;
            double[][] gw = ref.weightGrads.get(n.id() + ".W");
            assertClose(norm(gw), t.weightGradNorm(), TIGHT, n.id() + " weight_grad_norm");
            assertClose(norm(gw) / Math.sqrt(count(gw)), t.weightGradRms(), TIGHT, n.id() + " weight_grad_rms");
            assertClose(norm(ref.biasGrads.get(n.id() + ".b")), t.biasGradNorm(), TIGHT, n.id() + " bias_grad_norm");
        }
        assertEquals(5, dense, "4 hidden layers and the output");
        assertEquals(5, snap.weightedLayers().size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-sigmoid-4", "chain-sigmoid-4-residual", "chain-relu-4", "chain-tanh-4"})
    void activationMeanAndStdMatchReference(String id) {
        NetworkSpec spec = template(id);
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        for (NodeSpec n : spec.nodes()) {
            if (n.inputs().isEmpty()) continue;
            double[][] y = ref.outputs.get(n.id());
            assertClose(ReferenceNetwork.mean(y), node(snap, n.id()).actMean(), TIGHT, n.id() + " act_mean");
            assertClose(ReferenceNetwork.std(y), node(snap, n.id()).actStd(), TIGHT, n.id() + " act_std");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-sigmoid-4", "chain-sigmoid-4-residual"})
    void sigmoidSaturatedFractionMatchesReference(String id) {
        NetworkSpec spec = template(id);
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        boolean someSaturated = false;
        for (NodeSpec n : spec.nodes()) {
            NodeTelemetry t = snap.node(n.id()).orElse(null);
            if (n.layer() instanceof SigmoidSpec) {
                double expected = ReferenceNetwork.sigmoidSaturated(ref.outputs.get(n.id()));
                someSaturated |= expected > 0 && expected < 1;
                assertEquals(expected, t.saturatedFrac(), 1e-12, n.id() + " saturated_frac");
            } else if (t != null) {
                assertTrue(Double.isNaN(t.saturatedFrac()), n.id() + " is not a sigmoid: saturated_frac does not apply");
            }
        }
        assertTrue(someSaturated, "test data should saturate some but not all units of some layer");
    }

    @Test
    void tanhSaturatedFractionMatchesReference() {
        NetworkSpec spec = template("chain-tanh-4");
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        boolean someSaturated = false;
        for (NodeSpec n : spec.nodes()) {
            if (!(n.layer() instanceof TanhSpec)) continue;
            double expected = ReferenceNetwork.tanhSaturated(ref.outputs.get(n.id()));
            someSaturated |= expected > 0 && expected < 1;
            assertEquals(expected, node(snap, n.id()).saturatedFrac(), 1e-12, n.id() + " saturated_frac");
        }
        assertTrue(someSaturated, "test data should saturate some but not all units of some layer");
    }

    @Test
    void reluDeadFractionMatchesReference() {
        NetworkSpec spec = template("chain-relu-4");
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        boolean someDead = false;
        for (NodeSpec n : spec.nodes()) {
            NodeTelemetry t = snap.node(n.id()).orElse(null);
            if (n.layer() instanceof ReluSpec) {
                double expected = ReferenceNetwork.dead(ref.outputs.get(n.id()));
                someDead |= expected > 0;
                assertEquals(expected, t.deadFrac(), 1e-12, n.id() + " dead_frac");
            } else if (t != null) {
                assertTrue(Double.isNaN(t.deadFrac()), n.id() + " is not a ReLU: dead_frac does not apply");
            }
        }
        assertTrue(someDead, "test data should leave some ReLU unit dead over the batch");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-sigmoid-4", "chain-sigmoid-4-residual", "chain-relu-4"})
    void updateRatiosOfTheFirstTwoStepsMatchSgdWithMomentum(String id) {
        NetworkSpec spec = template(id);
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork ref = referenceOf(s);
        ReferenceNetwork.Momentum sgd = new ReferenceNetwork.Momentum(LR, MOMENTUM);
        for (int step = 0; step < 2; step++) {
            sgd.step(ref, ref.forwardBackward(features(points()), labels(points())));
            StepSnapshot snap = s.step();
            assertEquals(step, snap.step());
            for (NodeSpec n : spec.nodes()) {
                NodeTelemetry t = snap.node(n.id()).orElse(null);
                if (n.layer() instanceof DenseSpec) {
                    assertClose(sgd.updateRatios.get(n.id() + ".W"), t.updateRatio(), TIGHT,
                            "step " + step + " " + n.id() + " update_ratio");
                } else if (t != null) {
                    assertTrue(Double.isNaN(t.updateRatio()), n.id() + " has no weights to update");
                }
            }
        }
        // After two updates the weights themselves agree too.
        for (Parameter p : s.network().parameters()) {
            double[][] expected = p.role() == Parameter.Role.WEIGHT ? ref.weights.get(p.key())
                    : new double[][] {ref.biases.get(p.key())};
            double[][] actual = p.value().toDoubleMatrix();
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < expected[i].length; j++) {
                    assertClose(expected[i][j], actual[i][j], 1e-9, p.key() + "[" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void previewShowsTheGradientsAtTheCurrentWeightsWithoutAnUpdateRatio() {
        NetworkSpec spec = template("chain-sigmoid-4");
        TrainingSession s = session(spec, DataType.DOUBLE);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot preview = s.preview();
        assertTrue(preview.preview());
        assertEquals(0, preview.step());
        NodeTelemetry d1 = node(preview, "dense1");
        assertClose(rms(ref.deltas.get("dense1")), d1.deltaRms(), TIGHT, "dense1 delta_rms");
        assertClose(norm(ref.weightGrads.get("dense1.W")), d1.weightGradNorm(), TIGHT, "dense1 weight_grad_norm");
        assertTrue(Double.isNaN(d1.updateRatio()), "a preview applies no update");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-sigmoid-4", "chain-sigmoid-4-residual"})
    void defaultFloatSessionAgreesWithDoubleReferenceLoosely(String id) {
        NetworkSpec spec = template(id);
        TrainingSession s = session(spec, DataType.FLOAT);
        ReferenceNetwork.Pass ref = referenceOf(s).forwardBackward(features(points()), labels(points()));
        StepSnapshot snap = s.step();
        double loose = 1e-4;
        assertClose(ref.loss, snap.loss(), loose, "loss");
        for (NodeSpec n : spec.nodes()) {
            if (n.inputs().isEmpty()) continue;
            NodeTelemetry t = node(snap, n.id());
            assertClose(rms(ref.deltas.get(n.id())), t.deltaRms(), loose, n.id() + " delta_rms");
            assertClose(ReferenceNetwork.mean(ref.outputs.get(n.id())), t.actMean(), loose, n.id() + " act_mean");
            assertClose(ReferenceNetwork.std(ref.outputs.get(n.id())), t.actStd(), loose, n.id() + " act_std");
            if (n.layer() instanceof DenseSpec) {
                assertClose(norm(ref.weightGrads.get(n.id() + ".W")), t.weightGradNorm(), loose, n.id() + " weight_grad_norm");
                assertClose(norm(ref.biasGrads.get(n.id() + ".b")), t.biasGradNorm(), loose, n.id() + " bias_grad_norm");
            }
        }
    }
}
