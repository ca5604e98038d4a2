package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Batches;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** Test-split evaluation every N steps, and the learning-rate schedule inside a session. */
class EvaluationTest {
    private static final Template TEMPLATE = Templates.find("chain-tanh-3").orElseThrow();
    private static final Split DATA = DatasetCatalog.load("spirals").orElseThrow();

    private static TrainingSession session(TrainingConfig c) {
        return new TrainingSession(TEMPLATE.spec(), DATA, c, 1);
    }

    private static TrainingConfig config(int batch, int evalEvery) {
        return TEMPLATE.training().withSeed(4).withBatchSize(batch).withEvalEvery(evalEvery).withTelemetry(false);
    }

    /** Loss and accuracy over the test split in one forward pass, computed here. */
    private static double[] wholeTestSetAtOnce(TrainingSession s) {
        Batches.Batch all = Batches.all(s.data().test(), DataType.FLOAT);
        INDArray logits = s.network().forward(all.x(), false);
        double loss = new SoftmaxCrossEntropy().forward(logits, all.oneHot());
        int correct = 0;
        double[][] rows = logits.toDoubleMatrix();
        for (int i = 0; i < rows.length; i++) {
            int best = rows[i][1] > rows[i][0] ? 1 : 0;
            if (best == all.labels()[i]) correct++;
        }
        s.network().clearCaches();
        return new double[] {loss, (double) correct / rows.length};
    }

    @Test
    void evaluationCoversTheWholeTestSplitInBatches() {
        // 300 test examples in batches of 7: 42 full batches and one of 6.
        TrainingSession s = session(config(7, 5));
        double[] batched = s.evaluate();
        double[] atOnce = wholeTestSetAtOnce(s);
        assertEquals(300, s.data().test().size());
        assertEquals(atOnce[0], batched[0], 1e-6, "mean loss over every test example");
        assertEquals(atOnce[1], batched[1], 1e-12, "accuracy over every test example");
        assertTrue(batched[1] > 0.2 && batched[1] < 0.8, "an untrained net guesses: " + batched[1]);
    }

    @Test
    void snapshotsCarryTestMetricsEveryNStepsAtTheWeightsOfTheirLoss() {
        TrainingSession evaluated = session(config(16, 5)), plain = session(config(16, 0));
        for (int i = 0; i < 12; i++) {
            double[] expected = i % 5 == 0 ? plain.evaluate() : null;
            StepSnapshot a = evaluated.step(), b = plain.step();
            assertEquals(b.loss(), a.loss(), 0.0, "evaluating changes nothing in training, step " + i);
            assertTrue(Double.isNaN(b.testLoss()) && !b.evaluated(), "evaluation off");
            if (expected == null) {
                assertFalse(a.evaluated(), "step " + i);
                assertTrue(Double.isNaN(a.testLoss()) && Double.isNaN(a.testAccuracy()), "step " + i);
            } else {
                assertEquals(expected[0], a.testLoss(), 0.0, "step " + i);
                assertEquals(expected[1], a.testAccuracy(), 0.0, "step " + i);
            }
        }
    }

    @Test
    void testLossFallsAsTheNetworkLearns() {
        TrainingSession s = session(config(32, 100).withOptimizer(OptimizerConfig.adam(0.01)));
        double first = s.step().testLoss();
        StepSnapshot last = null;
        for (int i = 1; i <= 300; i++) last = s.step();
        assertTrue(last.evaluated() && last.step() == 300, "step 300 evaluates");
        assertTrue(last.testLoss() < 0.8 * first, first + " -> " + last.testLoss());
        assertTrue(last.testAccuracy() > 0.6, "accuracy " + last.testAccuracy());
    }

    @Test
    void previewEvaluatesWhenTheNextStepWouldAndTheStepReusesIt() {
        TrainingSession s = session(config(16, 5));
        StepSnapshot preview = s.preview();
        assertTrue(preview.evaluated());
        StepSnapshot first = s.step();
        assertEquals(preview.testLoss(), first.testLoss(), 0.0);
        assertFalse(session(config(16, 0)).preview().evaluated());
    }

    @Test
    void scheduledRateIsTheOneTheOptimizerUses() {
        // Same weights and batches until step 1; at step 1 the scheduled run uses half the rate,
        // so its update is exactly half of the constant run's (plain SGD: delta W = lr g).
        TrainingConfig constant = config(16, 0).withOptimizer(OptimizerConfig.sgd(0.2));
        TrainingConfig halved = constant.withSchedule(LearningRateSchedule.atMilestones(0.5, java.util.List.of(1L)));
        TrainingSession a = session(constant), b = session(halved);
        assertEquals(0.2, b.learningRate());
        a.step();
        b.step();
        assertEquals(0.1, b.learningRate(), 1e-15);
        INDArray w1 = a.network().parameter("dense1.W").value().dup();
        assertEquals(w1, b.network().parameter("dense1.W").value(), "step 0 used the base rate in both");
        a.step();
        b.step();
        INDArray da = w1.sub(a.network().parameter("dense1.W").value());
        INDArray db = w1.sub(b.network().parameter("dense1.W").value());
        assertArrayEquals(da.mul(0.5).ravel().toDoubleVector(), db.ravel().toDoubleVector(), 1e-7);
        assertTrue(da.norm2Number().doubleValue() > 1e-4, "the step moved the weights");
    }
}
