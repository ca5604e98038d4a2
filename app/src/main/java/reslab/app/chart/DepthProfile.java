package reslab.app.chart;

import java.util.List;

/**
 * One bar per weighted layer, from input to output, each with the value of the metric
 * shown. Immutable: a new profile replaces the old one on every frame that has news.
 */
public record DepthProfile(List<Bar> bars) {
    /** @param label short, under the bar ("1", "2", ..., "out") */
    public record Bar(String nodeId, String label, double value) {}

    public static final DepthProfile EMPTY = new DepthProfile(List.of());

    /** Label of the output layer's bar; the chart shows it in the UI's language. */
    public static final String OUTPUT_LABEL = "out";

    public DepthProfile {
        bars = List.copyOf(bars);
    }

    /**
     * First hidden layer's value divided by the last hidden layer's (the one before the
     * output): how much of the gradient survives the trip back through the network.
     * NaN with fewer than three bars.
     */
    public double firstToLastHiddenRatio() {
        if (bars.size() < 3) return Double.NaN;
        double last = bars.get(bars.size() - 2).value();
        return last > 0 ? bars.get(0).value() / last : Double.NaN;
    }
}
