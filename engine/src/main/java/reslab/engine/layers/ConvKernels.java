package reslab.engine.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;
import reslab.engine.kernels.Blas;
import reslab.engine.kernels.Vectors;

/**
 * The 2-D convolution itself, NCHW with weights [out, in, kh, kw]. Float convolutions run in
 * oneDNN called directly ({@link OneDnnConv}, which has the figures); the rest (double, and
 * float where oneDNN's library is missing) in libnd4j's conv2d forward and conv2d_bp backward,
 * with libnd4j's wFormat 1, which its oneDNN reads as it is.
 *
 * <p>The libnd4j path was chosen by measurement before OneDnnConv existed (reslab.engine.bench.LayerBenchmark, [64, 16, 32, 32] 3x3 stride 1,
 * one thread, median ms forward + backward, two quiet runs): this layer 17.6 / 20.5; conv2d +
 * conv2d_bp with fresh outputs 21.8 / 23.1; with weights [kh, kw, in, out] (wFormat 0) 28.3 /
 * 21.5, no gain: oneDNN reorders either into its blocked layout; dx by deconv2d and dW by
 * deconv2d_bp (which recomputes the forward convolution) 23.0 / 22.4; im2col + gemm + col2im
 * 313 / 302; SameDiff's conv2d with OIYX weights fails in backward (conv2d_bp "Op validation
 * failed"). On its own, outputs preallocated, conv2d_bp took 13.3 / 8.2 / 7.1 ms for 16 / 32 /
 * 64 channels (at 32x32 / 16x16 / 8x8) against 18.3 / 13.6 / 11.7 for the deconv pair. NHWC
 * activations (20-22 ms) would save oneDNN's activation reorders at the cost of a layout that
 * every other layer, and telemetry, would have to know about. The generic (non-oneDNN) build
 * took 524 ms for this layer.
 */
final class ConvKernels {
    private ConvKernels() {}

    private static final int NCHW = 0, OIHW = 1;

    /** Blocked arrays come only where oneDNN computes the layer (Conv2D checks before it takes one). */
    private static void requireImages(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (Blocked.is(a)) throw new IllegalStateException("oneDNN declined a convolution on blocked arrays");
        }
    }

    /**
     * y: [batch, out, h', w'] = conv(x, w) + b;  b may be null. y is made in {@code yShape}:
     * that, or its {@link Blocked} form, which (as a blocked x) only oneDNN computes.
     */
    static INDArray forward(INDArray x, INDArray w, INDArray b, Window2D win, long[] yShape, Buffers buffers) {
        INDArray y = buffers.get("y", x.dataType(), yShape);
        if (OneDnnConv.forward(x, w, b, y, win)) return y;
        requireImages(x, y);
        INDArray[] in = b == null ? new INDArray[] {x, w} : new INDArray[] {x, w, b};
        NativeOps.exec("conv2d", in, new INDArray[] {y}, NativeOps.concat(win.nd4jArgs(), NCHW, OIHW));
        return y;
    }

    /**
     * Adds dL/dW into {@code dw} and dL/db into {@code db} (db may be null), without dL/dx: for
     * a first layer, whose input is the data. libnd4j has no op for the weight gradient alone,
     * and conv2d_bp's input gradient is the costly half where the input has few channels.
     * Per example: cols[c kh kw, oh ow] (im2col in Java, into a reused array), then one
     * product dW[o, c kh kw] += dy[e] cols^T by BLAS, reading dy[e] = [o, oh ow] where it lies;
     * db[o] += the sum of dy[o]. An example's columns (27 x 1024 values for ResNet-20's first
     * conv) stay in cache between im2col and the product.
     *
     * <p>Measured (LayerBenchmark, batch 64, float, one thread, forward + backward, median cpu
     * ms, machine shared with another job): LeNet-5's C1 [64,1,32,32] 5x5 -> 6, conv2d_bp 9.3,
     * this 3.2; ResNet-20's first conv [64,3,32,32] 3x3 -> 16, conv2d_bp 7.3-8.4, this 6.1.
     * The first version (columns of all 64 examples and a transposed copy of dy, one product)
     * took 3.7 and 7.1.
     */
    static void weightGradient(INDArray x, INDArray dy, Window2D win, INDArray dw, INDArray db, Buffers buffers) {
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        int o = (int) dy.size(1), oh = win.outH(), ow = win.outW(), kh = win.kernelH(), kw = win.kernelW();
        int taps = c * kh * kw, positions = oh * ow, image = c * h * w;
        boolean f = x.dataType() == DataType.FLOAT;
        INDArray xd = ArrayView.dense(x), dyd = ArrayView.dense(dy);
        if (dyd.dataType() != x.dataType()) dyd = dyd.castTo(x.dataType());
        INDArray cols = buffers.get("cols", x.dataType(), taps, positions);                 // [c kh kw, oh ow]
        INDArray dwd = ArrayView.isDense(dw) ? dw : dw.dup('c');                            // [o, c kh kw]
        ArrayView vx = ArrayView.of(xd), vc = ArrayView.of(cols);
        Staging st = Staging.LOCAL.get();
        Object xs = st.take(0, image, f), colsJ = st.take(1, taps * positions, f);
        for (int e = 0; e < n; e++) {
            read(vx, e * image, xs, image, f);
            for (int t = 0; t < taps; t++) {                                   // one row of cols: tap (ic, p, q)
                im2colRow(xs, 0, colsJ, t * positions, t / (kh * kw), t / kw % kh, t % kw, h, w, win);
            }
            write(vc, 0, colsJ, taps * positions, f);
            Blas.gemm(dyd, (long) e * o * positions, positions, cols, 0, positions, dwd, 0, taps,
                    false, true, o, taps, positions, 1.0, 1.0);
        }
        if (db != null) {
            ArrayView vd = ArrayView.of(dyd);
            ArrayView.Scratch s = ArrayView.Scratch.get();
            double[] gb = st.bias(o);
            for (int k = 0; k < n * o; k++) {
                double sum = 0;
                for (int from = 0; from < positions; from += ArrayView.CHUNK) {
                    int l = Math.min(ArrayView.CHUNK, positions - from);
                    vd.readAsDoubles(k * positions + from, l, s.d0, s.f);
                    for (int i = 0; i < l; i++) sum += s.d0[i];
                }
                gb[k % o] += sum;
            }
            Vectors.add(db, gb);
        }
        if (dwd != dw) dw.assign(dwd);
    }

    /** Java arrays the weight-gradient kernel reuses from step to step, per thread. */
    private static final class Staging {
        static final ThreadLocal<Staging> LOCAL = ThreadLocal.withInitial(Staging::new);
        private final float[][] floats = new float[2][0];
        private final double[][] doubles = new double[2][0];
        private double[] bias = new double[0];

        /** Slot k's array of at least len values, float or double. */
        Object take(int k, int len, boolean f) {
            if (f) {
                if (floats[k].length < len) floats[k] = new float[len];
                return floats[k];
            }
            if (doubles[k].length < len) doubles[k] = new double[len];
            return doubles[k];
        }

        /** o zeros. */
        double[] bias(int o) {
            if (bias.length != o) bias = new double[o];
            else java.util.Arrays.fill(bias, 0);
            return bias;
        }
    }

    /**
     * The im2col row of tap (ic, p, q) for the example at xs[xAt...]:
     * row[at + i ow + j] = x[ic, i sh + p - padTop, j sw + q - padLeft], or 0 outside the input.
     */
    private static void im2colRow(Object xs, int xAt, Object row, int at, int ic, int p, int q, int h, int w, Window2D win) {
        int oh = win.outH(), ow = win.outW(), sh = win.strideH(), sw = win.strideW();
        // Output columns j whose input column j sw + q - padLeft lies inside: [j0, j1).
        int j0 = Math.min(ow, Math.max(0, (win.padLeft() - q + sw - 1) / sw));
        int j1 = Math.max(j0, Math.min(ow, Math.floorDiv(w - 1 + win.padLeft() - q, sw) + 1));
        for (int i = 0; i < oh; i++) {
            int xi = i * sh + p - win.padTop(), r = at + i * ow;
            if (xi < 0 || xi >= h) {
                zero(row, r, r + ow);
                continue;
            }
            int base = xAt + (ic * h + xi) * w + q - win.padLeft();
            zero(row, r, r + j0);
            if (sw == 1) {
                System.arraycopy(xs, base + j0, row, r + j0, j1 - j0);
            } else if (xs instanceof float[] xf) {
                float[] rf = (float[]) row;
                for (int j = j0; j < j1; j++) rf[r + j] = xf[base + j * sw];
            } else {
                double[] xd = (double[]) xs, rd = (double[]) row;
                for (int j = j0; j < j1; j++) rd[r + j] = xd[base + j * sw];
            }
            zero(row, r + j1, r + ow);
        }
    }

    private static void zero(Object a, int from, int to) {
        if (from >= to) return;
        if (a instanceof float[] f) java.util.Arrays.fill(f, from, to, 0f);
        else java.util.Arrays.fill((double[]) a, from, to, 0d);
    }

    private static void read(ArrayView v, int from, Object dst, int len, boolean f) {
        if (f) v.read(from, len, (float[]) dst);
        else v.read(from, len, (double[]) dst);
    }

    private static void write(ArrayView v, int from, Object src, int len, boolean f) {
        if (f) v.write(from, len, (float[]) src);
        else v.write(from, len, (double[]) src);
    }

    /**
     * Whether {@link #weightGradient} is the faster way for this input: few channels, and fewer
     * still when ND4J has several threads, because its many small products gain nothing from
     * OpenBLAS's threads while conv2d_bp gains from oneDNN's. Measured (LayerBenchmark, batch
     * 64, float, median ms forward + backward, this path against conv2d_bp): one thread,
     * LeNet-5's C1 (1 channel) 4.2 / 18.7 and ResNet-20's first conv (3 channels) 6.7 / 10.0;
     * two threads, 3.2-3.8 / 8.2-11.4 and 13.5-13.6 / 5.9-7.1. More channels not measured.
     * Where oneDNN runs directly ({@link OneDnnConv}) its weight gradient alone is faster still:
     * 0.9 / 1.4 ms at one thread and 0.7 / 0.8 at two, against 2.8 / 5.5 and 2.9 / 5.8 for this
     * path (dW alone, best of 34, the same process).
     */
    static boolean weightGradientFits(INDArray x, Window2D win) {
        if (OneDnn.runs(x)) return false;
        return x.size(1) <= (NativeOps.threads() > 1 ? 1 : 3);
    }

    /**
     * Adds dL/dW into {@code dw} and dL/db into {@code db} (both or neither of b, db null);
     * returns dL/dx, or null when it is not wanted (oneDNN then skips computing it).
     * x: [batch, in, h, w], w: [out, in, kh, kw], b: [out], dy: [batch, out, h', w'].
     */
    static INDArray backward(INDArray x, INDArray w, INDArray b, INDArray dy, Window2D win, INDArray dw, INDArray db,
                             boolean dxWanted, Buffers buffers) {
        INDArray dx = buffers.get("dx", x.dataType(), x.shape());                        // [batch, in, h, w]
        INDArray dwStep = buffers.get("dW", w.dataType(), w.shape());                    // [out, in, kh, kw]
        INDArray dbStep = db == null ? null : buffers.get("db", db.dataType(), db.shape()); // [out]
        if (!OneDnnConv.backward(x, w, dy, dxWanted ? dx : null, dwStep, dbStep, win)) {
            requireImages(x, dy);
            INDArray[] in = db == null ? new INDArray[] {x, w, dy} : new INDArray[] {x, w, b, dy};
            INDArray[] out = db == null ? new INDArray[] {dx, dwStep} : new INDArray[] {dx, dwStep, dbStep};
            NativeOps.exec("conv2d_bp", in, out, NativeOps.concat(win.nd4jArgs(), NCHW, OIHW));
        }
        dw.addi(dwStep);
        if (db != null) db.addi(dbStep);
        return dxWanted ? dx : null;
    }
}
