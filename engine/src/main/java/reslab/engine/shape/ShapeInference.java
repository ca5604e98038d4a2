package reslab.engine.shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;

/**
 * Output shapes, parameter counts and multiply-adds for every node, with diagnostics
 * instead of exceptions. Pure Java: no ND4J, cheap enough to run on every edit (VGG-16 in
 * well under a millisecond once warm; see {@code ShapeInferenceBenchmark}).
 *
 * <p>This class checks the graph (ids, inputs, cycles, the output); {@link LayerRules} holds
 * each layer kind's shape and cost rule and its fixes.
 */
public final class ShapeInference {
    private ShapeInference() {}

    public static NetworkAnalysis analyze(NetworkSpec spec) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (NodeSpec n : spec.nodes()) {
            if (!ids.add(n.id())) {
                diagnostics.add(Diagnostic.of(n.id(), "duplicate-id",
                        "two nodes are named '" + n.id() + "'; rename one", n.id()));
            }
        }
        boolean haveInput = false;
        for (NodeSpec n : spec.nodes()) {
            if (!(n.layer() instanceof InputSpec)) continue;
            // The executor feeds the one batch to every Input node, so a second one would read the wrong data.
            if (haveInput) {
                diagnostics.add(Diagnostic.of(n.id(), "extra-input",
                        "is a second data input; a network reads its dataset through one Input node"));
            }
            haveInput = true;
        }
        TopologicalOrder.Result sorted = TopologicalOrder.sort(spec.nodes());
        List<Fix> cycleFixes = sorted.onCycle().isEmpty() ? List.of() : cycleFixes(spec, sorted);
        for (String id : sorted.onCycle()) {
            diagnostics.add(Diagnostic.of(id, "cycle",
                    "is part of a cycle; a network must flow one way from input to output").withFixes(cycleFixes));
        }

        InferenceContext cx = InferenceContext.reporting(ids, diagnostics);
        Map<String, NodeInfo> infos = new HashMap<>();
        List<NodeInfo> ordered = new ArrayList<>();
        for (NodeSpec node : sorted.order()) {
            NodeInfo info = inferNode(node, infos, cx);
            infos.put(node.id(), info);
            ordered.add(info);
        }
        Set<NodeSpec> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        placed.addAll(sorted.order());
        for (NodeSpec n : spec.nodes()) {
            // On a cycle or downstream of one: no shape; the cycle carries the diagnostic.
            if (!placed.contains(n)) ordered.add(new NodeInfo(n.id(), kindOf(n), null, 0, 0));
        }

        checkOutput(spec, sorted, infos, diagnostics);
        return new NetworkAnalysis(ordered, diagnostics);
    }

    private static void checkOutput(NetworkSpec spec, TopologicalOrder.Result sorted, Map<String, NodeInfo> infos,
                                    List<Diagnostic> diagnostics) {
        Set<String> consumed = new HashSet<>();
        for (NodeSpec n : spec.nodes()) consumed.addAll(n.inputs());
        if (spec.node(spec.output()).isEmpty()) {
            // The likely output: a flat node nobody reads.
            List<Fix> fixes = new ArrayList<>();
            for (NodeSpec n : spec.nodes()) {
                NodeInfo info = infos.get(n.id());
                if (consumed.contains(n.id()) || info == null || !info.valid() || info.outputShape().rank() != 1) continue;
                fixes.add(Fix.of("set-output", "make '" + n.id() + "' the output", List.of(new GraphEdit.SetOutput(n.id())), 0, 0));
            }
            diagnostics.add(Diagnostic.of(spec.output(), "no-output",
                    "the output node '" + spec.output() + "' does not exist", spec.output()).withFixes(fixes));
            return;
        }
        NodeInfo out = infos.get(spec.output());
        if (out != null && out.valid() && out.outputShape().rank() != 1) {
            diagnostics.add(Diagnostic.of(spec.output(), "output-rank", "the output feeds the loss and must be flat "
                    + "[classes], but it is an image " + out.outputShape() + "; end with Flatten or GlobalAvgPool and a "
                    + "Dense layer with one unit per class", out.outputShape().toString()));
        }
        Set<String> feedsOutput = TopologicalOrder.ancestors(spec.nodes(), spec.output());
        for (NodeSpec n : spec.nodes()) {
            if (feedsOutput.contains(n.id()) || sorted.onCycle().contains(n.id())) continue;
            // Deleting a node that others read would only move the problem; offer it for the loose ends.
            List<Fix> fixes = consumed.contains(n.id()) ? List.of()
                    : List.of(Fix.of("remove-node", "delete '" + n.id() + "'", List.of(new GraphEdit.RemoveNode(n.id())), 0, 0));
            diagnostics.add(Diagnostic.of(n.id(), "unconnected-output",
                    "does not lead to the output; connect it or delete it").withFixes(fixes));
        }
    }

    /**
     * One fix for every cycle: disconnect each wire that lies on a cycle and runs back up the
     * written order (from a node listed at or after its reader). Once they are gone every wire
     * points down the list, so no cycle is left; the list order is the designer's intent.
     */
    private static List<Fix> cycleFixes(NetworkSpec spec, TopologicalOrder.Result sorted) {
        List<NodeSpec> nodes = spec.nodes();
        Map<String, Integer> position = new HashMap<>();
        Map<String, List<String>> readers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            position.putIfAbsent(nodes.get(i).id(), i);
            for (String in : nodes.get(i).inputs()) readers.computeIfAbsent(in, k -> new ArrayList<>()).add(nodes.get(i).id());
        }
        List<GraphEdit> edits = new ArrayList<>();
        StringBuilder wires = new StringBuilder();
        for (String id : sorted.onCycle()) {
            NodeSpec node = nodes.get(position.get(id));
            // Highest index first, so the indices still to remove stay put.
            for (int k = node.inputs().size() - 1; k >= 0; k--) {
                String in = node.inputs().get(k);
                if (!sorted.onCycle().contains(in) || position.get(in) < position.get(id) || !reaches(id, in, readers)) continue;
                edits.add(new GraphEdit.RemoveInput(id, k, in));
                wires.append(wires.length() == 0 ? "" : ", ").append("'").append(in).append("' -> '").append(id).append("'");
            }
        }
        if (edits.isEmpty()) return List.of();
        return List.of(Fix.of("remove-input", "disconnect the wires that close the loops: " + wires, edits, 0, 0));
    }

    /** Whether {@code to} can be reached from {@code from} along the wires (so the wire to -> from closes a loop). */
    private static boolean reaches(String from, String to, Map<String, List<String>> readers) {
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (id.equals(to)) return true;
            if (seen.add(id)) todo.addAll(readers.getOrDefault(id, List.of()));
        }
        return false;
    }

    private static NodeInfo inferNode(NodeSpec node, Map<String, NodeInfo> known, InferenceContext cx) {
        LayerSpec layer = node.layer();
        String id = node.id();
        if (layer == null) {
            cx.report(Diagnostic.of(id, "no-layer", "has no layer configuration"));
            return new NodeInfo(id, "?", null, 0, 0);
        }
        int arity = layer.arity();
        int count = node.inputs().size();
        int least = arity >= 0 ? arity : 2;
        List<Shape> inShapes = new ArrayList<>();
        boolean inputsOk = true;
        Set<String> unknownReported = new HashSet<>();
        for (int k = 0; k < count; k++) {
            String in = node.inputs().get(k);
            NodeInfo src = known.get(in);
            if (src == null) {
                if (unknownReported.add(in)) cx.report(unknownInput(node, in, least));
                inputsOk = false;
            } else if (!src.valid()) {
                inputsOk = false; // the source carries its own diagnostic
            } else {
                inShapes.add(src.outputShape());
            }
        }
        if (count < least && (count == 0 || arity < 0)) {
            String what = least == 1 ? "one input" : least == 2 && arity < 0 ? "at least two inputs" : least + " inputs";
            cx.report(Diagnostic.of(id, "unconnected-input", layer.kind() + " needs " + what + " but has " + count, least, count));
            return LayerRules.invalidQuietly(node);
        }
        if (arity >= 0 && count != arity) {
            String what = arity == 0 ? "no inputs" : arity == 1 ? "exactly one input" : arity + " inputs";
            cx.report(Diagnostic.of(id, "arity", layer.kind() + " takes " + what + " but has " + count, arity, count)
                    .withFixes(arityFixes(node, arity)));
            return LayerRules.invalidQuietly(node);
        }
        if (!inputsOk) return LayerRules.invalidQuietly(node);
        return LayerRules.infer(node, inShapes, cx);
    }

    /**
     * One diagnostic per missing name, however often it is read. Only a node with inputs to
     * spare (an Add of three) can simply drop the wires; elsewhere the intended source is unknowable.
     */
    private static Diagnostic unknownInput(NodeSpec node, String missing, int least) {
        List<GraphEdit> edits = new ArrayList<>();
        for (int k = node.inputs().size() - 1; k >= 0; k--) {
            if (node.inputs().get(k).equals(missing)) edits.add(new GraphEdit.RemoveInput(node.id(), k, missing));
        }
        List<Fix> fixes = node.layer().arity() < 0 && node.inputs().size() - edits.size() >= least
                ? List.of(Fix.of("remove-input", "disconnect '" + missing + "'", edits, 0, 0))
                : List.of();
        return Diagnostic.of(node.id(), "unknown-input", "reads '" + missing + "', which does not exist", missing).withFixes(fixes);
    }

    /** Too many inputs: keep each possible one (one input) or drop them all (Input). */
    private static List<Fix> arityFixes(NodeSpec node, int arity) {
        int count = node.inputs().size();
        List<Fix> fixes = new ArrayList<>();
        if (arity == 0) {
            List<GraphEdit> edits = new ArrayList<>();
            for (int k = count - 1; k >= 0; k--) edits.add(new GraphEdit.RemoveInput(node.id(), k, node.inputs().get(k)));
            fixes.add(Fix.of("remove-inputs", "disconnect every input of '" + node.id() + "'", edits, 0, 0));
        } else if (arity == 1 && count > 1) {
            for (int keep = 0; keep < count; keep++) {
                List<GraphEdit> edits = new ArrayList<>();
                // Highest index first, so the indices still to remove stay put.
                for (int k = count - 1; k >= 0; k--) {
                    if (k != keep) edits.add(new GraphEdit.RemoveInput(node.id(), k, node.inputs().get(k)));
                }
                fixes.add(Fix.of("keep-input", "keep only '" + node.inputs().get(keep) + "' as input of '" + node.id() + "'",
                        edits, 0, 0));
            }
        }
        return fixes;
    }

    private static String kindOf(NodeSpec n) {
        return n.layer() == null ? "?" : n.layer().kind();
    }
}
