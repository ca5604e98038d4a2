package reslab.engine.spec;

/**
 * Padding of a convolution or pooling window. SAME: output = ceil(input / stride), zeros
 * split as evenly as possible (the extra one at the bottom/right, as TensorFlow does);
 * VALID: no padding; EXPLICIT: {@code h} rows above and below, {@code w} columns left and
 * right (as PyTorch's {@code padding=(h, w)}).
 */
public record Padding(Mode mode, int h, int w) {
    public enum Mode { SAME, VALID, EXPLICIT }

    public static final Padding SAME = new Padding(Mode.SAME, 0, 0);
    public static final Padding VALID = new Padding(Mode.VALID, 0, 0);

    public static Padding explicit(int h, int w) {
        return new Padding(Mode.EXPLICIT, h, w);
    }

    public static Padding explicit(int both) {
        return explicit(both, both);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case SAME -> "same";
            case VALID -> "valid";
            case EXPLICIT -> h == w ? Integer.toString(h) : h + "x" + w;
        };
    }
}
