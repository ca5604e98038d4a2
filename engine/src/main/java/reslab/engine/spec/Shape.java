package reslab.engine.spec;

import java.util.Arrays;

/**
 * The shape of one example's tensor, without the batch dimension:
 * {@code [features]} for dense layers, {@code [channels, height, width]} for images.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements per example. */
    public long size() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** The ND4J shape for a batch: {@code [batch, dims...]}. */
    public long[] withBatch(long batch) {
        long[] s = new long[dims.length + 1];
        s[0] = batch;
        for (int i = 0; i < dims.length; i++) s[i + 1] = dims[i];
        return s;
    }

    public boolean allPositive() {
        for (int d : dims) if (d <= 0) return false;
        return dims.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Reads as in the UI: {@code 32} or {@code 16x32x32}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append('x');
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
