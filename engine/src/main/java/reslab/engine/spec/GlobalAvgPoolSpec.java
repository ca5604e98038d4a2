package reslab.engine.spec;

/** Mean over each channel's whole map: [c, h, w] to [c]. */
public record GlobalAvgPoolSpec() implements LayerSpec {
    public String kind() { return "GlobalAvgPool"; }
}
