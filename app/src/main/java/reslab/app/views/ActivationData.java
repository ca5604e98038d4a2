package reslab.app.views;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;

/**
 * Every activation layer from input to output: the mean and spread of its outputs, and the
 * fraction that is stuck: saturated for sigmoid and tanh (beyond 0.99 of the range, where the
 * slope is almost 0), dead for ReLU (zero for every example of the batch).
 */
public record ActivationData(List<Layer> layers) {
    public enum Stuck { SATURATED, DEAD, NONE }

    public record Layer(String node, String kind, double mean, double std, Stuck stuck, double stuckFraction) {}

    public static final ActivationData EMPTY = new ActivationData(List.of());

    public ActivationData {
        layers = List.copyOf(layers);
    }

    public static ActivationData of(StepSnapshot s) {
        if (s == null) return EMPTY;
        List<Layer> out = new ArrayList<>();
        for (NodeTelemetry n : s.nodes()) {
            boolean saturating = !Double.isNaN(n.saturatedFrac());
            boolean dying = !Double.isNaN(n.deadFrac());
            if (!saturating && !dying) continue;
            Stuck kind = saturating ? Stuck.SATURATED : Stuck.DEAD;
            out.add(new Layer(n.node(), n.kind(), n.actMean(), n.actStd(), kind, saturating ? n.saturatedFrac() : n.deadFrac()));
        }
        return new ActivationData(out);
    }
}
