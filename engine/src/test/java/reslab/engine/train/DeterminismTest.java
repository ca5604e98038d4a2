package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
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
