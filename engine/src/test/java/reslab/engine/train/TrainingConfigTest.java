package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

class TrainingConfigTest {
    private static void rejects(String words, Supplier<?> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().contains(words), "message '" + e.getMessage() + "' should mention '" + words + "'");
    }

    @Test
    void defaultsAreTheFirstEnginesSettings() {
        TrainingConfig c = TrainingConfig.defaults(5);
        assertEquals(5, c.seed());
        assertEquals(64, c.batchSize());
        assertEquals(0.1, c.learningRate());
        assertEquals(0.9, c.momentum());
        assertEquals(OptimizerKind.MOMENTUM, c.optimizer().kind());
        assertEquals(DataType.FLOAT, c.dataType());
        assertTrue(c.schedule().isConstant());
        assertEquals(TrainingConfig.DEFAULT_EVAL_EVERY, c.evalEvery());
        assertEquals(c, new TrainingConfig(5, 64, 0.1, 0.9, DataType.FLOAT, true), "the old constructor means the same");
        assertEquals(OptimizerKind.SGD, new TrainingConfig(5, 64, 0.1, 0, DataType.FLOAT, true).optimizer().kind());
    }

    @Test
    void withersChangeOneThing() {
        TrainingConfig c = TrainingConfig.defaults(1).withBatchSize(8).withLearningRate(0.01).withEvalEvery(7)
                .withOptimizer(OptimizerConfig.adam(3e-4)).withSchedule(LearningRateSchedule.stepEvery(10, 0.5));
        assertEquals(8, c.batchSize());
        assertEquals(7, c.evalEvery());
        assertEquals(OptimizerKind.ADAM, c.optimizer().kind());
        assertEquals(3e-4, c.learningRate());
        assertEquals(0.0, c.momentum());
        assertEquals(1.5e-4, c.learningRateAt(10), 1e-18);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void learningRatesThatAreNotPositiveNumbersAreRejected(double lr) {
        rejects("learning rate", () -> new TrainingConfig(1, 8, lr, 0.9, DataType.FLOAT, true));
        rejects("learning rate", () -> OptimizerConfig.adam(lr));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void momentumOutsideZeroToOneIsRejected(double mu) {
        rejects("momentum must be in [0, 1)", () -> OptimizerConfig.momentum(0.1, mu));
        rejects("momentum must be in [0, 1)", () -> new TrainingConfig(1, 8, 0.1, mu, DataType.FLOAT, true));
    }

    @Test
    void eachSettingIsCheckedWithAMessageNamingIt() {
        rejects("batch size must be positive", () -> TrainingConfig.defaults(1).withBatchSize(0));
        rejects("evaluation period", () -> TrainingConfig.defaults(1).withEvalEvery(-1));
        rejects("data type", () -> TrainingConfig.defaults(1).withDataType(DataType.INT));
        rejects("Nesterov momentum needs a momentum above 0", () -> OptimizerConfig.nesterov(0.1, 0));
        rejects("sgd has no momentum", () -> OptimizerConfig.sgd(0.1).withMomentum(0.9));
        rejects("beta1", () -> OptimizerConfig.adam(0.1).withBetas(1.0, 0.999));
        rejects("beta2", () -> OptimizerConfig.adam(0.1).withBetas(0.9, -0.1));
        rejects("epsilon", () -> OptimizerConfig.adam(0.1).withEpsilon(0));
        rejects("weight decay", () -> OptimizerConfig.sgd(0.1).withWeightDecay(-0.1));
        rejects("weight decay", () -> OptimizerConfig.sgd(0.1).withWeightDecay(Double.NaN));
        rejects("unknown optimizer 'rmsprop'", () -> OptimizerKind.parse("rmsprop"));
    }

    @Test
    void kindsParseFromTheirIds() {
        for (OptimizerKind k : OptimizerKind.values()) assertEquals(k, OptimizerKind.parse(k.id().toUpperCase()));
        assertEquals(0.9, OptimizerConfig.sgd(0.1).withKind(OptimizerKind.NESTEROV).momentum());
        assertEquals(0.5, OptimizerConfig.momentum(0.1, 0.5).withKind(OptimizerKind.NESTEROV).momentum());
        assertEquals(0.0, OptimizerConfig.momentum(0.1, 0.5).withKind(OptimizerKind.ADAM).momentum());
    }

    // ---- schedule ----

    @Test
    void stepScheduleMultipliesByGammaEveryNSteps() {
        LearningRateSchedule s = LearningRateSchedule.stepEvery(3, 0.5);
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25};
        for (int t = 0; t < expected.length; t++) assertEquals(expected[t], s.rate(1.0, t), 1e-15, "step " + t);
    }

    @Test
    void milestoneScheduleMultipliesAtEachMilestone() {
        // The ResNet paper's CIFAR schedule: 0.1, divided by 10 at 32k and 48k iterations.
        LearningRateSchedule s = LearningRateSchedule.atMilestones(0.1, List.of(32_000L, 48_000L));
        assertEquals(0.1, s.rate(0.1, 31_999), 1e-15);
        assertEquals(0.01, s.rate(0.1, 32_000), 1e-15);
        assertEquals(0.01, s.rate(0.1, 47_999), 1e-15);
        assertEquals(0.001, s.rate(0.1, 48_000), 1e-15);
        assertEquals(0.1, LearningRateSchedule.constant().rate(0.1, 1_000_000));
    }

    @Test
    void badSchedulesAreRejected() {
        rejects("increasing", () -> LearningRateSchedule.atMilestones(0.1, List.of(5L, 5L)));
        rejects("increasing", () -> LearningRateSchedule.atMilestones(0.1, List.of(0L)));
        rejects("period must be positive", () -> LearningRateSchedule.stepEvery(0, 0.1));
        rejects("gamma", () -> LearningRateSchedule.stepEvery(10, 0));
        rejects("not both", () -> new LearningRateSchedule(10, List.of(20L), 0.1));
    }
}
