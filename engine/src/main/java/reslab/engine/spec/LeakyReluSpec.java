package reslab.engine.spec;

/** y = x for x > 0, alpha x otherwise. */
public record LeakyReluSpec(double alpha) implements LayerSpec {
    public String kind() { return "LeakyReLU"; }
}
