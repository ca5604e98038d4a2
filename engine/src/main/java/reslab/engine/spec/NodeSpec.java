package reslab.engine.spec;

import java.util.List;

/** One node of the network graph: a unique id, its layer configuration and the ids it reads. */
public record NodeSpec(String id, LayerSpec layer, List<String> inputs) {
    public NodeSpec {
        inputs = List.copyOf(inputs);
    }

    public static NodeSpec of(String id, LayerSpec layer, String... inputs) {
        return new NodeSpec(id, layer, List.of(inputs));
    }
}
