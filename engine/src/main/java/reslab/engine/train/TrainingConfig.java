package reslab.engine.train;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The settings of one training run; with the same config and design the loss curve repeats.
 *
 * @param telemetry compute per-node telemetry every step (loss and accuracy always)
 */
public record TrainingConfig(long seed, int batchSize, double learningRate, double momentum,
                             DataType dataType, boolean telemetry) {
    public TrainingConfig {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }

    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(seed, 64, 0.1, 0.9, DataType.FLOAT, true);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(s, batchSize, learningRate, momentum, dataType, telemetry);
    }

    public TrainingConfig withTelemetry(boolean on) {
        return new TrainingConfig(seed, batchSize, learningRate, momentum, dataType, on);
    }
}
