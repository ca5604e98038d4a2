package reslab.engine.telemetry;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Statistics of an array in one pass over its memory, in Java. For the small tensors of
 * telemetry this beats a chain of ND4J reductions by far: each ND4J op costs tens of
 * microseconds of fixed overhead, a Java pass over 2,000 floats about one.
 */
public final class BufferStats {
    private BufferStats() {}

    /** Mean, variance (over N, not N-1), and the fraction of |x - centre| > threshold. */
    public record Moments(double mean, double variance, double fractionBeyond) {
        public double std() {
            return Math.sqrt(variance);
        }
    }

    /** Sum of squares; NaN or infinity if any element is not finite. */
    public static double sumOfSquares(INDArray a) {
        INDArray c = contiguous(a);
        long n = c.length();
        int off = (int) c.offset();
        double s = 0;
        if (c.dataType() == DataType.FLOAT) {
            FloatBuffer b = c.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                double v = b.get(off + i);
                s += v * v;
            }
        } else {
            DoubleBuffer b = c.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                double v = b.get(off + i);
                s += v * v;
            }
        }
        return s;
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
        INDArray ca = contiguous(a), cb = contiguous(b);
        long n = ca.length();
        if (n == 0) return 0;
        int offA = (int) ca.offset(), offB = (int) cb.offset();
        double s = 0;
        if (ca.dataType() == DataType.FLOAT && cb.dataType() == DataType.FLOAT) {
            FloatBuffer x = ca.data().asNioFloat(), y = cb.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                double d = (double) x.get(offA + i) - y.get(offB + i);
                s += d * d;
            }
        } else {
            DoubleBuffer x = ca.data().asNioDouble(), y = cb.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                double d = x.get(offA + i) - y.get(offB + i);
                s += d * d;
            }
        }
        return Math.sqrt(s / n);
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
        INDArray c = contiguous(a);
        long n = c.length();
        int off = (int) c.offset();
        double sum = 0, sumSq = 0;
        long beyond = 0;
        boolean count = !Double.isNaN(threshold);
        if (c.dataType() == DataType.FLOAT) {
            FloatBuffer b = c.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                double v = b.get(off + i);
                sum += v;
                sumSq += v * v;
                if (count && Math.abs(v - centre) > threshold) beyond++;
            }
        } else {
            DoubleBuffer b = c.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                double v = b.get(off + i);
                sum += v;
                sumSq += v * v;
                if (count && Math.abs(v - centre) > threshold) beyond++;
            }
        }
        double mean = sum / n;
        double variance = Math.max(0, sumSq / n - mean * mean);
        return new Moments(mean, variance, count ? (double) beyond / n : Double.NaN);
    }

    /** Fraction of units (all dimensions but the first, the batch) that are <= 0 for every example. */
    public static double deadFraction(INDArray a) {
        INDArray c = contiguous(a);
        int batch = (int) c.size(0);
        int units = (int) (c.length() / batch);
        int off = (int) c.offset();
        boolean[] alive = new boolean[units];
        if (c.dataType() == DataType.FLOAT) {
            FloatBuffer b = c.data().asNioFloat();
            for (int e = 0; e < batch; e++) {
                int base = off + e * units;
                for (int u = 0; u < units; u++) if (b.get(base + u) > 0) alive[u] = true;
            }
        } else {
            DoubleBuffer b = c.data().asNioDouble();
            for (int e = 0; e < batch; e++) {
                int base = off + e * units;
                for (int u = 0; u < units; u++) if (b.get(base + u) > 0) alive[u] = true;
            }
        }
        int dead = 0;
        for (boolean x : alive) if (!x) dead++;
        return units == 0 ? 0 : (double) dead / units;
    }

    /** The array itself if its elements lie in order from its offset, else a compact copy. */
    private static INDArray contiguous(INDArray a) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) a = a.castTo(DataType.DOUBLE);
        return hasRowMajorStrides(a) && a.offset() + a.length() <= a.data().length() ? a : a.dup('c');
    }

    /** True when the strides are those of a dense row-major array (size-1 dimensions ignored). */
    static boolean hasRowMajorStrides(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }
}
