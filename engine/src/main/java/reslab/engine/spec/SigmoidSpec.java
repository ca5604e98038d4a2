package reslab.engine.spec;

public record SigmoidSpec() implements LayerSpec {
    public String kind() { return "Sigmoid"; }
}
