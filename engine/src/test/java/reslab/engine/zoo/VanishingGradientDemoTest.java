package reslab.engine.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.train.TrainingSession;

/**
 * What the product must show: at initialisation the backpropagated gradient of a plain
 * 20-layer sigmoid chain vanishes towards the input, and shortcuts keep it alive.
 */
class VanishingGradientDemoTest {
    private static StepSnapshot firstStep(String id) {
        Template t = Templates.find(id).orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), DatasetCatalog.load(t.dataset()).orElseThrow(), t.training(), 1);
        StepSnapshot snap = s.step();
        assertEquals(0, snap.step());
        assertFalse(snap.preview());
        return snap;
    }

    private static double delta(StepSnapshot s, String node) {
        double d = s.node(node).orElseThrow(() -> new AssertionError("no node " + node)).deltaRms();
        assertTrue(Double.isFinite(d), node + " delta_rms is " + d);
        return d;
    }

    @Test
    void plainSigmoidChainLosesTheGradientBeforeTheFirstLayer() {
        StepSnapshot s = firstStep("chain-sigmoid-20");
        double first = delta(s, "dense1"), last = delta(s, "dense20");
        assertTrue(last > 0, "the last hidden layer receives a gradient");
        assertTrue(first < 1e-3 * last, "dense1 delta_rms " + first + " should be below 1e-3 of dense20's " + last);
    }

    @Test
    void residualSigmoidChainKeepsTheGradientAtTheFirstLayer() {
        StepSnapshot s = firstStep("chain-sigmoid-20-residual");
        double first = delta(s, "dense1"), last = delta(s, "dense20");
        assertTrue(first > 0.1 * last, "dense1 delta_rms " + first + " should be above 0.1 of dense20's " + last);
    }

    @Test
    void plainSigmoidChainShrinksTheGradientByAboutAQuarterPerLayer() {
        // DESIGN.md: sqrt(n Var[W] E[sigma'(z)^2]) with Glorot init is about 0.25 per layer.
        StepSnapshot s = firstStep("chain-sigmoid-20");
        double logSum = 0;
        for (int k = 1; k < 20; k++) {
            logSum += Math.log(delta(s, "dense" + k) / delta(s, "dense" + (k + 1)));
        }
        double geometricMean = Math.exp(logSum / 19);
        assertTrue(geometricMean > 0.15 && geometricMean < 0.35, "per-layer ratio " + geometricMean);
    }
}
