package reslab.app.chart;

import java.util.Arrays;
import java.util.List;

/**
 * A layers x steps matrix of one metric: column k is the step {@code step(k)}, row r the r-th
 * weighted layer from the input. Like {@link LossSeries}, a published matrix is an immutable
 * prefix of a growing buffer.
 */
public final class HeatmapData {
    public static final HeatmapData EMPTY = new HeatmapData(List.of(), new long[0], new float[0][], 0);

    private final List<String> rows;
    private final long[] steps;
    private final float[][] columns;
    private final int count;

    HeatmapData(List<String> rows, long[] steps, float[][] columns, int count) {
        this.rows = rows;
        this.steps = steps;
        this.columns = columns;
        this.count = count;
    }

    public List<String> rows() { return rows; }
    public int columnCount() { return count; }
    public long step(int column) { return steps[check(column)]; }

    /** The value of layer {@code row} at column {@code column}; NaN if not measured. */
    public double value(int column, int row) {
        float[] c = columns[check(column)];
        return row < c.length ? c[row] : Double.NaN;
    }

    /**
     * The log scale that fits the values: whole decades from below the smallest positive one
     * to above the largest, at least {@code minDecades} wide; {@code fallback} without data.
     */
    public LogScale fittedScale(int minDecades, LogScale fallback) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int c = 0; c < count; c++) {
            for (float v : columns[c]) {
                if (v > 0 && Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (hi == 0) return fallback;
        int top = (int) Math.ceil(Math.log10(hi));
        int bottom = Math.min((int) Math.floor(Math.log10(lo)), top - minDecades);
        return new LogScale(bottom, top);
    }

    private int check(int column) {
        if (column < 0 || column >= count) throw new IndexOutOfBoundsException(column);
        return column;
    }

    /** Appends columns on one thread and publishes immutable prefixes. */
    public static final class Builder {
        private List<String> rows = List.of();
        private long[] steps = new long[256];
        private float[][] columns = new float[256][];
        private int count;

        public void reset(List<String> rowLabels) {
            rows = List.copyOf(rowLabels);
            steps = new long[256];
            columns = new float[256][];
            count = 0;
        }

        public void add(long step, float[] column) {
            if (count == steps.length) {
                steps = Arrays.copyOf(steps, count * 2);
                columns = Arrays.copyOf(columns, count * 2);
            }
            steps[count] = step;
            columns[count] = column;
            count++;
        }

        public int size() {
            return count;
        }

        public HeatmapData build() {
            return new HeatmapData(rows, steps, columns, count);
        }
    }
}
