package reslab.engine.spec;

import java.util.List;

/**
 * One node of the network graph: a unique id, its layer configuration, the ids it reads, and
 * the block it belongs to (e.g. "layer2.0", or null): the builder collapses a block into one
 * node, summaries group by it.
 */
public record NodeSpec(String id, LayerSpec layer, List<String> inputs, String block) {
    public NodeSpec {
        inputs = List.copyOf(inputs);
    }

    public NodeSpec(String id, LayerSpec layer, List<String> inputs) {
        this(id, layer, inputs, null);
    }

    public static NodeSpec of(String id, LayerSpec layer, String... inputs) {
        return new NodeSpec(id, layer, List.of(inputs), null);
    }

    public NodeSpec inBlock(String blockId) {
        return new NodeSpec(id, layer, inputs, blockId);
    }
}
