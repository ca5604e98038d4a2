package reslab.engine.spec;

import java.util.List;
import java.util.Locale;

/**
 * How a weight tensor is initialised. fanIn = inputs per output unit (in x kh x kw for a
 * convolution), fanOut = outputs per input unit (out x kh x kw).
 *
 * <p>A value class rather than an enum so an explicit constant can carry its value;
 * {@link #name()} and {@link #parse(String)} give the stable text form used in files and on
 * the command line ("glorot_uniform", "constant(0.5)").
 */
public final class Init {
    public enum Kind {
        /** U(-a, a), a = sqrt(6 / (fanIn + fanOut)). Glorot and Bengio 2010. */
        GLOROT_UNIFORM,
        /** N(0, 2 / (fanIn + fanOut)). */
        GLOROT_NORMAL,
        /** N(0, 2 / fanIn). He et al. 2015. */
        HE_NORMAL,
        /** U(-a, a), a = sqrt(6 / fanIn). */
        HE_UNIFORM,
        /** N(0, 1 / fanIn). LeCun et al. 1998. */
        LECUN_NORMAL,
        /** U(-a, a), a = sqrt(3 / fanIn). */
        LECUN_UNIFORM,
        /** The "standard" heuristic U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
        STANDARD_UNIFORM,
        /** Every weight the same value. */
        CONSTANT
    }

    public static final Init GLOROT_UNIFORM = new Init(Kind.GLOROT_UNIFORM, 0);
    public static final Init GLOROT_NORMAL = new Init(Kind.GLOROT_NORMAL, 0);
    public static final Init HE_NORMAL = new Init(Kind.HE_NORMAL, 0);
    public static final Init HE_UNIFORM = new Init(Kind.HE_UNIFORM, 0);
    public static final Init LECUN_NORMAL = new Init(Kind.LECUN_NORMAL, 0);
    public static final Init LECUN_UNIFORM = new Init(Kind.LECUN_UNIFORM, 0);
    public static final Init STANDARD_UNIFORM = new Init(Kind.STANDARD_UNIFORM, 0);
    public static final Init ZEROS = new Init(Kind.CONSTANT, 0);
    public static final Init ONES = new Init(Kind.CONSTANT, 1);

    private final Kind kind;
    private final double value;

    private Init(Kind kind, double value) {
        this.kind = kind;
        this.value = value;
    }

    public static Init constant(double value) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException("constant must be finite, got " + value);
        return new Init(Kind.CONSTANT, value);
    }

    /** The random schemes, in the order a chooser lists them. */
    public static List<Init> values() {
        return List.of(GLOROT_UNIFORM, GLOROT_NORMAL, HE_NORMAL, HE_UNIFORM, LECUN_NORMAL, LECUN_UNIFORM, STANDARD_UNIFORM);
    }

    public Kind kind() {
        return kind;
    }

    /** The constant of {@link Kind#CONSTANT}; 0 for the random schemes. */
    public double value() {
        return value;
    }

    /** "glorot_uniform", ..., or "constant(0.5)". */
    public String name() {
        return kind == Kind.CONSTANT ? "constant(" + value + ")" : kind.name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@link #name()}'s form (case-insensitive), also "zeros" and "ones". */
    public static Init parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("zeros")) return ZEROS;
        if (t.equals("ones")) return ONES;
        if (t.startsWith("constant(") && t.endsWith(")")) {
            try {
                return constant(Double.parseDouble(t.substring(9, t.length() - 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in '" + text + "'");
            }
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.CONSTANT && k.name().toLowerCase(Locale.ROOT).equals(t)) return new Init(k, 0);
        }
        throw new IllegalArgumentException("unknown initialiser '" + text + "' (glorot_uniform, glorot_normal, he_normal, "
                + "he_uniform, lecun_normal, lecun_uniform, standard_uniform, zeros, ones, constant(x))");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Init i && i.kind == kind && Double.compare(i.value, value) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return name();
    }
}
