package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

class DeterminismTest {
    private static final Template TEMPLATE = Templates.find("chain-sigmoid-4").orElseThrow();
    private static final Split DATA = DatasetCatalog.load(TEMPLATE.dataset()).orElseThrow();

    private static TrainingSession session(long seed) {
        return new TrainingSession(TEMPLATE.spec(), DATA, TEMPLATE.training().withSeed(seed).withTelemetry(false), 1);
    }

    private static double[] lossCurve(long seed, int steps) {
        TrainingSession s = session(seed);
        double[] curve = new double[steps];
        for (int i = 0; i < steps; i++) curve[i] = s.step().loss();
        return curve;
    }

    @Test
    void sameSeedAndConfigGiveTheSameLossCurve() {
        double[] a = lossCurve(11, 100), b = lossCurve(11, 100);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-6, "step " + i);
        assertTrue(a[99] < a[0], "the curve should show training, not a constant");
    }

    private static OptimizerConfig optimizer(OptimizerKind kind) {
        return switch (kind) {
            case SGD -> OptimizerConfig.sgd(0.5);
            case MOMENTUM -> OptimizerConfig.momentum(0.1, 0.9);
            case NESTEROV -> OptimizerConfig.nesterov(0.1, 0.9);
            case ADAM -> OptimizerConfig.adam(0.01);
            case ADAMW -> OptimizerConfig.adamW(0.01, 0.01);
        };
    }

    private static double[] lossCurve(TrainingConfig c, int steps) {
        TrainingSession s = new TrainingSession(TEMPLATE.spec(), DATA, c, 1);
        double[] curve = new double[steps];
        for (int i = 0; i < steps; i++) curve[i] = s.step().loss();
        return curve;
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void everyOptimizerRepeatsItsLossCurveForTheSameSeed(OptimizerKind kind) {
        TrainingConfig c = TEMPLATE.training().withSeed(11).withTelemetry(false).withEvalEvery(10)
                .withOptimizer(optimizer(kind).withWeightDecay(kind == OptimizerKind.ADAMW ? 0.01 : 1e-4))
                .withSchedule(LearningRateSchedule.stepEvery(40, 0.5));
        double[] a = lossCurve(c, 100), b = lossCurve(c, 100);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-6, kind + " step " + i);
        double first = (a[0] + a[1] + a[2]) / 3, last = (a[97] + a[98] + a[99]) / 3;
        assertTrue(last < first, kind + ": the curve should show training, " + first + " -> " + last);
    }

    @Test
    void theOptimizerChoiceChangesTheCurve() {
        TrainingConfig base = TEMPLATE.training().withSeed(11).withTelemetry(false);
        double[] momentum = lossCurve(base.withOptimizer(optimizer(OptimizerKind.MOMENTUM)), 5);
        double[] nesterov = lossCurve(base.withOptimizer(optimizer(OptimizerKind.NESTEROV)), 5);
        double[] adam = lossCurve(base.withOptimizer(optimizer(OptimizerKind.ADAM)), 5);
        assertEquals(momentum[0], nesterov[0], 0.0, "same weights and batch at step 0");
        assertTrue(Math.abs(momentum[4] - nesterov[4]) > 1e-6, "Nesterov differs from momentum");
        assertTrue(Math.abs(momentum[4] - adam[4]) > 1e-6, "Adam differs from momentum");
    }

    @Test
    void differentSeedsGiveDifferentLossCurves() {
        double[] a = lossCurve(11, 100), b = lossCurve(12, 100);
        double largestGap = 0;
        for (int i = 0; i < a.length; i++) largestGap = Math.max(largestGap, Math.abs(a[i] - b[i]));
        assertTrue(largestGap > 1e-3, "curves differ by at most " + largestGap);
    }

    @Test
    void previewUsesTheBatchOfTheNextStepAndChangesNothing() {
        TrainingSession previewed = session(5), plain = session(5);
        StepSnapshot preview = previewed.preview();
        StepSnapshot first = previewed.step();
        StepSnapshot plainFirst = plain.step();
        assertEquals(plainFirst.loss(), preview.loss(), 0.0, "the preview looks at the batch the step will use");
        assertEquals(plainFirst.loss(), first.loss(), 0.0);
        for (int i = 0; i < 5; i++) {
            assertEquals(plain.step().loss(), previewed.step().loss(), 0.0, "later step " + i);
        }
    }

    @Test
    void repeatedPreviewsShowTheSameGradientsAndDoNotCountAsSteps() {
        TrainingSession s = session(5);
        StepSnapshot a = s.preview(), b = s.preview();
        assertEquals(a.loss(), b.loss(), 0.0);
        assertEquals(0, s.stepCount());
        assertEquals(0, s.step().step());
        assertEquals(1, s.stepCount());
    }
}
