package reslab.engine.shape;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;

/**
 * Applies {@link GraphEdit}s to a design, giving a new immutable {@link NetworkSpec}. An edit
 * that no longer fits the design (a fix computed for an older revision) fails loudly rather
 * than changing something else.
 */
public final class NetworkEdits {
    private NetworkEdits() {}

    public static NetworkSpec apply(NetworkSpec spec, List<GraphEdit> edits) {
        NetworkSpec result = spec;
        for (GraphEdit e : edits) result = apply(result, e);
        return result;
    }

    public static NetworkSpec apply(NetworkSpec spec, GraphEdit edit) {
        List<NodeSpec> nodes = new ArrayList<>(spec.nodes());
        String output = spec.output();
        if (edit instanceof GraphEdit.InsertOnEdge e) {
            if (spec.node(e.node().id()).isPresent()) throw stale(edit, "a node named '" + e.node().id() + "' exists");
            int t = indexOf(nodes, e.target(), edit);
            NodeSpec target = nodes.get(t);
            checkInput(target, e.inputIndex(), e.source(), edit);
            nodes.set(t, withInput(target, e.inputIndex(), e.node().id()));
            nodes.add(t, e.node()); // just before its consumer, so the written order still reads top to bottom
        } else if (edit instanceof GraphEdit.ReplaceLayer e) {
            int i = indexOf(nodes, e.nodeId(), edit);
            NodeSpec n = nodes.get(i);
            nodes.set(i, new NodeSpec(n.id(), e.layer(), n.inputs(), n.block()));
        } else if (edit instanceof GraphEdit.RemoveInput e) {
            int i = indexOf(nodes, e.nodeId(), edit);
            NodeSpec n = nodes.get(i);
            checkInput(n, e.inputIndex(), e.source(), edit);
            List<String> inputs = new ArrayList<>(n.inputs());
            inputs.remove(e.inputIndex());
            nodes.set(i, new NodeSpec(n.id(), n.layer(), inputs, n.block()));
        } else if (edit instanceof GraphEdit.RemoveNode e) {
            int i = indexOf(nodes, e.nodeId(), edit);
            NodeSpec removed = nodes.remove(i);
            String replacement = removed.inputs().isEmpty() ? null : removed.inputs().get(0);
            for (int k = 0; k < nodes.size(); k++) {
                NodeSpec n = nodes.get(k);
                if (!n.inputs().contains(removed.id())) continue;
                List<String> inputs = new ArrayList<>();
                for (String in : n.inputs()) {
                    if (!in.equals(removed.id())) inputs.add(in);
                    else if (replacement != null) inputs.add(replacement);
                }
                nodes.set(k, new NodeSpec(n.id(), n.layer(), inputs, n.block()));
            }
            if (output.equals(removed.id()) && replacement != null) output = replacement;
        } else if (edit instanceof GraphEdit.SetOutput e) {
            indexOf(nodes, e.nodeId(), edit);
            output = e.nodeId();
        } else {
            throw new IllegalArgumentException("unknown edit " + edit);
        }
        return new NetworkSpec(spec.name(), nodes, output, spec.loss());
    }

    private static int indexOf(List<NodeSpec> nodes, String id, GraphEdit edit) {
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).id().equals(id)) return i;
        throw stale(edit, "there is no node '" + id + "'");
    }

    private static void checkInput(NodeSpec n, int index, String source, GraphEdit edit) {
        if (index < 0 || index >= n.inputs().size() || !n.inputs().get(index).equals(source)) {
            throw stale(edit, "input " + index + " of '" + n.id() + "' is not '" + source + "' (inputs " + n.inputs() + ")");
        }
    }

    private static NodeSpec withInput(NodeSpec n, int index, String id) {
        List<String> inputs = new ArrayList<>(n.inputs());
        inputs.set(index, id);
        return new NodeSpec(n.id(), n.layer(), inputs, n.block());
    }

    private static IllegalArgumentException stale(GraphEdit edit, String why) {
        return new IllegalArgumentException("cannot apply " + edit + ": " + why);
    }
}
