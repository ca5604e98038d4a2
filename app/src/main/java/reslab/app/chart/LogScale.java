package reslab.app.chart;

/**
 * A base-10 logarithmic axis from 10^minExponent to 10^maxExponent, with one tick per
 * power of ten. Values outside the range are clamped to its ends; zero or negative values
 * (a gradient that is exactly zero) sit at the bottom.
 */
public record LogScale(int minExponent, int maxExponent) {
    public LogScale {
        if (maxExponent <= minExponent) {
            throw new IllegalArgumentException("empty scale 10^" + minExponent + "..10^" + maxExponent);
        }
    }

    /** Position of {@code value} on the axis: 0 at the bottom, 1 at the top. */
    public double fraction(double value) {
        if (!(value > 0)) return 0;
        if (Double.isInfinite(value)) return 1;
        double f = (Math.log10(value) - minExponent) / (maxExponent - minExponent);
        return Math.max(0, Math.min(1, f));
    }

    /** The exponent shown for a value, fractional (for smooth animation), clamped to the range. */
    public double exponent(double value) {
        return minExponent + fraction(value) * (maxExponent - minExponent);
    }

    public int decades() {
        return maxExponent - minExponent;
    }

    /** The smallest scale with whole decades that contains both this one and {@code value}. */
    public LogScale including(double value) {
        if (!(value > 0) || Double.isInfinite(value)) return this;
        double e = Math.log10(value);
        int hi = Math.max(maxExponent, (int) Math.ceil(e));
        return hi == maxExponent ? this : new LogScale(minExponent, hi);
    }
}
