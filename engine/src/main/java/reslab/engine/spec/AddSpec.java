package reslab.engine.spec;

/** Element-wise sum of two or more inputs of the same shape: where a shortcut joins. */
public record AddSpec() implements LayerSpec {
    public String kind() { return "Add"; }
    public int arity() { return -1; }
}
