package reslab.engine.graph;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One backpropagated gradient (dL/d of some activation) as the step-through shows it: its
 * size, a heat strip, and optionally every value. Immutable: arrays are copied in and out.
 *
 * <p>The strip has one value per unit (dimension 1: a feature, or a channel of an image),
 * the RMS over the batch (and the image's positions); past {@code width} units, consecutive
 * units share a bin and the bin shows their RMS.
 */
public final class DeltaView {
    private final long[] shape;
    private final double norm, rms, maxAbs;
    private final double[] strip;
    private final double[] values;   // row-major, or null when not kept

    private DeltaView(long[] shape, double norm, double rms, double maxAbs, double[] strip, double[] values) {
        this.shape = shape;
        this.norm = norm;
        this.rms = rms;
        this.maxAbs = maxAbs;
        this.strip = strip;
        this.values = values;
    }

    static DeltaView of(long[] shape, double[] v, int stripWidth, boolean keepValues) {
        double sumSq = 0, max = 0;
        for (double x : v) {
            sumSq += x * x;
            max = Math.max(max, Math.abs(x));
        }
        return new DeltaView(shape.clone(), Math.sqrt(sumSq), v.length == 0 ? 0 : Math.sqrt(sumSq / v.length), max,
                strip(shape, v, stripWidth), keepValues ? v : null);
    }

    /** {@code a - b}, element by element (same shapes): the part of a sum that did not come through {@code b}. */
    static DeltaView difference(double[] a, double[] b, long[] shape, int stripWidth, boolean keepValues) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return of(shape, d, stripWidth, keepValues);
    }

    private static double[] strip(long[] shape, double[] v, int width) {
        if (shape.length < 2 || v.length == 0 || width <= 0) return new double[0];
        int batch = (int) shape[0], units = (int) shape[1];
        int inner = v.length / (batch * units);                          // positions per unit (h w for images)
        double[] perUnit = new double[units];
        for (int n = 0; n < batch; n++) {
            for (int u = 0; u < units; u++) {
                int base = (n * units + u) * inner;
                for (int p = 0; p < inner; p++) perUnit[u] += v[base + p] * v[base + p];
            }
        }
        int bins = Math.min(width, units);
        double[] out = new double[bins];
        int[] count = new int[bins];
        for (int u = 0; u < units; u++) {
            int b = (int) ((long) u * bins / units);
            out[b] += perUnit[u];
            count[b] += batch * inner;
        }
        for (int b = 0; b < bins; b++) out[b] = Math.sqrt(out[b] / count[b]);
        return out;
    }

    public long[] shape() { return shape.clone(); }

    /** ||delta||_2 over the whole batch. */
    public double norm() { return norm; }

    /** RMS per element: norm / sqrt(count), the depth profile's {@code delta_rms}. */
    public double rms() { return rms; }

    public double maxAbs() { return maxAbs; }

    /** The heat strip: RMS per unit (or per bin of units), at most the width asked for. */
    public double[] strip() { return strip.clone(); }

    public boolean hasValues() { return values != null; }

    /**
     * Every value, row-major in {@link #shape()}.
     *
     * @throws IllegalStateException if the trace was recorded without keeping values
     */
    public double[] values() {
        if (values == null) throw new IllegalStateException("values were not kept; record the trace with keepValues");
        return values.clone();
    }

    /** The values as a new double array of {@link #shape()}. */
    public INDArray toINDArray() {
        return Nd4j.create(values(), shape, DataType.DOUBLE);
    }

    double[] rawValues() { return values; }

    @Override
    public String toString() {
        return "delta" + Arrays.toString(shape) + " rms " + rms + " norm " + norm;
    }
}
