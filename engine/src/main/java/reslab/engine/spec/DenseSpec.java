package reslab.engine.spec;

/** Fully connected layer y = x W + b with {@code units} outputs. */
public record DenseSpec(int units, Init init, boolean bias) implements LayerSpec {
    public DenseSpec(int units, Init init) {
        this(units, init, true);
    }
    public String kind() { return "Dense"; }
}
