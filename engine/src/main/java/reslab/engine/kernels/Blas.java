package reslab.engine.kernels;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products straight through OpenBLAS's cblas_sgemm/dgemm, the routine ND4J's gemm ends
 * in. Nd4j.gemm spends about 20 microseconds in Java checks before the call, which for the
 * 64 x 32 x 32 products of a small dense net is seven times the product itself (measured
 * here: 22 us against 3 us). Arrays that are not dense row-major go through Nd4j.gemm.
 */
public final class Blas {
    private Blas() {}

    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    /**
     * c = alpha op(a) op(b) + beta c, op = transpose or not. a, b, c 2-D, one type (float or
     * double); c [m, n], op(a) [m, k], op(b) [k, n].
     */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        DataType dt = c.dataType();
        boolean direct = a.rank() == 2 && b.rank() == 2 && c.rank() == 2 && a.dataType() == dt && b.dataType() == dt
                && (dt == DataType.FLOAT || dt == DataType.DOUBLE)
                && ArrayView.isDense(a) && ArrayView.isDense(b) && ArrayView.isDense(c);
        if (!direct) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        int m = (int) c.size(0), n = (int) c.size(1);
        int k = (int) (transA ? a.size(0) : a.size(1));
        if ((transA ? a.size(1) : a.size(0)) != m || (transB ? b.size(1) : b.size(0)) != k || (transB ? b.size(0) : b.size(1)) != n) {
            throw new IllegalArgumentException("gemm shapes do not match: " + java.util.Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " x " + java.util.Arrays.toString(b.shape()) + (transB ? "^T" : "") + " into "
                    + java.util.Arrays.toString(c.shape()));
        }
        if (m == 0 || n == 0) return;
        int lda = (int) a.size(1), ldb = (int) b.size(1), ldc = n;
        int ta = transA ? TRANS : NO_TRANS, tb = transB ? TRANS : NO_TRANS;
        if (dt == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha, floats(a), Math.max(1, lda), floats(b),
                    Math.max(1, ldb), (float) beta, floats(c), Math.max(1, ldc));
        } else {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, doubles(a), Math.max(1, lda), doubles(b),
                    Math.max(1, ldb), beta, doubles(c), Math.max(1, ldc));
        }
    }

    /**
     * c[cOffset...] = alpha op(A) op(B) + beta c on raw row-major blocks inside dense arrays of
     * one type: A starts {@code aOffset} elements into {@code a} (after a's own offset) with
     * row length lda, and so on. For walking one array block by block without an ND4J view
     * per block (a view costs more than a small product).
     */
    public static void gemm(INDArray a, long aOffset, int lda, INDArray b, long bOffset, int ldb, INDArray c, long cOffset, int ldc,
                            boolean transA, boolean transB, int m, int n, int k, double alpha, double beta) {
        DataType dt = c.dataType();
        if (a.dataType() != dt || b.dataType() != dt || !ArrayView.isDense(a) || !ArrayView.isDense(b) || !ArrayView.isDense(c)) {
            throw new IllegalArgumentException("raw gemm needs dense arrays of one type");
        }
        int ta = transA ? TRANS : NO_TRANS, tb = transB ? TRANS : NO_TRANS;
        if (dt == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha, at(floats(a), aOffset), lda,
                    at(floats(b), bOffset), ldb, (float) beta, at(floats(c), cOffset), ldc);
        } else if (dt == DataType.DOUBLE) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, at(doubles(a), aOffset), lda,
                    at(doubles(b), bOffset), ldb, beta, at(doubles(c), cOffset), ldc);
        } else {
            throw new IllegalArgumentException("raw gemm needs float or double, got " + dt);
        }
    }

    /**
     * The sum of the squares of a's values, accumulated in double: OpenBLAS's cblas_dsdot for
     * float, cblas_ddot for double; NaN or infinity if any value is. a dense row-major
     * ({@link ArrayView#supports}). Measured here on a [64, 16, 32, 32] float array: 0.12 ms,
     * against 0.43 ms for a Java loop and 0.6-1.0 ms for ND4J's norm2, whose float sum was 2e-4
     * off.
     */
    public static double sumOfSquares(INDArray a) {
        if (!ArrayView.supports(a)) throw new IllegalArgumentException("needs a dense float or double array");
        int n = Math.toIntExact(a.length());
        if (n == 0) return 0;
        if (a.dataType() == DataType.FLOAT) {
            FloatPointer f = floats(a);
            return openblas_nolapack.cblas_dsdot(n, f, 1, f, 1);
        }
        DoublePointer d = doubles(a);
        return openblas_nolapack.cblas_ddot(n, d, 1, d, 1);
    }

    /**
     * Values per OpenBLAS call in {@link #sumAndSumOfSquares} and {@link #sumOfSquaredDifferences}: 32 KB of
     * floats, which stay in cache, and fewer than the 10,000 above which OpenBLAS splits
     * level-1 calls among its threads (on the telemetry thread those would compete with training).
     */
    private static final int RUN = 8192;
    private static final FloatPointer ONES = new FloatPointer(RUN);
    private static final DoublePointer ONES_D = new DoublePointer(RUN);
    private static final ThreadLocal<FloatPointer> DIFFERENCE = ThreadLocal.withInitial(() -> new FloatPointer(RUN));

    static {
        float[] f = new float[RUN];
        double[] d = new double[RUN];
        java.util.Arrays.fill(f, 1f);
        java.util.Arrays.fill(d, 1d);
        ONES.put(f);
        ONES_D.put(d);
    }

    /**
     * {sum of a's values, sum of their squares}, accumulated in double: dot products with
     * ones and with itself (cblas_dsdot for float, which rounds within its runs here, about
     * 1e-9 of the sum; cblas_ddot for double), run by run, so that the second product of a
     * run reads it from cache and the array crosses the memory bus once. NaN or infinity if
     * any value is. a dense row-major ({@link ArrayView#supports}). For telemetry's moments
     * (reslab.engine.telemetry.BufferStats has the figures).
     */
    public static double[] sumAndSumOfSquares(INDArray a) {
        if (!ArrayView.supports(a)) throw new IllegalArgumentException("needs a dense float or double array");
        long n = a.length();
        double sum = 0, squares = 0;
        if (a.dataType() == DataType.FLOAT) {
            FloatPointer f = floats(a);
            for (long from = 0; from < n; from += RUN) {
                int len = (int) Math.min(RUN, n - from);
                FloatPointer run = at(f, from);
                squares += openblas_nolapack.cblas_dsdot(len, run, 1, run, 1);
                sum += openblas_nolapack.cblas_dsdot(len, run, 1, ONES, 1);
            }
        } else {
            DoublePointer d = doubles(a);
            for (long from = 0; from < n; from += RUN) {
                int len = (int) Math.min(RUN, n - from);
                DoublePointer run = at(d, from);
                squares += openblas_nolapack.cblas_ddot(len, run, 1, run, 1);
                sum += openblas_nolapack.cblas_ddot(len, run, 1, ONES_D, 1);
            }
        }
        return new double[] {sum, squares};
    }

    /**
     * The sum of (a - b)^2 over two dense float arrays of one length, accumulated in double:
     * per run of values, the difference in float (cblas_scopy, cblas_saxpy) into a per-thread
     * buffer, then cblas_dsdot. NaN or infinity if any value is.
     */
    public static double sumOfSquaredDifferences(INDArray a, INDArray b) {
        if (a.dataType() != DataType.FLOAT || b.dataType() != DataType.FLOAT || !ArrayView.supports(a) || !ArrayView.supports(b)
                || a.length() != b.length()) {
            throw new IllegalArgumentException("needs two dense float arrays of one length");
        }
        long n = a.length();
        FloatPointer fa = floats(a), fb = floats(b), d = DIFFERENCE.get();
        double total = 0;
        for (long from = 0; from < n; from += RUN) {
            int len = (int) Math.min(RUN, n - from);
            openblas_nolapack.cblas_scopy(len, at(fa, from), 1, d, 1);
            openblas_nolapack.cblas_saxpy(len, -1f, at(fb, from), 1, d, 1);
            total += openblas_nolapack.cblas_dsdot(len, d, 1, d, 1);
        }
        return total;
    }

    private static FloatPointer at(FloatPointer p, long offset) {
        return offset == 0 ? p : new FloatPointer(p).position(p.position() + offset);
    }

    private static DoublePointer at(DoublePointer p, long offset) {
        return offset == 0 ? p : new DoublePointer(p).position(p.position() + offset);
    }

    private static FloatPointer floats(INDArray a) {
        Pointer p = a.data().addressPointer();
        FloatPointer f = p instanceof FloatPointer fp && a.offset() == 0 ? fp : new FloatPointer(p);
        return a.offset() == 0 ? f : f.position(a.offset());
    }

    private static DoublePointer doubles(INDArray a) {
        Pointer p = a.data().addressPointer();
        DoublePointer d = p instanceof DoublePointer dp && a.offset() == 0 ? dp : new DoublePointer(p);
        return a.offset() == 0 ? d : d.position(a.offset());
    }
}
