package reslab.engine.train;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The settings of one training run; with the same config, design and data the loss curve repeats.
 *
 * @param telemetry compute per-node telemetry every step (loss and accuracy always)
 * @param optimizer the update rule, its base learning rate and weight decay
 * @param schedule  how the learning rate changes with the step
 * @param evalEvery evaluate on the test split every this many steps (at steps 0, N, 2N, ...);
 *                  0 never
 */
public record TrainingConfig(long seed, int batchSize, DataType dataType, boolean telemetry,
                             OptimizerConfig optimizer, LearningRateSchedule schedule, int evalEvery) {
    public static final int DEFAULT_BATCH = 64;
    public static final int DEFAULT_EVAL_EVERY = 100;

    public TrainingConfig {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, got " + dataType);
        }
        if (optimizer == null) throw new IllegalArgumentException("optimizer is missing");
        if (schedule == null) throw new IllegalArgumentException("learning-rate schedule is missing (use LearningRateSchedule.constant())");
        if (evalEvery < 0) throw new IllegalArgumentException("evaluation period must be 0 (never) or positive, got " + evalEvery);
    }

    /**
     * SGD with momentum (plain SGD when {@code momentum} is 0), constant rate, evaluation every
     * {@link #DEFAULT_EVAL_EVERY} steps: the settings of the first engine, kept for its callers.
     */
    public TrainingConfig(long seed, int batchSize, double learningRate, double momentum, DataType dataType, boolean telemetry) {
        this(seed, batchSize, dataType, telemetry,
                momentum == 0 ? OptimizerConfig.sgd(learningRate) : OptimizerConfig.momentum(learningRate, momentum),
                LearningRateSchedule.constant(), DEFAULT_EVAL_EVERY);
    }

    /** Batch 64, SGD with momentum 0.9 at learning rate 0.1, float, telemetry on. */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(seed, DEFAULT_BATCH, 0.1, 0.9, DataType.FLOAT, true);
    }

    /** The base learning rate (step 0; the schedule scales it later). */
    public double learningRate() {
        return optimizer.learningRate();
    }

    /** Momentum of MOMENTUM and NESTEROV, 0 for the other optimizers. */
    public double momentum() {
        return optimizer.momentum();
    }

    /** The learning rate of step {@code step} (0-based). */
    public double learningRateAt(long step) {
        return schedule.rate(optimizer.learningRate(), step);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(s, batchSize, dataType, telemetry, optimizer, schedule, evalEvery);
    }

    public TrainingConfig withTelemetry(boolean on) {
        return new TrainingConfig(seed, batchSize, dataType, on, optimizer, schedule, evalEvery);
    }

    public TrainingConfig withBatchSize(int n) {
        return new TrainingConfig(seed, n, dataType, telemetry, optimizer, schedule, evalEvery);
    }

    public TrainingConfig withDataType(DataType dt) {
        return new TrainingConfig(seed, batchSize, dt, telemetry, optimizer, schedule, evalEvery);
    }

    public TrainingConfig withOptimizer(OptimizerConfig o) {
        return new TrainingConfig(seed, batchSize, dataType, telemetry, o, schedule, evalEvery);
    }

    public TrainingConfig withLearningRate(double lr) {
        return withOptimizer(optimizer.withLearningRate(lr));
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(seed, batchSize, dataType, telemetry, optimizer, s, evalEvery);
    }

    public TrainingConfig withEvalEvery(int n) {
        return new TrainingConfig(seed, batchSize, dataType, telemetry, optimizer, schedule, n);
    }
}
