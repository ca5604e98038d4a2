package reslab.engine.telemetry;

import java.util.List;
import java.util.Optional;

/**
 * Everything measured in one training step, immutable so the UI thread can read it while the
 * trainer computes the next one. {@code step} counts the updates applied before this step's
 * gradient was computed: step 0 shows the gradients at initialisation.
 *
 * @param runId   changes whenever training restarts from fresh weights
 * @param preview true for a look at the gradients that applied no update
 * @param nodes   per-node telemetry in topological order (input node excluded); empty when
 *                telemetry is off
 * @param testLoss     mean loss over the whole test split in evaluation mode, at the same
 *                     weights as {@code loss}; NaN when this step did not evaluate
 * @param testAccuracy fraction of the test split classified right; NaN when not evaluated
 */
public record StepSnapshot(long runId, long step, double loss, double accuracy, boolean preview,
                           List<NodeTelemetry> nodes, double testLoss, double testAccuracy) {
    public StepSnapshot {
        nodes = List.copyOf(nodes);
    }

    /** A step without evaluation on the test split. */
    public StepSnapshot(long runId, long step, double loss, double accuracy, boolean preview, List<NodeTelemetry> nodes) {
        this(runId, step, loss, accuracy, preview, nodes, Double.NaN, Double.NaN);
    }

    /** True when this step evaluated the test split. */
    /** This snapshot as part of another run (a saved run's recording, continued after reopening). */
    public StepSnapshot withRunId(long id) {
        return new StepSnapshot(id, step, loss, accuracy, preview, nodes, testLoss, testAccuracy);
    }

    public boolean evaluated() {
        return !Double.isNaN(testLoss) || !Double.isNaN(testAccuracy);
    }

    public Optional<NodeTelemetry> node(String id) {
        return nodes.stream().filter(n -> n.node().equals(id)).findFirst();
    }

    /** The weighted layers (Dense, later Conv) from input to output: one bar each in the depth profile. */
    public List<NodeTelemetry> weightedLayers() {
        return nodes.stream().filter(NodeTelemetry::hasWeights).toList();
    }
}
