package reslab.app.chart;

/**
 * Points (step, loss) in step order. Arrays are shared with the growing buffer that made
 * them, but the first {@code count} entries never change: a series is an immutable prefix.
 */
public final class LossSeries {
    public static final LossSeries EMPTY = new LossSeries(new double[0], new double[0], 0);

    private final double[] steps;
    private final double[] values;
    private final int count;

    LossSeries(double[] steps, double[] values, int count) {
        this.steps = steps;
        this.values = values;
        this.count = count;
    }

    public int size() { return count; }
    public double step(int i) { return steps[checked(i)]; }
    public double value(int i) { return values[checked(i)]; }

    public double maxValue() {
        double m = 0;
        for (int i = 0; i < count; i++) if (Double.isFinite(values[i])) m = Math.max(m, values[i]);
        return m;
    }

    public double lastStep() {
        return count == 0 ? 0 : steps[count - 1];
    }

    private int checked(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException(i);
        return i;
    }

    /** Appends points; publishes immutable prefixes. Used on one thread. */
    public static final class Builder {
        private double[] steps = new double[256];
        private double[] values = new double[256];
        private int count;

        public void add(double step, double value) {
            if (count == steps.length) {
                // Grow into new arrays: series already published keep the old ones.
                steps = java.util.Arrays.copyOf(steps, count * 2);
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            steps[count] = step;
            values[count] = value;
            count++;
        }

        public void clear() {
            steps = new double[256];
            values = new double[256];
            count = 0;
        }

        public int size() {
            return count;
        }

        public LossSeries build() {
            return new LossSeries(steps, values, count);
        }
    }
}
