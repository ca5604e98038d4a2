package reslab.engine.shape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;

/**
 * Edits that take residual structure out of a design: a gated block pruned to its shortcut
 * (the residual-gates paper's layer removal), or a whole network stripped of its shortcuts
 * (the plain twin of a residual net). Nodes keep their ids, so weights drawn from a seed or
 * trained under those ids carry over to the edited design.
 */
public final class ResidualEdits {
    private ResidualEdits() {}

    /**
     * @param spec    the edited design
     * @param removed ids of the nodes taken out, in the original design's order
     */
    public record Result(NetworkSpec spec, List<String> removed) {
        public Result {
            removed = List.copyOf(removed);
        }
    }

    /**
     * Replaces node {@code nodeId} by its input number {@code inputIndex}: every node that read
     * it (and the network output, if it was that) reads that input instead. Nodes that only
     * fed the bypassed node, and so no longer lead to the output, go with it; nodes that led
     * nowhere before the edit are left alone.
     *
     * @throws IllegalArgumentException if there is no such node or input
     */
    public static Result bypass(NetworkSpec spec, String nodeId, int inputIndex) {
        NodeSpec node = spec.node(nodeId)
                .orElseThrow(() -> new IllegalArgumentException("cannot bypass '" + nodeId + "': there is no such node"));
        if (inputIndex < 0 || inputIndex >= node.inputs().size()) {
            throw new IllegalArgumentException("cannot bypass '" + nodeId + "' by its input " + inputIndex + ": it reads "
                    + node.inputs());
        }
        String replacement = node.inputs().get(inputIndex);
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) {
            if (n.id().equals(nodeId)) continue;
            if (n.inputs().contains(nodeId)) {
                List<String> inputs = new ArrayList<>();
                for (String in : n.inputs()) inputs.add(in.equals(nodeId) ? replacement : in);
                n = new NodeSpec(n.id(), n.layer(), inputs, n.block());
            }
            nodes.add(n);
        }
        String output = spec.output().equals(nodeId) ? replacement : spec.output();
        NetworkSpec rewired = new NetworkSpec(spec.name(), nodes, output, spec.loss());
        Set<String> orphaned = unused(rewired);
        orphaned.removeAll(unused(spec));
        List<NodeSpec> kept = new ArrayList<>();
        for (NodeSpec n : rewired.nodes()) if (!orphaned.contains(n.id())) kept.add(n);
        List<String> removed = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) if (n.id().equals(nodeId) || orphaned.contains(n.id())) removed.add(n.id());
        return new Result(new NetworkSpec(spec.name(), kept, output, spec.loss()), removed);
    }

    /**
     * The plain twin: every residual join becomes its branch. A two-input Add (shortcut first,
     * branch second, as AddSpec requires) and a Gate are bypassed by input 1; an Add of three or
     * more inputs loses input 0. Shortcut nodes (option A or B/C) that nothing else reads go
     * too. Of a residual template this gives its plain counterpart, node for node (ResNet-20
     * gives Plain-20; chain-sigmoid-20-residual gives chain-sigmoid-20).
     */
    public static Result withoutShortcuts(NetworkSpec spec) {
        NetworkSpec s = spec;
        List<String> removed = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) {
            boolean add = n.layer() instanceof AddSpec, gate = n.layer() instanceof GateSpec;
            if (!add && !gate) continue;
            NodeSpec current = s.node(n.id()).orElseThrow();
            if (add && current.inputs().size() > 2) {
                s = dropFirstInput(s, current);
                continue;
            }
            if (current.inputs().size() < 2) continue; // not a join (an invalid design); leave it to shape inference
            Result r = bypass(s, n.id(), 1);
            s = r.spec();
            removed.addAll(r.removed());
        }
        return new Result(s, removed);
    }

    private static NetworkSpec dropFirstInput(NetworkSpec spec, NodeSpec add) {
        List<String> inputs = new ArrayList<>(add.inputs().subList(1, add.inputs().size()));
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) {
            nodes.add(n.id().equals(add.id()) ? new NodeSpec(n.id(), n.layer(), inputs, n.block()) : n);
        }
        NetworkSpec rewired = new NetworkSpec(spec.name(), nodes, spec.output(), spec.loss());
        Set<String> orphaned = unused(rewired);
        orphaned.removeAll(unused(spec));
        return new NetworkSpec(spec.name(), nodes.stream().filter(n -> !orphaned.contains(n.id())).toList(),
                spec.output(), spec.loss());
    }

    /** Nodes from which the output cannot be reached, Input nodes excepted. */
    private static Set<String> unused(NetworkSpec spec) {
        Map<String, NodeSpec> byId = new HashMap<>();
        for (NodeSpec n : spec.nodes()) byId.putIfAbsent(n.id(), n);
        Set<String> used = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(spec.output());
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!used.add(id)) continue;
            NodeSpec n = byId.get(id);
            if (n != null) todo.addAll(n.inputs());
        }
        Set<String> unused = new LinkedHashSet<>();
        for (NodeSpec n : spec.nodes()) {
            if (!used.contains(n.id()) && !(n.layer() instanceof InputSpec)) unused.add(n.id());
        }
        return unused;
    }
}
