package reslab.engine.shape;

import reslab.engine.spec.Shape;

/**
 * What shape inference knows about one node: its output shape per example, the number of
 * trainable parameters, and the multiply-adds of one forward pass of one example.
 * {@code outputShape} is null when the node is invalid or depends on an invalid node.
 */
public record NodeInfo(String id, String kind, Shape outputShape, long params, long multiplyAdds) {
    public boolean valid() {
        return outputShape != null;
    }
}
