package reslab.engine.spec;

/** The network's data input. */
public record InputSpec(Shape shape) implements LayerSpec {
    public String kind() { return "Input"; }
    public int arity() { return 0; }
}
