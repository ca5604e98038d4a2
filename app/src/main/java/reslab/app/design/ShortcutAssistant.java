package reslab.app.design;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reslab.engine.shape.Diagnostic;
import reslab.engine.shape.Fix;
import reslab.engine.shape.GraphEdit;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * The dimension-matching assistant: for an Add (or Gate) whose inputs differ, the ResNet
 * paper's three ways to match them, each priced exactly by applying it and measuring the
 * whole network's change in parameters and multiply-adds.
 *
 * <p>A: zero-pad the shortcut (no parameters). B: a 1x1 projection on this shortcut only.
 * C: projections on every shortcut of the network, including those that already match.
 */
public final class ShortcutAssistant {
    private ShortcutAssistant() {}

    /** One option, ready to apply. {@code edits} include everything the option changes. */
    public record Choice(ShortcutOption option, List<GraphEdit> edits, long paramsChange, long multiplyAddsChange,
                         boolean fixesIt) {}

    /** The options for {@code nodeId}'s shape mismatch, A then B then C; empty if it has none. */
    public static List<Choice> choices(NetworkSpec spec, String nodeId) {
        NetworkAnalysis before = ShapeInference.analyze(spec);
        Optional<Diagnostic> mismatch = before.diagnostics().stream()
                .filter(d -> d.nodeId().equals(nodeId) && (d.code().equals("add-mismatch") || d.code().equals("gate-mismatch")))
                .findFirst();
        if (mismatch.isEmpty()) return List.of();
        List<Choice> out = new ArrayList<>();
        Fix fixA = find(mismatch.get(), ShortcutOption.A_ZERO_PAD);
        Fix fixB = find(mismatch.get(), ShortcutOption.B_PROJECTION_WHERE_NEEDED);
        if (fixA != null) out.add(priced(spec, before, ShortcutOption.A_ZERO_PAD, fixA.edits(), nodeId));
        if (fixB != null) {
            out.add(priced(spec, before, ShortcutOption.B_PROJECTION_WHERE_NEEDED, fixB.edits(), nodeId));
            // The other shortcuts are found in the repaired network: before, everything after
            // this Add has no shape.
            NetworkSpec repaired = reslab.engine.shape.NetworkEdits.apply(spec, fixB.edits());
            List<GraphEdit> all = new ArrayList<>(fixB.edits());
            all.addAll(projectEveryOtherShortcut(repaired, ShapeInference.analyze(repaired), nodeId));
            out.add(priced(spec, before, ShortcutOption.C_PROJECTION_ALWAYS, all, nodeId));
        }
        return out;
    }

    private static Fix find(Diagnostic d, ShortcutOption o) {
        return d.fixes().stream().filter(f -> f.shortcutOption() == o).findFirst().orElse(null);
    }

    /**
     * The cost of an option is what its own nodes cost: the shortcuts it inserts, and for a
     * replaced shortcut the difference. (Comparing network totals would count every layer
     * after the broken Add, which has no shape, and so no cost, until it is fixed.)
     */
    private static Choice priced(NetworkSpec spec, NetworkAnalysis before, ShortcutOption o, List<GraphEdit> edits, String nodeId) {
        NetworkAnalysis after = ShapeInference.analyze(reslab.engine.shape.NetworkEdits.apply(spec, edits));
        boolean fixed = after.diagnostics().stream().noneMatch(d -> d.nodeId().equals(nodeId));
        long params = 0, macs = 0;
        for (GraphEdit e : edits) {
            String id = e instanceof GraphEdit.InsertOnEdge ins ? ins.node().id()
                    : e instanceof GraphEdit.ReplaceLayer r ? r.nodeId() : null;
            if (id == null) continue;
            NodeInfo now = after.node(id).orElse(null);
            NodeInfo was = e instanceof GraphEdit.ReplaceLayer ? before.node(id).orElse(null) : null;
            if (now != null) {
                params += now.params();
                macs += now.multiplyAdds();
            }
            if (was != null) {
                params -= was.params();
                macs -= was.multiplyAdds();
            }
        }
        return new Choice(o, List.copyOf(edits), params, macs, fixed);
    }

    /**
     * Option C beyond this Add: every other residual Add's shortcut becomes a 1x1 projection
     * (+ BN) of the same size: identities get one inserted, zero-pad shortcuts are replaced.
     */
    static List<GraphEdit> projectEveryOtherShortcut(NetworkSpec spec, NetworkAnalysis analysis, String except) {
        List<GraphEdit> edits = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        spec.nodes().forEach(n -> taken.add(n.id()));
        for (NodeSpec n : spec.nodes()) {
            if (n.id().equals(except) || !(n.layer() instanceof AddSpec) || n.inputs().size() < 2) continue;
            String shortcut = n.inputs().get(0);
            NodeSpec src = spec.node(shortcut).orElse(null);
            NodeInfo add = analysis.node(n.id()).orElse(null);
            if (src == null || add == null || !add.valid()) continue;
            int channels = add.outputShape().dim(0);
            if (src.layer() instanceof ZeroPadShortcutSpec z) {
                edits.add(new GraphEdit.ReplaceLayer(src.id(), new ProjectionShortcutSpec(channels, z.stride(), true, Init.HE_NORMAL)));
            } else if (!(src.layer() instanceof ProjectionShortcutSpec)) {
                String id = NodeIds.fresh(n.id() + ".proj", taken);
                taken.add(id);
                NodeSpec proj = new NodeSpec(id, new ProjectionShortcutSpec(channels, 1, true, Init.HE_NORMAL),
                        List.of(shortcut), n.block());
                edits.add(new GraphEdit.InsertOnEdge(shortcut, n.id(), 0, proj));
            }
        }
        return edits;
    }
}
