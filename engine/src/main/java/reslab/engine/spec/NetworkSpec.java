package reslab.engine.spec;

import java.util.List;
import java.util.Optional;

/**
 * An immutable network design: nodes in any order (the executor sorts them) and the id
 * of the node whose output is the logits fed to the loss.
 */
public record NetworkSpec(String name, List<NodeSpec> nodes, String output, LossKind loss) {
    public NetworkSpec {
        nodes = List.copyOf(nodes);
    }

    public Optional<NodeSpec> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }
}
