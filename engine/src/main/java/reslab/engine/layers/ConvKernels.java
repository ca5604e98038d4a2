package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The 2-D convolution itself, NCHW with weights [out, in, kh, kw] (libnd4j's wFormat 1, which
 * oneDNN reads as it is): libnd4j's conv2d forward and conv2d_bp backward, both oneDNN for
 * float on the oneDNN builds.
 *
 * <p>Chosen by measurement (reslab.engine.bench.LayerBenchmark, [64, 16, 32, 32] 3x3 stride 1,
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
