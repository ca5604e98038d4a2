package reslab.app.chart;

import java.util.Locale;

/** Numbers as a teacher writes them: {@code 3.1 × 10⁻¹²}, with real superscripts. */
public final class SciFormat {
    private static final char[] SUPERSCRIPT = {'⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'};

    private SciFormat() {}

    /** {@code 10⁻¹²} for -12. */
    public static String powerOfTen(int exponent) {
        return "10" + superscript(exponent);
    }

    public static String superscript(int n) {
        StringBuilder sb = new StringBuilder();
        if (n < 0) sb.append('⁻');
        for (char c : Integer.toString(Math.abs(n)).toCharArray()) sb.append(SUPERSCRIPT[c - '0']);
        return sb.toString();
    }

    /**
     * Two significant digits; scientific notation outside [0.01, 1000). Zero prints as 0,
     * NaN as an em dash.
     */
    public static String format(double v) {
        if (Double.isNaN(v)) return "—";
        if (v == 0) return "0";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.abs(v);
        if (a >= 0.01 && a < 1000) {
            return String.format(Locale.ROOT, a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
        }
        int exp = (int) Math.floor(Math.log10(a));
        double mantissa = v / Math.pow(10, exp);
        if (Math.abs(Math.round(mantissa * 10) / 10.0) >= 10) {
            exp++;
            mantissa /= 10;
        }
        return String.format(Locale.ROOT, "%.1f", mantissa) + " × " + powerOfTen(exp);
    }
}
