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
 */
public record StepSnapshot(long runId, long step, double loss, double accuracy, boolean preview,
                           List<NodeTelemetry> nodes) {
    public StepSnapshot {
        nodes = List.copyOf(nodes);
    }

    public Optional<NodeTelemetry> node(String id) {
        return nodes.stream().filter(n -> n.node().equals(id)).findFirst();
    }

    /** The weighted layers (Dense, later Conv) from input to output: one bar each in the depth profile. */
    public List<NodeTelemetry> weightedLayers() {
        return nodes.stream().filter(NodeTelemetry::hasWeights).toList();
    }
}
