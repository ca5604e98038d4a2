package reslab.app.design;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.ProjectDocument.NodePosition;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.shape.TopologicalOrder;

/**
 * Pure edits of a design: each takes a document and returns a new one (documents are
 * immutable, so undo is just "go back to the old one"). Edits that make no sense throw
 * {@link EditRefused} with the reason in words.
 */
public final class DesignEdits {
    private DesignEdits() {}

    /** A refused edit; the message says why, for a tooltip or status line. */
    public static final class EditRefused extends Exception {
        private final String code;
        private final List<Object> args;

        public EditRefused(String code, String message, Object... args) {
            super(message);
            this.code = code;
            this.args = List.of(args);
        }

        /** Stable key for translation: "edit.refused." + code. */
        public String code() {
            return code;
        }

        public List<Object> args() {
            return args;
        }
    }

    public static ProjectDocument withNodes(ProjectDocument d, List<NodeSpec> nodes) {
        NetworkSpec s = d.network();
        return d.withNetwork(new NetworkSpec(s.name(), nodes, s.output(), s.loss()));
    }

    public static ProjectDocument withLayout(ProjectDocument d, Map<String, NodePosition> layout) {
        return d.withLayout(layout);
    }

    /** A new node with no inputs yet, at {@code at}. */
    public static ProjectDocument addNode(ProjectDocument d, String id, LayerSpec layer, NodePosition at) throws EditRefused {
        if (d.network().node(id).isPresent()) throw new EditRefused("duplicate-id", "a node named '" + id + "' exists", id);
        if (layer instanceof InputSpec && d.network().nodes().stream().anyMatch(n -> n.layer() instanceof InputSpec)) {
            throw new EditRefused("second-input", "the network already has an input; a network has exactly one");
        }
        List<NodeSpec> nodes = new ArrayList<>(d.network().nodes());
        nodes.add(new NodeSpec(id, layer, List.of()));
        Map<String, NodePosition> layout = new HashMap<>(d.layout());
        layout.put(id, at);
        return withLayout(withNodes(d, nodes), layout);
    }

    /**
     * Inserts several nodes at once (paste, duplicate, a ready block). Their inputs may refer
     * to each other or to existing nodes; ids must be new.
     */
    public static ProjectDocument addNodes(ProjectDocument d, List<NodeSpec> added, Map<String, NodePosition> at) throws EditRefused {
        List<NodeSpec> nodes = new ArrayList<>(d.network().nodes());
        Set<String> ids = new HashSet<>();
        for (NodeSpec n : nodes) ids.add(n.id());
        for (NodeSpec n : added) {
            if (!ids.add(n.id())) throw new EditRefused("duplicate-id", "a node named '" + n.id() + "' exists", n.id());
            if (n.layer() instanceof InputSpec && nodes.stream().anyMatch(m -> m.layer() instanceof InputSpec)) {
                throw new EditRefused("second-input", "the network already has an input; a network has exactly one");
            }
        }
        for (NodeSpec n : added) {
            for (String in : n.inputs()) {
                if (!ids.contains(in)) throw new EditRefused("unknown-node", "no node named '" + in + "'", in);
            }
        }
        nodes.addAll(added);
        Map<String, NodePosition> layout = new HashMap<>(d.layout());
        layout.putAll(at);
        ProjectDocument result = withLayout(withNodes(d, nodes), layout);
        refuseCycles(result);
        return result;
    }

    /** Removes nodes and every wire to or from them. */
    public static ProjectDocument deleteNodes(ProjectDocument d, Set<String> ids) throws EditRefused {
        if (ids.isEmpty()) throw new EditRefused("nothing-selected", "nothing is selected");
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : d.network().nodes()) {
            if (ids.contains(n.id())) continue;
            List<String> inputs = n.inputs().stream().filter(in -> !ids.contains(in)).toList();
            nodes.add(new NodeSpec(n.id(), n.layer(), inputs, n.block()));
        }
        Map<String, NodePosition> layout = new HashMap<>(d.layout());
        layout.keySet().removeAll(ids);
        return withLayout(withNodes(d, nodes), layout);
    }

    /** Moves nodes by (dx, dy). */
    public static ProjectDocument moveNodes(ProjectDocument d, Set<String> ids, double dx, double dy) {
        Map<String, NodePosition> layout = new HashMap<>(d.layout());
        for (String id : ids) {
            NodePosition p = layout.getOrDefault(id, new NodePosition(0, 0));
            layout.put(id, new NodePosition(p.x() + dx, p.y() + dy));
        }
        return withLayout(d, layout);
    }

    /**
     * Wires {@code from}'s output into {@code to}. A node with one input gets its wire replaced;
     * Add and Gate nodes gain an input. Refused if it would close a cycle, feed the Input node,
     * or duplicate an existing wire.
     */
    public static ProjectDocument connect(ProjectDocument d, String from, String to) throws EditRefused {
        NodeSpec target = node(d, to);
        node(d, from);
        if (from.equals(to)) throw new EditRefused("self-loop", "a node cannot feed itself");
        if (target.layer() instanceof InputSpec) throw new EditRefused("into-input", "the Input node takes no inputs: it is where the data enters");
        if (target.inputs().contains(from)) throw new EditRefused("duplicate-wire", "'" + from + "' already feeds '" + to + "'", from, to);
        if (TopologicalOrder.ancestors(d.network().nodes(), from).contains(to)) {
            throw new EditRefused("cycle", "this wire would make a loop: '" + to + "' already feeds '" + from
                    + "', and a network must flow one way", from, to);
        }
        int arity = target.layer().arity();
        List<String> inputs = new ArrayList<>(target.inputs());
        if (arity == 1) {
            inputs.clear();
        } else if (arity > 1 && inputs.size() >= arity) {
            throw new EditRefused("inputs-full", target.layer().kind() + " takes " + arity
                    + " inputs and has them all; remove one first", target.layer().kind(), arity);
        }
        inputs.add(from);
        return replaceNode(d, new NodeSpec(to, target.layer(), inputs, target.block()));
    }

    public static ProjectDocument disconnect(ProjectDocument d, String from, String to) throws EditRefused {
        NodeSpec target = node(d, to);
        if (!target.inputs().contains(from)) throw new EditRefused("no-wire", "'" + from + "' does not feed '" + to + "'", from, to);
        List<String> inputs = new ArrayList<>(target.inputs());
        inputs.remove(from);
        return replaceNode(d, new NodeSpec(to, target.layer(), inputs, target.block()));
    }

    /** Replaces a node's layer configuration (an inspector edit). */
    public static ProjectDocument setLayer(ProjectDocument d, String id, LayerSpec layer) throws EditRefused {
        NodeSpec n = node(d, id);
        if ((n.layer() instanceof InputSpec) != (layer instanceof InputSpec)) {
            throw new EditRefused("kind-change", "a node cannot turn into or out of the Input");
        }
        return replaceNode(d, new NodeSpec(id, layer, n.inputs(), n.block()));
    }

    /** Renames a node and every reference to it. */
    public static ProjectDocument rename(ProjectDocument d, String id, String newId) throws EditRefused {
        node(d, id);
        if (!NodeIds.isValid(newId)) throw new EditRefused("bad-id", "a name needs letters, digits, '.', '_' or '-' and no spaces", newId);
        if (d.network().node(newId).isPresent()) throw new EditRefused("duplicate-id", "a node named '" + newId + "' exists", newId);
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : d.network().nodes()) {
            List<String> inputs = n.inputs().stream().map(in -> in.equals(id) ? newId : in).toList();
            nodes.add(new NodeSpec(n.id().equals(id) ? newId : n.id(), n.layer(), inputs, n.block()));
        }
        Map<String, NodePosition> layout = new HashMap<>(d.layout());
        NodePosition p = layout.remove(id);
        if (p != null) layout.put(newId, p);
        NetworkSpec s = d.network();
        String output = s.output().equals(id) ? newId : s.output();
        return d.withNetwork(new NetworkSpec(s.name(), nodes, output, s.loss())).withLayout(layout);
    }

    public static ProjectDocument setOutput(ProjectDocument d, String id) throws EditRefused {
        node(d, id);
        NetworkSpec s = d.network();
        return d.withNetwork(new NetworkSpec(s.name(), s.nodes(), id, s.loss()));
    }

    /** Inserts {@code inserted} (one input) on the wire from {@code from} to {@code to}. */
    public static ProjectDocument insertOnWire(ProjectDocument d, String from, String to, NodeSpec inserted,
                                               NodePosition at) throws EditRefused {
        NodeSpec target = node(d, to);
        int k = target.inputs().indexOf(from);
        if (k < 0) throw new EditRefused("no-wire", "'" + from + "' does not feed '" + to + "'", from, to);
        if (d.network().node(inserted.id()).isPresent()) throw new EditRefused("duplicate-id", "a node named '" + inserted.id() + "' exists", inserted.id());
        List<String> inputs = new ArrayList<>(target.inputs());
        inputs.set(k, inserted.id());
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : d.network().nodes()) {
            if (n.id().equals(to)) nodes.add(new NodeSpec(to, target.layer(), inputs, target.block()));
            else nodes.add(n);
        }
        nodes.add(new NodeSpec(inserted.id(), inserted.layer(), List.of(from), inserted.block()));
        Map<String, NodePosition> layout = new HashMap<>(d.layout());
        layout.put(inserted.id(), at);
        return withLayout(withNodes(d, nodes), layout);
    }

    public static ProjectDocument setCollapsed(ProjectDocument d, String block, boolean collapsed) {
        Set<String> blocks = new java.util.LinkedHashSet<>(d.collapsedBlocks());
        if (collapsed) blocks.add(block);
        else blocks.remove(block);
        return d.withCollapsedBlocks(List.copyOf(blocks));
    }

    public static NodeSpec node(ProjectDocument d, String id) throws EditRefused {
        return d.network().node(id).orElseThrow(() -> new EditRefused("unknown-node", "no node named '" + id + "'", id));
    }

    private static ProjectDocument replaceNode(ProjectDocument d, NodeSpec replacement) {
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : d.network().nodes()) nodes.add(n.id().equals(replacement.id()) ? replacement : n);
        return withNodes(d, nodes);
    }

    private static void refuseCycles(ProjectDocument d) throws EditRefused {
        Set<String> onCycle = TopologicalOrder.sort(d.network().nodes()).onCycle();
        if (!onCycle.isEmpty()) throw new EditRefused("cycle", "this would make a loop through '" + onCycle.iterator().next() + "'");
    }

    /** Node ids in the order given, for stable copies. */
    static Map<String, NodeSpec> byId(List<NodeSpec> nodes) {
        Map<String, NodeSpec> m = new LinkedHashMap<>();
        for (NodeSpec n : nodes) m.put(n.id(), n);
        return m;
    }
}
