package reslab.app.views;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;

/**
 * Where the gradient reaching each block's input comes from: through the shortcut or through
 * the branch, one pair per Add or Gate from input to output. In a healthy residual network
 * the shortcut part stays large all the way down.
 */
public record SplitData(List<Join> joins) {
    /** One Add (or Gate): the RMS of the block input's gradient from each path. */
    public record Join(String node, String label, double shortcut, double branch) {
        /** The shortcut's share of the two, in [0, 1]; NaN if neither carries anything. */
        public double shortcutShare() {
            double sum = shortcut + branch;
            return sum > 0 ? shortcut / sum : Double.NaN;
        }
    }

    public static final SplitData EMPTY = new SplitData(List.of());

    public SplitData {
        joins = List.copyOf(joins);
    }

    public static SplitData of(StepSnapshot s) {
        if (s == null) return EMPTY;
        List<Join> out = new ArrayList<>();
        for (NodeTelemetry n : s.nodes()) {
            if (Double.isNaN(n.shortcutGradRms()) || Double.isNaN(n.branchGradRms())) continue;
            out.add(new Join(n.node(), shortLabel(n.node()), n.shortcutGradRms(), n.branchGradRms()));
        }
        return new SplitData(out);
    }

    /** "layer2.0.add" reads as "layer2.0"; "add3" stays "add3". */
    static String shortLabel(String id) {
        int dot = id.lastIndexOf('.');
        return dot > 0 ? id.substring(0, dot) : id;
    }
}
