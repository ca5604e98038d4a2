package reslab.engine.shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;

/**
 * Output shapes, parameter counts and multiply-adds for every node, with diagnostics
 * instead of exceptions. Pure Java: no ND4J, cheap enough to run on every edit.
 *
 * <p>Conventions (DESIGN.md): params are trainable weights + biases; multiply-adds count
 * dense (and later conv) layers for one example.
 */
public final class ShapeInference {
    private ShapeInference() {}

    public static NetworkAnalysis analyze(NetworkSpec spec) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeSpec n : spec.nodes()) {
            if (!seen.add(n.id())) {
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
        for (String id : sorted.onCycle()) {
            diagnostics.add(Diagnostic.of(id, "cycle",
                    "is part of a cycle; a network must flow one way from input to output"));
        }

        Map<String, NodeInfo> infos = new HashMap<>();
        List<NodeInfo> ordered = new ArrayList<>();
        for (NodeSpec node : sorted.order()) {
            NodeInfo info = inferNode(node, infos, diagnostics);
            infos.put(node.id(), info);
            ordered.add(info);
        }
        Set<NodeSpec> placed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        placed.addAll(sorted.order());
        for (NodeSpec n : spec.nodes()) {
            // On a cycle or downstream of one: no shape; the cycle carries the diagnostic.
            if (!placed.contains(n)) ordered.add(new NodeInfo(n.id(), n.layer().kind(), null, 0, 0));
        }

        if (spec.node(spec.output()).isEmpty()) {
            diagnostics.add(Diagnostic.of(spec.output(), "no-output",
                    "the output node '" + spec.output() + "' does not exist", spec.output()));
        } else {
            Set<String> feedsOutput = TopologicalOrder.ancestors(spec.nodes(), spec.output());
            for (NodeSpec n : spec.nodes()) {
                if (!feedsOutput.contains(n.id()) && !sorted.onCycle().contains(n.id())) {
                    diagnostics.add(Diagnostic.of(n.id(), "unconnected-output",
                            "does not lead to the output; connect it or delete it"));
                }
            }
        }
        return new NetworkAnalysis(ordered, diagnostics);
    }

    private static NodeInfo inferNode(NodeSpec node, Map<String, NodeInfo> known, List<Diagnostic> out) {
        LayerSpec layer = node.layer();
        String id = node.id();
        int arity = layer.arity();
        List<Shape> inShapes = new ArrayList<>();
        boolean inputsOk = true;
        for (String in : node.inputs()) {
            NodeInfo src = known.get(in);
            if (src == null) {
                out.add(Diagnostic.of(id, "unknown-input", "reads '" + in + "', which does not exist", in));
                inputsOk = false;
            } else if (!src.valid()) {
                inputsOk = false; // the source carries its own diagnostic
            } else {
                inShapes.add(src.outputShape());
            }
        }
        if (arity >= 0 && node.inputs().size() != arity) {
            String what = arity == 0 ? "no inputs" : arity == 1 ? "exactly one input" : arity + " inputs";
            out.add(Diagnostic.of(id, "arity", layer.kind() + " takes " + what + " but has "
                    + node.inputs().size(), arity, node.inputs().size()));
            return new NodeInfo(id, layer.kind(), null, 0, 0);
        }
        if (arity < 0 && node.inputs().size() < 2) {
            out.add(Diagnostic.of(id, "unconnected-input",
                    "Add needs at least two inputs but has " + node.inputs().size(), node.inputs().size()));
            return new NodeInfo(id, layer.kind(), null, 0, 0);
        }
        if (!inputsOk) return new NodeInfo(id, layer.kind(), null, 0, 0);

        if (layer instanceof InputSpec s) {
            return s.shape().allPositive()
                    ? new NodeInfo(id, s.kind(), s.shape(), 0, 0)
                    : invalid(id, s, out, "bad-size", "input size must be positive, got " + s.shape());
        }
        if (layer instanceof DenseSpec s) {
            if (s.units() <= 0) return invalid(id, s, out, "bad-size", "units must be positive, got " + s.units());
            long in = inShapes.get(0).size();
            long params = in * s.units() + (s.bias() ? s.units() : 0);
            return new NodeInfo(id, s.kind(), Shape.of(s.units()), params, in * s.units());
        }
        if (layer instanceof SigmoidSpec || layer instanceof TanhSpec || layer instanceof ReluSpec) {
            return new NodeInfo(id, layer.kind(), inShapes.get(0), 0, 0);
        }
        if (layer instanceof AddSpec s) {
            Shape first = inShapes.get(0);
            for (int i = 1; i < inShapes.size(); i++) {
                if (!inShapes.get(i).equals(first)) {
                    return invalid(id, s, out, "add-mismatch", "adds inputs of different shapes "
                            + first + " ('" + node.inputs().get(0) + "') and " + inShapes.get(i)
                            + " ('" + node.inputs().get(i) + "'); match them with a shortcut (A: zero-pad, "
                            + "B/C: 1x1 projection)");
                }
            }
            return new NodeInfo(id, s.kind(), first, 0, 0);
        }
        NodeInfo minimal = MinimalRules.infer(node, inShapes, out);
        if (minimal != null) return minimal;
        throw new IllegalStateException("no shape rule for " + layer.kind());
    }

    private static NodeInfo invalid(String id, LayerSpec s, List<Diagnostic> out, String code, String message) {
        out.add(Diagnostic.of(id, code, message));
        return new NodeInfo(id, s.kind(), null, 0, 0);
    }
}
