package reslab.engine.shape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * The ResNet paper's three ways (He et al. 2015, 3.3) to make a shortcut fit the branch it
 * is added to, priced for the very shortcut at hand:
 * A inserts a zero-padding identity (no parameters; only when the shortcut widens and the
 * size shrinks by a whole stride), B and C a 1x1 projection with batch norm. B and C insert
 * the same node here; they differ in what they do to shortcuts whose sizes already match
 * (C projects those too), which this one repair does not touch.
 */
final class ShortcutFixes {
    private ShortcutFixes() {}

    /**
     * Fixes for an Add or Gate whose inputs differ. The shape to match is the branch's: the
     * last input, as AddSpec and GateSpec list the shortcut first. If that one cannot be
     * reached from every other input (say the branch was wired first), the last input that can
     * is used. Empty when no input's shape is reachable by subsampling and widening.
     */
    static List<Fix> forJoin(NodeSpec join, List<Shape> in, InferenceContext cx) {
        int target = -1;
        for (int t = in.size() - 1; t >= 0 && target < 0; t--) {
            boolean reachable = true;
            for (Shape s : in) reachable &= s.equals(in.get(t)) || projectionStride(s, in.get(t)) > 0;
            if (reachable) target = t;
        }
        if (target < 0) return List.of();
        Shape goal = in.get(target);
        List<Integer> mismatched = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) if (!in.get(i).equals(goal)) mismatched.add(i);

        List<Fix> fixes = new ArrayList<>();
        boolean zeroPadFits = true;
        for (int i : mismatched) zeroPadFits &= zeroPadStride(in.get(i), goal) > 0;
        if (zeroPadFits) fixes.add(fix(ShortcutOption.A_ZERO_PAD, join, in, mismatched, goal, cx));
        fixes.add(fix(ShortcutOption.B_PROJECTION_WHERE_NEEDED, join, in, mismatched, goal, cx));
        fixes.add(fix(ShortcutOption.C_PROJECTION_ALWAYS, join, in, mismatched, goal, cx));
        return fixes;
    }

    private static Fix fix(ShortcutOption option, NodeSpec join, List<Shape> in, List<Integer> mismatched, Shape goal,
                           InferenceContext cx) {
        List<GraphEdit> edits = new ArrayList<>();
        Set<String> chosen = new HashSet<>();
        long params = 0, macs = 0;
        StringBuilder what = new StringBuilder();
        for (int i : mismatched) {
            Shape from = in.get(i);
            String source = join.inputs().get(i);
            LayerSpec shortcut = option == ShortcutOption.A_ZERO_PAD
                    ? new ZeroPadShortcutSpec(goal.dim(0), zeroPadStride(from, goal))
                    // He-normal: torchvision initialises its downsample convolutions so.
                    : new ProjectionShortcutSpec(goal.dim(0), projectionStride(from, goal), true, Init.HE_NORMAL);
            String id = cx.freshId(LayerRules.idNear(join, "shortcut"), chosen);
            chosen.add(id);
            NodeSpec node = new NodeSpec(id, shortcut, List.of(source), join.block());
            NodeInfo cost = LayerRules.infer(node, List.of(from), InferenceContext.quiet());
            params += cost.params();
            macs += cost.multiplyAdds();
            edits.add(new GraphEdit.InsertOnEdge(source, join.id(), i, node));
            if (what.length() > 0) what.append("; ");
            what.append(describe(option, from, goal, source));
        }
        String price = option == ShortcutOption.A_ZERO_PAD ? "no parameters, no multiply-adds"
                : params + " parameters, " + macs + " multiply-adds";
        String letter = option == ShortcutOption.A_ZERO_PAD ? "A" : option == ShortcutOption.B_PROJECTION_WHERE_NEEDED ? "B" : "C";
        String scope = switch (option) {
            case A_ZERO_PAD -> "";
            case B_PROJECTION_WHERE_NEEDED -> "; option B projects only where sizes change";
            case C_PROJECTION_ALWAYS -> "; option C also projects the shortcuts whose sizes already match";
        };
        return new Fix("shortcut-" + letter.toLowerCase(java.util.Locale.ROOT),
                "option " + letter + ": " + what + " (" + price + ")" + scope, option, edits, params, macs);
    }

    private static String describe(ShortcutOption option, Shape from, Shape goal, String source) {
        String unit = from.rank() == 1 ? "features" : "channels";
        if (option == ShortcutOption.A_ZERO_PAD) {
            int s = zeroPadStride(from, goal);
            return "identity from '" + source + "' with " + unit + " zero-padded " + from.dim(0) + " -> " + goal.dim(0)
                    + (s > 1 ? ", every " + ordinal(s) + " row and column kept" : "");
        }
        int s = projectionStride(from, goal);
        String op = from.rank() == 1 ? "linear projection (no bias)" : "1x1 convolution" + (s > 1 ? " with stride " + s : "");
        return op + " from '" + source + "' " + from.dim(0) + " -> " + goal.dim(0) + " " + unit + ", then batch norm";
    }

    private static String ordinal(int n) {
        return n == 2 ? "2nd" : n == 3 ? "3rd" : n + "th";
    }

    /**
     * The stride of a 1x1 projection from {@code from} to {@code to}, or -1 when none exists:
     * same rank; a flat input is only re-widened (stride 1); an image's height and width must
     * both come out right with one stride, ceil(h / s) = h'. The smallest such stride.
     */
    static int projectionStride(Shape from, Shape to) {
        if (from.rank() != to.rank()) return -1;
        if (from.rank() == 1) return 1;
        int h = from.dim(1), w = from.dim(2);
        for (int s = 1; s <= Math.max(h, w); s++) {
            if (Windows.ceilDiv(h, s) == to.dim(1) && Windows.ceilDiv(w, s) == to.dim(2)) return s;
        }
        return -1;
    }

    /**
     * The stride of option A from {@code from} to {@code to}, or -1: it only widens (or keeps)
     * the channels and subsamples by a whole ratio, h = s h' and w = s w'.
     */
    static int zeroPadStride(Shape from, Shape to) {
        if (from.rank() != to.rank() || to.dim(0) < from.dim(0)) return -1;
        if (from.rank() == 1) return 1;
        int s = from.dim(1) / to.dim(1);
        return s >= 1 && from.dim(1) == s * to.dim(1) && from.dim(2) == s * to.dim(2) ? s : -1;
    }
}
