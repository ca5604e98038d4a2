package reslab.engine.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a run needs to go on exactly where it stopped: its settings, the step count,
 * the position of the batch stream, the weights, layer state (batch-norm running statistics),
 * each dropout layer's mask counter, and the optimizer's moments. Arrays are copies, taken
 * between steps ({@link TrainingSession#checkpoint()}); restoring
 * ({@link TrainingSession#restore}) continues with the losses the uninterrupted run would have had.
 *
 * <p>A checkpoint read from a damaged file may lack some entries; restoring then reports them.
 *
 * @param config       the run's settings (seed, batch size, data type, optimizer, schedule)
 * @param dataName     the name of the training split the run read (e.g. "spirals/train"), or null
 * @param step         updates applied so far: the next step is number {@code step}
 * @param batchesDrawn training batches taken from the stream so far
 * @param parameters   value per parameter key ({@code conv1.W}, {@code bn1.gamma}, ...)
 * @param layerState   non-trainable state per key ({@code bn1.running_mean}, ...)
 * @param dropoutSteps training forwards so far per dropout node id (picks the next mask)
 * @param optimizer    the optimizer's state, or null when it was not saved
 */
public record TrainingCheckpoint(TrainingConfig config, String dataName, long step, long batchesDrawn,
                                 Map<String, INDArray> parameters, Map<String, INDArray> layerState,
                                 Map<String, Long> dropoutSteps, Optimizer.OptimizerState optimizer) {
    public TrainingCheckpoint {
        if (config == null) throw new IllegalArgumentException("a checkpoint needs the run's settings");
        if (step < 0 || batchesDrawn < 0) throw new IllegalArgumentException("step and stream position must be 0 or more");
        parameters = Map.copyOf(parameters);
        layerState = Map.copyOf(layerState);
        dropoutSteps = Map.copyOf(dropoutSteps);
    }
}
