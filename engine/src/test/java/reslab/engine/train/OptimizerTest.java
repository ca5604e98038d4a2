package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Parameter;

/** Each update rule against hand-worked numbers or a plain-Java transcription of PyTorch's formulas. */
class OptimizerTest {
    private static Parameter param(String layer, Parameter.Role role, double... w) {
        return new Parameter(layer, role, Nd4j.create(w, new long[] {1, w.length}, DataType.DOUBLE));
    }

    private static Parameter param(String layer, double... w) {
        return param(layer, Parameter.Role.WEIGHT, w);
    }

    private static void setGrad(Parameter p, double... g) {
        p.grad().assign(Nd4j.create(g, new long[] {1, g.length}, DataType.DOUBLE));
    }

    private static double[] values(Parameter p) {
        return p.value().toDoubleVector();
    }

    /** Gradients for step t of a 4-element parameter, varied in sign and size. */
    private static double[] gradient(int t) {
        return new double[] {0.5 - 0.3 * t, -1 + 0.1 * t * t, 2 * Math.cos(t), 0.01 * (t + 1)};
    }

    // ---- SGD and momentum ----------------------------------------------------------------

    @Test
    void momentumFollowsVelocityEqualsMuVPlusGradient() {
        // Worked by hand with lr 0.1, mu 0.9:
        //   v1 = g1                 = [0.5, -1, 2, 0]      W1 = [0.95, -1.9, 0.3, 3]
        //   v2 = 0.9 v1 + g2        = [1.45, 0.1, 0.8, 2]  W2 = [0.805, -1.91, 0.22, 2.8]
        //   v3 = 0.9 v2 + g3        = [1.305, -1.91, 1.22, 0.8]  W3 = [0.6745, -1.719, 0.098, 2.72]
        Optimizer sgd = OptimizerConfig.momentum(0.1, 0.9).create();
        Parameter p = param("d", 1, -2, 0.5, 3);
        setGrad(p, 0.5, -1, 2, 0);
        sgd.step(List.of(p), 0.1);
        assertArrayEquals(new double[] {0.95, -1.9, 0.3, 3}, values(p), 1e-12);
        setGrad(p, 1, 1, -1, 2);
        sgd.step(List.of(p), 0.1);
        assertArrayEquals(new double[] {0.805, -1.91, 0.22, 2.8}, values(p), 1e-12);
        setGrad(p, 0, -2, 0.5, -1);
        Map<String, Double> norms = sgd.step(List.of(p), 0.1);
        assertArrayEquals(new double[] {0.6745, -1.719, 0.098, 2.72}, values(p), 1e-12);
        double v3 = Math.sqrt(1.305 * 1.305 + 1.91 * 1.91 + 1.22 * 1.22 + 0.8 * 0.8);
        assertEquals(0.1 * v3, norms.get("d.W"), 1e-12, "reported ||delta W|| of the third step");
    }

    @Test
    void plainSgdStepsAlongTheGradient() {
        Optimizer sgd = OptimizerConfig.sgd(0.5).create();
        Parameter p = param("d", 1, 1);
        setGrad(p, 1, -2);
        sgd.step(List.of(p), 0.5);
        sgd.step(List.of(p), 0.5);
        assertArrayEquals(new double[] {1 - 2 * 0.5, 1 + 2 * 0.5 * 2}, values(p), 1e-12);
        assertTrue(sgd.state().slots().values().stream().allMatch(Map::isEmpty), "plain SGD keeps no state");
    }

    @Test
    void eachParameterKeepsItsOwnVelocity() {
        Optimizer sgd = OptimizerConfig.momentum(0.1, 0.9).create();
        Parameter a = param("a", 0, 0), b = param("b", 0, 0);
        setGrad(a, 1, 1);
        sgd.step(List.of(a, b), 0.1);
        setGrad(a, 0, 0);
        sgd.step(List.of(a, b), 0.1);
        assertArrayEquals(new double[] {0, 0}, values(b), 0.0, "b never had a gradient");
        assertArrayEquals(new double[] {-0.1 - 0.09, -0.1 - 0.09}, values(a), 1e-12, "a coasts on its momentum");
    }

    @Test
    void nesterovStepsWithTheGradientPlusMuTimesTheNewVelocity() {
        // torch.optim.SGD(nesterov=True): v = mu v + g; W -= lr (g + mu v).
        double lr = 0.1, mu = 0.9;
        Optimizer opt = OptimizerConfig.nesterov(lr, mu).create();
        double[] w = {1, -2, 0.5, 3}, v = new double[4];
        Parameter p = param("d", w.clone());
        for (int t = 0; t < 5; t++) {
            double[] g = gradient(t);
            setGrad(p, g);
            opt.step(List.of(p), lr);
            for (int i = 0; i < 4; i++) {
                v[i] = mu * v[i] + g[i];
                w[i] -= lr * (g[i] + mu * v[i]);
            }
            assertArrayEquals(w, values(p), 1e-12, "step " + t);
        }
        // First step by hand: v1 = g1, W1 = W0 - lr (1 + mu) g1 = 1 - 0.1 * 1.9 * 0.5.
        Parameter q = param("q", 1);
        setGrad(q, 0.5);
        OptimizerConfig.nesterov(lr, mu).create().step(List.of(q), lr);
        assertEquals(1 - 0.095, values(q)[0], 1e-15);
    }

    @Test
    void sgdWeightDecayIsAddedToTheGradient() {
        // W1 = W0 - lr (g + wd W0) = [2 - 0.1 (1 + 0.5 * 2), -4 - 0.1 (0 - 2)] = [1.8, -3.8]
        Optimizer opt = OptimizerConfig.sgd(0.1).withWeightDecay(0.5).create();
        Parameter p = param("d", 2, -4);
        setGrad(p, 1, 0);
        opt.step(List.of(p), 0.1);
        assertArrayEquals(new double[] {1.8, -3.8}, values(p), 1e-12);
    }

    @Test
    void momentumCarriesTheDecayInItsVelocity() {
        // v1 = g + wd W0 = 0 + 0.1 * 10 = 1; W1 = 10 - 0.5 = 9.5
        // v2 = 0.9 * 1 + 0.1 * 9.5 = 1.85; W2 = 9.5 - 0.925 = 8.575
        Optimizer opt = OptimizerConfig.momentum(0.5, 0.9).withWeightDecay(0.1).create();
        Parameter p = param("d", 10);
        opt.step(List.of(p), 0.5);
        opt.step(List.of(p), 0.5);
        assertEquals(8.575, values(p)[0], 1e-12);
    }

    @Test
    void byDefaultOnlyWeightsDecayNotBiasesBatchNormOrGates() {
        Optimizer opt = OptimizerConfig.sgd(0.1).withWeightDecay(1).create();
        Parameter w = param("d", Parameter.Role.WEIGHT, 1);
        List<Parameter> others = List.of(param("d", Parameter.Role.BIAS, 1), param("bn", Parameter.Role.GAMMA, 1),
                param("bn", Parameter.Role.BETA, 1), param("gate", Parameter.Role.GATE, 1));
        List<Parameter> all = new java.util.ArrayList<>(others);
        all.add(w);
        opt.step(all, 0.1); // every gradient is zero: only decay moves anything
        assertEquals(0.9, values(w)[0], 1e-15);
        for (Parameter p : others) assertEquals(1.0, values(p)[0], 0.0, p.key());
    }

    @Test
    void decayedRolesCanBeChosen() {
        Optimizer opt = OptimizerConfig.sgd(0.1).withWeightDecay(1)
                .withDecayedRoles(EnumSet.of(Parameter.Role.BIAS, Parameter.Role.GAMMA)).create();
        Parameter w = param("d", Parameter.Role.WEIGHT, 1), b = param("d", Parameter.Role.BIAS, 1),
                g = param("bn", Parameter.Role.GAMMA, 1);
        opt.step(List.of(w, b, g), 0.1);
        assertEquals(1.0, values(w)[0], 0.0);
        assertEquals(0.9, values(b)[0], 1e-15);
        assertEquals(0.9, values(g)[0], 1e-15);
    }

    // ---- Adam ----------------------------------------------------------------------------

    /** torch.optim.Adam / AdamW's single-tensor step, transcribed into plain Java. */
    private static void referenceAdam(double[] w, double[] m, double[] v, double[] g, int t, double lr, double wd, boolean decoupled) {
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            if (decoupled) w[i] *= 1 - lr * wd;
            else gi += wd * w[i];
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            double stepSize = lr / (1 - Math.pow(b1, t));
            double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
            w[i] -= stepSize * m[i] / denom;
        }
    }

    @ParameterizedTest
    @EnumSource(value = OptimizerKind.class, names = {"ADAM", "ADAMW"})
    void adamMatchesPyTorchsFormulasOverTenSteps(OptimizerKind kind) {
        double lr = 0.01, wd = 0.05;
        Optimizer opt = OptimizerConfig.adam(lr).withKind(kind).withWeightDecay(wd).create();
        double[] w = {1, -2, 0.5, 3}, m = new double[4], v = new double[4];
        Parameter p = param("d", w.clone());
        for (int t = 1; t <= 10; t++) {
            double[] g = gradient(t);
            setGrad(p, g);
            opt.step(List.of(p), lr);
            referenceAdam(w, m, v, g, t, lr, wd, kind == OptimizerKind.ADAMW);
            assertArrayEquals(w, values(p), 1e-12, kind + " step " + t);
        }
        assertEquals(10, opt.steps());
        assertArrayEquals(m, opt.state().slots().get("d.W").get("m").toDoubleVector(), 1e-15);
        assertArrayEquals(v, opt.state().slots().get("d.W").get("v").toDoubleVector(), 1e-15);
    }

    @Test
    void adamsFirstStepMovesEachWeightByTheLearningRateAgainstItsGradientsSign() {
        // Bias correction makes m/sqrt(v) = g/|g| at t = 1, whatever the gradient's size.
        Optimizer opt = OptimizerConfig.adam(0.001).create();
        Parameter p = param("d", 0, 0, 0);
        setGrad(p, 0.05, -30, 7);
        opt.step(List.of(p), 0.001);
        assertArrayEquals(new double[] {-0.001, 0.001, -0.001}, values(p), 1e-9);
    }

    @Test
    void adamWeightDecayIsL2AndAdamWsIsDecoupled() {
        // Zero gradient, weight 2, lr 0.1, wd 0.5. Adam (L2): g = wd W = 1, so the first step is
        // lr * sign = 0.1 (up to eps). AdamW: m = v = 0, the Adam part is 0; W = 2 (1 - 0.05) = 1.9.
        Parameter a = param("a", 2), b = param("b", 2);
        OptimizerConfig.adam(0.1).withWeightDecay(0.5).create().step(List.of(a), 0.1);
        OptimizerConfig.adamW(0.1, 0.5).create().step(List.of(b), 0.1);
        assertEquals(1.9, values(a)[0], 1e-7);
        assertEquals(1.9, values(b)[0], 1e-15);
        // A second step tells them apart: Adam keeps stepping 0.1 (m, v see g = wd W each time);
        // AdamW only shrinks again: 1.9 * 0.95 = 1.805.
        Parameter c = param("c", 2), d = param("d", 2);
        Optimizer adam = OptimizerConfig.adam(0.1).withWeightDecay(0.5).create();
        Optimizer adamW = OptimizerConfig.adamW(0.1, 0.5).create();
        for (int i = 0; i < 2; i++) {
            adam.step(List.of(c), 0.1);
            adamW.step(List.of(d), 0.1);
        }
        assertEquals(1.805, values(d)[0], 1e-15);
        assertTrue(Math.abs(values(c)[0] - 1.805) > 1e-3, "Adam with L2: " + values(c)[0]);
    }

    // ---- two-phase step, divergence, state --------------------------------------------------

    @Test
    void prepareChangesNothingUntilApply() {
        Optimizer opt = OptimizerConfig.adam(0.1).create();
        Parameter p = param("d", 1, 2);
        setGrad(p, 0.5, -0.5);
        opt.step(List.of(p), 0.1);
        Optimizer.OptimizerState before = opt.state();
        double[] w = values(p);
        setGrad(p, 3, 3);
        Optimizer.Update u = opt.prepare(List.of(p), 0.1);
        assertArrayEquals(w, values(p), 0.0, "weights untouched by prepare");
        assertEquals(before.slots().get("d.W").get("m"), opt.state().slots().get("d.W").get("m"));
        assertEquals(1, opt.steps());
        u.apply();
        assertEquals(2, opt.steps());
        assertEquals(u.updateNorms().get("d.W"), Math.hypot(w[0] - values(p)[0], w[1] - values(p)[1]), 1e-12,
                "moved as far as the reported norm says");
        assertThrows(IllegalStateException.class, u::apply, "an update applies once");
    }

    @Test
    void aNewerPrepareReplacesAnUnappliedUpdate() {
        Optimizer opt = OptimizerConfig.sgd(0.1).create();
        Parameter p = param("d", 1);
        setGrad(p, 1);
        Optimizer.Update stale = opt.prepare(List.of(p), 0.1);
        opt.prepare(List.of(p), 0.1);
        assertThrows(IllegalStateException.class, stale::apply);
    }

    @Test
    void firstNonFiniteNamesTheFirstParameterInTheGivenOrder() {
        // Float weights near the top of the range: W - lr g overflows for b and c, not a.
        Optimizer opt = OptimizerConfig.sgd(1).create();
        Parameter a = new Parameter("a", Parameter.Role.WEIGHT, Nd4j.create(new float[] {1f}, new long[] {1, 1}));
        Parameter b = new Parameter("b", Parameter.Role.WEIGHT, Nd4j.create(new float[] {3e38f}, new long[] {1, 1}));
        Parameter c = new Parameter("c", Parameter.Role.WEIGHT, Nd4j.create(new float[] {3e38f}, new long[] {1, 1}));
        for (Parameter p : List.of(a, b, c)) p.grad().assign(-1e38);
        Optimizer.Update u = opt.prepare(List.of(a, b, c), 1);
        Optimizer.NonFinite bad = u.firstNonFinite().orElseThrow();
        assertEquals("b.W", bad.parameter().key());
        assertEquals("weight", bad.what());
        assertEquals(3e38f, b.value().getFloat(0), 0f, "nothing applied");
        assertThrows(IllegalStateException.class, () -> opt.step(List.of(a, b, c), 1));
    }

    @Test
    void anOverflowingMomentIsReportedAsOptimizerState() {
        // g = 1e30 in float: v = (1 - b2) g^2 = 1e57 is beyond float's range, so v would be
        // infinite while the weight stays finite.
        Optimizer opt = OptimizerConfig.adam(0.1).create();
        Parameter p = new Parameter("d", Parameter.Role.WEIGHT, Nd4j.create(new float[] {1f}, new long[] {1, 1}));
        p.grad().assign(1e30);
        Optimizer.NonFinite bad = opt.prepare(List.of(p), 0.1).firstNonFinite().orElseThrow();
        assertEquals("optimizer state 'v'", bad.what());
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void restoredStateContinuesExactlyAsTheOriginal(OptimizerKind kind) {
        OptimizerConfig config = OptimizerConfig.sgd(0.05).withKind(kind).withWeightDecay(0.01);
        Optimizer original = config.create();
        Parameter p = param("d", 1, -2, 0.5, 3);
        for (int t = 0; t < 3; t++) {
            setGrad(p, gradient(t));
            original.step(List.of(p), 0.05);
        }
        Optimizer.OptimizerState saved = original.state();
        Parameter copy = param("d", values(p));
        Optimizer restored = config.create();
        restored.restore(saved);
        assertEquals(3, restored.steps());
        for (int t = 3; t < 6; t++) {
            setGrad(p, gradient(t));
            setGrad(copy, gradient(t));
            original.step(List.of(p), 0.05);
            restored.step(List.of(copy), 0.05);
            assertArrayEquals(values(p), values(copy), 0.0, kind + " step " + t);
        }
    }

    @Test
    void savedStateIsACopyUnderTheParameterKeysAndNamedSlots() {
        Optimizer opt = OptimizerConfig.momentum(0.1, 0.9).create();
        Parameter p = param("conv3", 1, 2);
        setGrad(p, 1, 1);
        opt.step(List.of(p), 0.1);
        Optimizer.OptimizerState s = opt.state();
        assertEquals(Map.of("conv3.W", List.of("velocity")), Map.of("conv3.W", List.copyOf(s.slots().get("conv3.W").keySet())));
        INDArray v = s.slots().get("conv3.W").get("velocity");
        v.assign(100);
        assertArrayEquals(new double[] {1, 1}, opt.state().slots().get("conv3.W").get("velocity").toDoubleVector(), 0.0);
    }

    @Test
    void stateOfAnotherKindIsRefused() {
        Optimizer adam = OptimizerConfig.adam(0.1).create();
        Optimizer.OptimizerState momentumState = OptimizerConfig.momentum(0.1, 0.9).create().state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(momentumState));
        assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("adam"), e.getMessage());
    }

    @Test
    void gradientsAreReadNotModified() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            Optimizer opt = OptimizerConfig.sgd(0.1).withKind(kind).withWeightDecay(0.3).create();
            Parameter p = param("d", 1, 2);
            setGrad(p, 0.25, -0.5);
            opt.step(List.of(p), 0.1);
            assertArrayEquals(new double[] {0.25, -0.5}, p.grad().toDoubleVector(), 0.0, kind.id());
        }
    }
}
