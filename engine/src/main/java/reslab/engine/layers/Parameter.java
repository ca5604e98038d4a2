package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and its gradient buffer under a stable key such as {@code dense3.W}.
 * Layers add into {@link #grad()}; the network zeroes all gradients in one place before a step.
 */
public final class Parameter {
    /**
     * What a parameter is, for per-group settings (weight decay usually applies to WEIGHT
     * only) and for the key suffix.
     */
    public enum Role {
        WEIGHT(".W"), BIAS(".b"), GAMMA(".gamma"), BETA(".beta"), GATE(".k");

        private final String suffix;

        Role(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

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

    /** The stable name: {@code <layer>.W}, {@code .b}, {@code .gamma}, {@code .beta} or {@code .k}. */
    public String key() {
        return layer + role.suffix();
    }

    public String layer() { return layer; }
    public Role role() { return role; }
    public INDArray value() { return value; }
    public INDArray grad() { return grad; }
}
