package reslab.engine.spec;

/**
 * Element-wise sum of two or more inputs of the same shape: where a shortcut joins. By
 * convention a residual Add lists the shortcut first and the branch second; telemetry's
 * shortcut/branch gradient split relies on that order.
 */
public record AddSpec() implements LayerSpec {
    public String kind() { return "Add"; }
    public int arity() { return -1; }
}
