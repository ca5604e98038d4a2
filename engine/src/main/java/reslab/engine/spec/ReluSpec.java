package reslab.engine.spec;

public record ReluSpec() implements LayerSpec {
    public String kind() { return "ReLU"; }
}
