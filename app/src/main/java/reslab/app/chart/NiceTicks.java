package reslab.app.chart;

/** Round tick steps (1, 2, 5 x 10^k) for linear axes. */
public final class NiceTicks {
    private NiceTicks() {}

    /** A step so that about {@code targetCount} ticks cover [0, max]. */
    public static double step(double max, int targetCount) {
        if (!(max > 0) || Double.isInfinite(max)) return 1;
        double raw = max / Math.max(1, targetCount);
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / pow;
        double nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
        return nice * pow;
    }

    /** The axis end: {@code max} rounded up to a whole number of steps. */
    public static double ceil(double max, double step) {
        return Math.max(step, Math.ceil(max / step - 1e-9) * step);
    }

    /** A tick value with just the decimals its step needs. */
    public static String label(double v, double step) {
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
