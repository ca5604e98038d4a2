package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.data.Dataset;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * A NaN or infinity in the loss, a gradient or a weight stops the step before anything is
 * written, and names where it appeared. Each case is produced for real: poisoned data, a
 * gradient that overflows float while the loss stays finite, an update that overflows a weight,
 * and a learning rate far too large.
 */
class DivergenceTest {
    /** input(2) -> hidden: Dense(4) -> out: Dense(2), float. */
    private static final NetworkSpec TINY = new NetworkSpec("tiny", List.of(
            NodeSpec.of("input", new InputSpec(Shape.of(2))),
            NodeSpec.of("hidden", new DenseSpec(4, Init.GLOROT_UNIFORM), "input"),
            NodeSpec.of("out", new DenseSpec(2, Init.GLOROT_UNIFORM), "hidden")), "out", LossKind.SOFTMAX_CROSS_ENTROPY);

    /** Eight copies of (x0, x1) labelled 1. */
    private static Split data(float x0, float x1) {
        float[] f = new float[16];
        int[] y = new int[8];
        for (int i = 0; i < 8; i++) {
            f[2 * i] = x0;
            f[2 * i + 1] = x1;
            y[i] = 1;
        }
        Dataset d = new Dataset("eight", Shape.of(2), 2, f, y);
        return new Split(d, d);
    }

    private static TrainingSession session(Split data, OptimizerConfig optimizer) {
        TrainingConfig c = TrainingConfig.defaults(3).withBatchSize(8).withOptimizer(optimizer).withEvalEvery(0);
        return new TrainingSession(TINY, data, c, 1);
    }

    private static void set(TrainingSession s, String key, float[][] rows) {
        s.network().parameter(key).value().assign(Nd4j.create(rows));
    }

    private static List<INDArray> weights(TrainingSession s) {
        List<INDArray> w = new ArrayList<>();
        for (Parameter p : s.network().parameters()) w.add(p.value().dup());
        return w;
    }

    private static void assertUnchanged(List<INDArray> before, TrainingSession s, Optimizer.OptimizerState state, long steps) {
        List<Parameter> ps = s.network().parameters();
        for (int i = 0; i < ps.size(); i++) assertEquals(before.get(i), ps.get(i).value(), ps.get(i).key() + " changed by a diverged step");
        Optimizer.OptimizerState now = s.optimizer().state();
        assertEquals(state.steps(), now.steps(), "optimizer step count");
        for (String key : state.slots().keySet()) {
            for (String slot : state.slots().get(key).keySet()) {
                assertEquals(state.slots().get(key).get(slot), now.slots().get(key).get(slot), key + " " + slot);
            }
        }
        assertEquals(steps, s.stepCount(), "a diverged step is not counted");
    }

    @Test
    void aNanInTheDataFailsTheStepAtTheLossKeepingWeightsAndMomentum() {
        // 16 examples, one with a NaN feature, batches of 4: the batches before it train normally.
        float[] f = new float[32];
        int[] y = new int[16];
        for (int i = 0; i < 16; i++) {
            f[2 * i] = i / 8f - 1;
            f[2 * i + 1] = 1;
            y[i] = i % 2;
        }
        f[2 * 12 + 1] = Float.NaN;
        Dataset d = new Dataset("poisoned", Shape.of(2), 2, f, y);
        TrainingConfig c = TrainingConfig.defaults(3).withBatchSize(4).withEvalEvery(0);
        TrainingSession s = new TrainingSession(TINY, new Split(d, d), c, 1);
        DivergenceException e = null;
        List<INDArray> before = null;
        Optimizer.OptimizerState state = null;
        while (e == null && s.stepCount() < 4) {
            before = weights(s);
            state = s.optimizer().state();
            try {
                s.step();
            } catch (DivergenceException x) {
                e = x;
            }
        }
        assertNotNull(e, "the poisoned example is in one of the first epoch's four batches");
        assertTrue(s.stepCount() > 0, "this seed puts a clean batch first, so momentum has a velocity to keep");
        assertEquals(DivergenceException.Kind.LOSS, e.kind());
        assertEquals("loss", e.where());
        assertEquals("input", e.layer(), "the NaN was in the data, before any layer");
        assertTrue(e.getMessage().contains("input data"), e.getMessage());
        assertUnchanged(before, s, state, s.stepCount());
    }

    @Test
    void aGradientThatOverflowsWithAFiniteLossIsCaughtAndNamed() {
        // x0 = 3e38 meets a zero row of hidden.W, so the forward pass is finite (loss 80); but
        // dL/dW[0,:] = sum over the batch of x0 * delta = 8 * 3e38 * 25 overflows float.
        TrainingSession s = session(data(3e38f, 1), OptimizerConfig.momentum(0.1, 0.9));
        set(s, "hidden.W", new float[][] {{0, 0, 0, 0}, {0.1f, 0.1f, 0.1f, 0.1f}});
        s.network().parameter("hidden.b").value().assign(0);
        set(s, "out.W", new float[][] {{100, -100}, {100, -100}, {100, -100}, {100, -100}});
        List<INDArray> before = weights(s);
        DivergenceException e = assertThrows(DivergenceException.class, s::step);
        assertEquals(DivergenceException.Kind.GRADIENT, e.kind(), e.getMessage());
        assertEquals("gradient of hidden.W", e.where());
        assertEquals("hidden", e.layer());
        assertUnchanged(before, s, s.optimizer().state(), 0);
    }

    @Test
    void whenGradientsOverflowInTwoLayersTheOneBackpropagationReachedFirstIsNamed() {
        // input -> first (identity) -> hidden -> out, x0 = 3e38: hidden.W's gradient overflows as in
        // the test above, and first.W's too (x0 times the delta 10 that reaches first's second unit).
        // Backward computes hidden's gradient before first's, so hidden is where it appeared.
        NetworkSpec three = new NetworkSpec("three", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(2))),
                NodeSpec.of("first", new DenseSpec(2, Init.GLOROT_UNIFORM), "input"),
                NodeSpec.of("hidden", new DenseSpec(4, Init.GLOROT_UNIFORM), "first"),
                NodeSpec.of("out", new DenseSpec(2, Init.GLOROT_UNIFORM), "hidden")), "out", LossKind.SOFTMAX_CROSS_ENTROPY);
        TrainingConfig c = TrainingConfig.defaults(3).withBatchSize(8).withEvalEvery(0);
        TrainingSession s = new TrainingSession(three, data(3e38f, 1), c, 1);
        set(s, "first.W", new float[][] {{1, 0}, {0, 1}});
        s.network().parameter("first.b").value().assign(0);
        set(s, "hidden.W", new float[][] {{0, 0, 0, 0}, {0.1f, 0.1f, 0.1f, 0.1f}});
        s.network().parameter("hidden.b").value().assign(0);
        set(s, "out.W", new float[][] {{100, -100}, {100, -100}, {100, -100}, {100, -100}});
        DivergenceException e = assertThrows(DivergenceException.class, s::step);
        assertEquals(DivergenceException.Kind.GRADIENT, e.kind(), e.getMessage());
        assertEquals("hidden", e.layer(), e.getMessage());
        assertTrue(Double.isInfinite(s.network().parameter("first.W").grad().getDouble(0, 1)), "precondition: first.W overflowed too");
    }

    /** Plain SGD, lr 1, weight decay 2.5: every weight becomes -1.5 W, which overflows for |W| > 2.3e38. */
    private static TrainingSession decaying() {
        // x0 = 0, so hidden.W[0,:] neither affects the forward pass nor gets a gradient.
        return session(data(0, 1), OptimizerConfig.sgd(1).withWeightDecay(2.5));
    }

    @Test
    void anUpdateThatOverflowsAWeightIsNotAppliedAndNamesTheLayer() {
        TrainingSession s = decaying();
        s.step(); // one good step: weights scaled by -1.5 plus the gradient step
        s.network().parameter("hidden.W").value().putScalar(0, 0, 3e38f);
        List<INDArray> before = weights(s);
        Optimizer.OptimizerState state = s.optimizer().state();
        DivergenceException e = assertThrows(DivergenceException.class, s::step);
        assertEquals(DivergenceException.Kind.WEIGHT, e.kind(), e.getMessage());
        assertEquals("weight hidden.W", e.where());
        assertEquals("hidden", e.layer());
        assertUnchanged(before, s, state, 1);
    }

    @Test
    void overflowingWeightsInTwoLayersNameTheFirstInForwardOrder() {
        // Unit 3 of hidden outputs 0, so a huge row 3 of out.W changes no logit and its delta
        // contributions cancel (softmax gradients sum to 0); decay still overflows it.
        TrainingSession outOnly = decaying();
        deadUnitWithHugeOutgoingWeights(outOnly);
        DivergenceException e = assertThrows(DivergenceException.class, outOnly::step);
        assertEquals("weight out.W", e.where(), e.getMessage());
        assertEquals("out", e.layer());

        TrainingSession both = decaying();
        deadUnitWithHugeOutgoingWeights(both);
        both.network().parameter("hidden.W").value().putScalar(0, 0, 3e38f);
        DivergenceException first = assertThrows(DivergenceException.class, both::step);
        assertEquals("hidden", first.layer(), first.getMessage());
    }

    private static void deadUnitWithHugeOutgoingWeights(TrainingSession s) {
        INDArray w = s.network().parameter("hidden.W").value();
        w.putScalar(0, 3, 0f);
        w.putScalar(1, 3, 0f);
        s.network().parameter("hidden.b").value().assign(0);
        INDArray out = s.network().parameter("out.W").value();
        out.putScalar(3, 0, 3e38f);
        out.putScalar(3, 1, 3e38f);
    }

    @Test
    void aHugeLearningRateDivergesWithinAFewStepsKeepingTheLastGoodWeights() {
        Template relu = Templates.find("chain-relu-4").orElseThrow();
        TrainingConfig c = relu.training().withLearningRate(1e6).withTelemetry(false).withEvalEvery(0);
        TrainingSession s = new TrainingSession(relu.spec(), DatasetCatalog.load("spirals").orElseThrow(), c, 1);
        List<INDArray> lastGood = weights(s);
        Optimizer.OptimizerState lastState = s.optimizer().state();
        DivergenceException e = null;
        for (int i = 0; i < 50 && e == null; i++) {
            try {
                s.step();
                lastGood = weights(s);
                lastState = s.optimizer().state();
            } catch (DivergenceException d) {
                e = d;
            }
        }
        assertNotNull(e, "a learning rate of 1e6 should diverge within 50 steps");
        assertNotNull(e.layer(), e.getMessage());
        assertTrue(e.getMessage().contains("step " + s.stepCount()), e.getMessage());
        assertUnchanged(lastGood, s, lastState, s.stepCount());
    }
}
