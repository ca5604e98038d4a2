package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and its gradient buffer under a stable key such as {@code dense3.W}.
 * Layers add into {@link #grad()}; the network zeroes all gradients in one place before a step.
 */
public final class Parameter {
    public enum Role { WEIGHT, BIAS }

    private final String layer;
    private final Role role;
    private final INDArray value;
    private final INDArray grad;

    public Parameter(String layer, Role role, INDArray value) {
        this.layer = layer;
        this.role = role;
        this.value = value;
        this.grad = value.ulike().assign(0);
    }

    /** The stable name, {@code <layer>.W} or {@code <layer>.b}. */
    public String key() {
        return layer + (role == Role.WEIGHT ? ".W" : ".b");
    }

    public String layer() { return layer; }
    public Role role() { return role; }
    public INDArray value() { return value; }
    public INDArray grad() { return grad; }
}
