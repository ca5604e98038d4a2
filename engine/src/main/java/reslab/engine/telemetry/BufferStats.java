package reslab.engine.telemetry;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;
import reslab.engine.kernels.Blas;

/**
 * Statistics of an array for telemetry, without ND4J's reductions (each ND4J op costs tens of
 * microseconds of fixed overhead; libnd4j's full reductions ran at about 1 ns per value here).
 * Sums, sums of squares and float differences go through OpenBLAS ({@link Blas}), accumulated
 * in double: on a [64, 16, 32, 32] float array (best of 300, one thread) moments took 0.24 ms
 * against 0.65 in a Java loop, and rmsOfDifference 0.33 against 0.92. Counts (saturated,
 * dead) are Java passes, a chunk at a time ({@link ArrayView}).
 */
public final class BufferStats {
    private BufferStats() {}

    /** Mean, variance (over N, not N-1), and the fraction of |x - centre| > threshold. */
    public record Moments(double mean, double variance, double fractionBeyond) {
        public double std() {
            return Math.sqrt(variance);
        }
    }

    /** Sum of squares, accumulated in double (OpenBLAS); NaN or infinity if any element is not finite. */
    public static double sumOfSquares(INDArray a) {
        return Blas.sumOfSquares(ArrayView.dense(a));
    }

    /**
     * RMS of a - b, element by element, without forming a - b (same shapes). NaN or infinity
     * if any element is not finite.
     */
    public static double rmsOfDifference(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shapes differ: " + java.util.Arrays.toString(a.shape()) + " and "
                    + java.util.Arrays.toString(b.shape()));
        }
        if (a.dataType() != b.dataType()) b = b.castTo(a.dataType());
        if (a.dataType() == DataType.FLOAT) {
            return a.length() == 0 ? 0 : Math.sqrt(Blas.sumOfSquaredDifferences(ArrayView.dense(a), ArrayView.dense(b)) / a.length());
        }
        ArrayView va = ArrayView.of(ArrayView.dense(a)), vb = ArrayView.of(ArrayView.dense(b));
        int n = va.length();
        if (n == 0) return 0;
        ArrayView.Scratch s = ArrayView.Scratch.get();
        double total = 0;
        for (int from = 0; from < n; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, n - from);
            if (va.isFloat()) {
                float[] x = s.f0, y = s.f1;
                va.read(from, len, x);
                vb.read(from, len, y);
                float s0 = 0, s1 = 0;
                int i = 0;
                for (; i + 1 < len; i += 2) {
                    float d0 = x[i] - y[i], d1 = x[i + 1] - y[i + 1];
                    s0 = Math.fma(d0, d0, s0);
                    s1 = Math.fma(d1, d1, s1);
                }
                if (i < len) {
                    float d = x[i] - y[i];
                    s0 = Math.fma(d, d, s0);
                }
                total += (double) s0 + s1;
            } else {
                double[] x = s.d0, y = s.d1;
                va.read(from, len, x);
                vb.read(from, len, y);
                for (int i = 0; i < len; i++) {
                    double d = x[i] - y[i];
                    total += d * d;
                }
            }
        }
        return Math.sqrt(total / n);
    }

    public static double norm2(INDArray a) {
        return Math.sqrt(sumOfSquares(a));
    }

    public static double rms(INDArray a) {
        return a.length() == 0 ? 0 : Math.sqrt(sumOfSquares(a) / a.length());
    }

    /**
     * @param centre    values are compared as |x - centre| > threshold (e.g. sigmoid: centre
     *                  0.5, threshold 0.495 is "beyond 0.99 of the range"); NaN threshold skips it
     */
    public static Moments moments(INDArray a, double centre, double threshold) {
        if (a.length() > 0) {
            // Sums by OpenBLAS (Blas#sumAndSumOfSquares), in double; the count, if any, in one Java pass.
            INDArray d = ArrayView.dense(a);
            double[] sums = Blas.sumAndSumOfSquares(d);
            double mean = sums[0] / d.length();
            double beyond = Double.isNaN(threshold) ? Double.NaN : (double) countBeyond(ArrayView.of(d), centre, threshold) / d.length();
            return new Moments(mean, Math.max(0, sums[1] / d.length() - mean * mean), beyond);
        }
        return new Moments(Double.NaN, Double.NaN, Double.NaN);                // no values: nothing to average
    }

    /**
     * How many values x have |x - centre| > threshold, compared in double, in one Java pass
     * over the floats (or doubles). With the sums by OpenBLAS, a sigmoid's or tanh's moments
     * took 0.25 ms on LeNet-5's first tanh output ([64, 6, 28, 28], best of 300) against 0.43
     * for one Java pass that summed too and copied the floats to doubles to count.
     */
    private static long countBeyond(ArrayView v, double centre, double threshold) {
        int n = v.length();
        ArrayView.Scratch s = ArrayView.Scratch.get();
        long beyond = 0;
        for (int from = 0; from < n; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, n - from);
            int c = 0;
            if (v.isFloat()) {
                float[] f = s.f0;
                v.read(from, len, f);
                for (int k = 0; k < len; k++) c += Math.abs(f[k] - centre) > threshold ? 1 : 0;
            } else {
                double[] x = s.d0;
                v.read(from, len, x);
                for (int k = 0; k < len; k++) c += Math.abs(x[k] - centre) > threshold ? 1 : 0;
            }
            beyond += c;
        }
        return beyond;
    }

    /** Fraction of units (all dimensions but the first, the batch) that are <= 0 for every example. */
    public static double deadFraction(INDArray a) {
        ArrayView v = ArrayView.of(ArrayView.dense(a));
        int batch = (int) a.size(0);
        int units = batch == 0 ? 0 : v.length() / batch;
        if (units == 0) return 0;
        // Units still dead so far; most units fire for one of the first few examples, so after
        // those only the few dead candidates are visited.
        int[] dead = new int[units];
        int candidates = 0;
        ArrayView.Scratch s = ArrayView.Scratch.get();
        double[] x = s.d0;
        float[] tmp = s.f;
        for (int from = 0; from < units; from += ArrayView.CHUNK) {             // example 0: every unit
            int len = Math.min(ArrayView.CHUNK, units - from);
            v.readAsDoubles(from, len, x, tmp);
            for (int i = 0; i < len; i++) if (!(x[i] > 0)) dead[candidates++] = from + i;
        }
        for (int e = 1; e < batch && candidates > 0; e++) {
            int base = e * units, kept = 0;
            if (candidates * 8 >= units) {                                          // many: read the example in chunks
                int c = 0;
                for (int from = 0; from < units && c < candidates; from += ArrayView.CHUNK) {
                    int len = Math.min(ArrayView.CHUNK, units - from);
                    v.readAsDoubles(base + from, len, x, tmp);
                    for (; c < candidates && dead[c] < from + len; c++) if (!(x[dead[c] - from] > 0)) dead[kept++] = dead[c];
                }
            } else {                                                                // few: one value each
                for (int c = 0; c < candidates; c++) {
                    v.readAsDoubles(base + dead[c], 1, x, tmp);
                    if (!(x[0] > 0)) dead[kept++] = dead[c];
                }
            }
            candidates = kept;
        }
        return (double) candidates / units;
    }

    /** True when the strides are those of a dense row-major array (size-1 dimensions ignored). */
    static boolean hasRowMajorStrides(INDArray a) {
        return ArrayView.isDense(a);
    }
}
