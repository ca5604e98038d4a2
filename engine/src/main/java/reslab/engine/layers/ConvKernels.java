package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The 2-D convolution itself, NCHW with weights [out, in, kh, kw] (libnd4j's wFormat 1, which
 * oneDNN takes as it is). Chosen by measurement (reslab.engine.bench.ConvBenchmark, figures in
 * its class comment): libnd4j's conv2d forward, and for backward either conv2d_bp or, where it
 * is exact, deconv2d (dx) plus deconv2d_bp (dW). conv2d_bp lets oneDNN pick a Winograd
 * backward-data kernel that is several times slower than its forward convolution; the
 * transposed convolution computes the same dx with the direct kernel.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** How backward computes dx and dW; {@link #AUTO} is the measured choice. */
    enum Backward {
        /** One conv2d_bp call: dx, dW (and db) together. */
        CONV2D_BP,
        /** dx = deconv2d(dy, W); dW from deconv2d_bp(dy, W, x). Falls back to CONV2D_BP where sizes do not round-trip. */
        DECONV,
        AUTO
    }

    /** The strategy every convolution uses; tests and the benchmark switch it. */
    static volatile Backward backward = Backward.AUTO;

    private static final int NCHW = 0, OIHW = 1;

    /** y: [batch, out, h', w'] = conv(x, w) + b;  b may be null. */
    static INDArray forward(INDArray x, INDArray w, INDArray b, Window2D win) {
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(0), win.outH(), win.outW());
        INDArray[] in = b == null ? new INDArray[] {x, w} : new INDArray[] {x, w, b};
        NativeOps.exec("conv2d", in, new INDArray[] {y}, NativeOps.concat(win.nd4jArgs(), NCHW, OIHW));
        return y;
    }

    /**
     * Adds dL/dW into {@code dw} and dL/db into {@code db} (both or neither of b, db null);
     * returns dL/dx.  x: [batch, in, h, w], w: [out, in, kh, kw], b: [out], dy: [batch, out, h', w'].
     */
    static INDArray backward(INDArray x, INDArray w, INDArray b, INDArray dy, Window2D win, INDArray dw, INDArray db) {
        INDArray dx = x.ulike();                                                         // [batch, in, h, w]
        INDArray dwStep = w.ulike();                                                     // [out, in, kh, kw]
        if (useDeconv(win)) {
            int[] args = NativeOps.concat(win.nd4jArgs(), NCHW, OIHW);
            // deconv2d reads W [out, in, kh, kw] as its [iC, oC, kH, kW]: the transpose of this convolution.
            NativeOps.exec("deconv2d", new INDArray[] {dy, w}, new INDArray[] {dx}, args);
            // A transposed convolution's weight gradient, given x as its output gradient, is this one's dW;
            // its input gradient (conv(x, W) again) is discarded.
            NativeOps.exec("deconv2d_bp", new INDArray[] {dy, w, x}, new INDArray[] {dy.ulike(), dwStep}, args);
            if (db != null) db.addi(dy.sum(0, 2, 3));                                    // [out]
        } else {
            INDArray dbStep = db == null ? null : db.ulike();
            INDArray[] in = db == null ? new INDArray[] {x, w, dy} : new INDArray[] {x, w, b, dy};
            INDArray[] out = db == null ? new INDArray[] {dx, dwStep} : new INDArray[] {dx, dwStep, dbStep};
            NativeOps.exec("conv2d_bp", in, out, NativeOps.concat(win.nd4jArgs(), NCHW, OIHW));
            if (db != null) db.addi(dbStep);
        }
        dw.addi(dwStep);
        return dx;
    }

    /**
     * The transposed convolution reproduces the input size only when no input row or column
     * was left unread and the padding is one libnd4j's deconv2d applies the same way.
     */
    static boolean useDeconv(Window2D win) {
        Backward b = backward;
        if (b == Backward.CONV2D_BP) return false;
        boolean same = win.padding().mode() == reslab.engine.spec.Padding.Mode.SAME;
        boolean roundTrips = same
                ? (long) win.outH() * win.strideH() == win.inH() && (long) win.outW() * win.strideW() == win.inW()
                : win.symmetric()
                        && (win.outH() - 1) * win.strideH() + win.kernelH() - 2 * win.padTop() == win.inH()
                        && (win.outW() - 1) * win.strideW() + win.kernelW() - 2 * win.padLeft() == win.inW();
        return roundTrips;
    }
}
