package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The 2-D convolution itself, NCHW with weights [out, in, kh, kw] (libnd4j's wFormat 1, which
 * oneDNN reads as it is): libnd4j's conv2d forward and conv2d_bp backward, both oneDNN for
 * float on the oneDNN builds.
 *
 * <p>Chosen by measurement (reslab.engine.bench.LayerBenchmark; CPU ms per call, one thread,
 * outputs preallocated, [64, c, s, s] 3x3 stride 1): conv2d_bp (dx and dW in one call) took
 * 13.3 / 8.2 / 7.1 ms for c = 16 / 32 / 64; computing dx by deconv2d and dW by deconv2d_bp
 * instead took 6.0 + 12.3 / 4.7 + 8.9 / 3.7 + 8.0 ms (deconv2d_bp also recomputes the forward
 * convolution); im2col + gemm + col2im took ~300 ms for c = 16; SameDiff's conv2d with OIYX
 * weights fails in backward ("Op validation failed"). Weights [kh, kw, in, out] (wFormat 0)
 * are no faster: oneDNN reorders either into its blocked layout, a few microseconds for these
 * sizes. NHWC activations would save oneDNN's activation reorders (~25% of a layer) at the cost
 * of a layout every other layer and the spec would have to know about.
 */
final class ConvKernels {
    private ConvKernels() {}

    private static final int NCHW = 0, OIHW = 1;

    /** y: [batch, out, h', w'] = conv(x, w) + b;  b may be null. */
    static INDArray forward(INDArray x, INDArray w, INDArray b, Window2D win, Buffers buffers) {
        INDArray y = buffers.get("y", x.dataType(), x.size(0), w.size(0), win.outH(), win.outW());
        INDArray[] in = b == null ? new INDArray[] {x, w} : new INDArray[] {x, w, b};
        NativeOps.exec("conv2d", in, new INDArray[] {y}, NativeOps.concat(win.nd4jArgs(), NCHW, OIHW));
        return y;
    }

    /**
     * Adds dL/dW into {@code dw} and dL/db into {@code db} (both or neither of b, db null);
     * returns dL/dx.  x: [batch, in, h, w], w: [out, in, kh, kw], b: [out], dy: [batch, out, h', w'].
     */
    static INDArray backward(INDArray x, INDArray w, INDArray b, INDArray dy, Window2D win, INDArray dw, INDArray db,
                             Buffers buffers) {
        INDArray dx = buffers.get("dx", x.dataType(), x.shape());                        // [batch, in, h, w]
        INDArray dwStep = buffers.get("dW", w.dataType(), w.shape());                    // [out, in, kh, kw]
        INDArray dbStep = db == null ? null : buffers.get("db", db.dataType(), db.shape()); // [out]
        INDArray[] in = db == null ? new INDArray[] {x, w, dy} : new INDArray[] {x, w, b, dy};
        INDArray[] out = db == null ? new INDArray[] {dx, dwStep} : new INDArray[] {dx, dwStep, dbStep};
        NativeOps.exec("conv2d_bp", in, out, NativeOps.concat(win.nd4jArgs(), NCHW, OIHW));
        dw.addi(dwStep);
        if (db != null) db.addi(dbStep);
        return dx;
    }
}
