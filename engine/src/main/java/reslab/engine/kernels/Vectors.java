package reslab.engine.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Small arrays (a layer's per-channel parameters and statistics) to and from Java: no ND4J
 * op and no new array per call, which for a vector of 16 values costs more than the values.
 */
public final class Vectors {
    private Vectors() {}

    /** The values of {@code a} (any shape, row-major order) as doubles. */
    public static double[] read(INDArray a) {
        ArrayView v = ArrayView.of(ArrayView.dense(a));
        double[] out = new double[v.length()];
        ArrayView.Scratch s = ArrayView.Scratch.get();
        for (int from = 0; from < out.length; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, out.length - from);
            v.readAsDoubles(from, len, s.d0, s.f);
            System.arraycopy(s.d0, 0, out, from, len);
        }
        return out;
    }

    /** a = values (row-major order); {@code a} must be dense. */
    public static void write(INDArray a, double[] values) {
        ArrayView v = ArrayView.of(a);
        if (values.length != v.length()) throw new IllegalArgumentException("length " + values.length + " into " + v.length());
        ArrayView.Scratch s = ArrayView.Scratch.get();
        for (int from = 0; from < values.length; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, values.length - from);
            System.arraycopy(values, from, s.d0, 0, len);
            v.writeDoubles(from, len, s.d0, s.f);
        }
    }

    /** a += values; {@code a} must be dense. */
    public static void add(INDArray a, double[] values) {
        double[] sum = read(a);
        for (int i = 0; i < sum.length; i++) sum[i] += values[i];
        write(a, sum);
    }
}
