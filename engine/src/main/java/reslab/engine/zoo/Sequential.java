package reslab.engine.zoo;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;

/** Writes a network top to bottom: each node reads the one before, blocks are spliced in whole. */
final class Sequential {
    private final List<NodeSpec> nodes = new ArrayList<>();
    private String last;
    private String block;

    Sequential(Shape input) {
        nodes.add(NodeSpec.of("input", new InputSpec(input)));
        last = "input";
    }

    /** Tags the nodes added from now on with {@code blockId} (null: none). */
    Sequential inBlock(String blockId) {
        block = blockId;
        return this;
    }

    Sequential add(String id, LayerSpec layer) {
        nodes.add(new NodeSpec(id, layer, List.of(last), block));
        last = id;
        return this;
    }

    Sequential add(Blocks.Block b) {
        if (!b.input().equals(last)) throw new IllegalStateException(b.id() + " reads " + b.input() + ", not " + last);
        nodes.addAll(b.nodes());
        last = b.output();
        return this;
    }

    String last() {
        return last;
    }

    NetworkSpec build(String name) {
        return new NetworkSpec(name, nodes, last, LossKind.SOFTMAX_CROSS_ENTROPY);
    }
}
