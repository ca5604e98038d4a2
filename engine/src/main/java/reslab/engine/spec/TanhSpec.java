package reslab.engine.spec;

public record TanhSpec() implements LayerSpec {
    public String kind() { return "Tanh"; }
}
