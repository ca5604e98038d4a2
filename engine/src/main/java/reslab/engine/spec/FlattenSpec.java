package reslab.engine.spec;

/** [c, h, w] to [c * h * w], row-major (channel, then row, then column). */
public record FlattenSpec() implements LayerSpec {
    public String kind() { return "Flatten"; }
}
