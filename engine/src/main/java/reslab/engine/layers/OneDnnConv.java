package reslab.engine.layers;

import static org.bytedeco.dnnl.global.dnnl.*;
import static reslab.engine.layers.OneDnn.dense;
import static reslab.engine.layers.OneDnn.md;
import static reslab.engine.layers.OneDnn.query;
import static reslab.engine.layers.OneDnn.unsupportedUnless;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float convolution, forward and backward, in oneDNN called directly ({@link OneDnn}). The
 * primitives choose their layouts (nChw16c here, on AVX-512; nChw8c on AVX2). Input and
 * output come and go as the layer hands them: NCHW, reordered in and out, or already in a
 * {@link Blocked} layout, which a network in training keeps from layer to layer.
 *
 * <p>Why not libnd4j's conv2d / conv2d_bp, which also run oneDNN: measured on this 2-core
 * AVX2 machine (batch 64, 3x3, forward + backward data + backward weights, best of 25, one
 * process), ResNet-20's three stages [16@32x32, 32@16x16, 64@8x8] took 6.1 / 5.8 / 5.2 ms in
 * oneDNN with blocked arrays against 11.1 / 7.1 / 5.9 ms through libnd4j with NCHW ones at 2
 * threads, and 11.1 / 11.7 / 9.0 against 16.0 / 11.2 / 8.8 at 1. oneDNN's kernels for NCHW
 * arrays themselves were 1.5-5x slower than its blocked ones. A reorder of a [64, 16, 32, 32]
 * array between NCHW and blocked took 0.12-0.25 ms alone, but 0.3-0.4 ms inside a training
 * step, where caches hold other layers' data: in a ResNet-20 step (2 threads) the 19
 * convolutions' primitives took 100 ms and their reorders 31 ms. Whole steps, alternating
 * in one process with telemetry on: median 320 against 345 ms at 2 threads, 376 against 385
 * at 1. Blocked activations kept from layer to layer save most of the reorders (see {@link
 * Blocked}).
 */
final class OneDnnConv {
    private OneDnnConv() {}

    /**
     * Winograd's F(4x4, 3x3) where it was faster here: 3x3 windows at stride 1 with 32 to 64
     * channels in and out. Measured in ResNet-20 steps (batch 64, 2 threads, AVX-512, mean
     * ms per primitive call, direct against Winograd): 64 -> 64 at 8x8 forward 1.28 against
     * 0.77, each backward 1.61 against 0.78; 32 -> 32 at 16x16 forward 1.38 against 1.08,
     * backward 1.57 against 1.04; but 16 -> 16 at 32x32 forward 1.94 against 2.13, backward
     * 1.65 against 2.18, and 3 -> 16 forward 0.60 against 2.53. Not above 64 channels, where
     * it was not measured and its scratch memory grows with the square of the channels (7-9
     * MB a primitive at 64, 186-260 MB at 512, where direct convolution needs none). Winograd
     * transforms tiles, so its float results round differently from the direct sums
     * (OneDnnConvTest bounds it).
     */
    static boolean winograd(Key k) {
        Window2D win = k.win;
        return win.kernelH() == 3 && win.kernelW() == 3 && win.strideH() == 1 && win.strideW() == 1
                && k.c >= 32 && k.o >= 32 && k.c <= 64 && k.o <= 64;
    }

    /** One convolution's geometry: what its primitives depend on. */
    private record Key(long n, long c, long h, long w, long o, Window2D win, boolean bias) {}

    /**
     * y = conv(x, w) + b into y (float; x and y NCHW or {@link Blocked}, each as given; W
     * OIHW); b may be null. False, with nothing written, where oneDNN does not run or has no
     * implementation for this geometry.
     */
    static boolean forward(INDArray x, INDArray w, INDArray b, INDArray y, Window2D win) {
        Plan p = plan(x, w, win, b != null, y);
        if (p == null) return false;
        p.forward(dense(x), dense(w), dense(b), y);
        return true;
    }

    /**
     * dx (null when not wanted; in x's layout), dW and db (null without bias) of the
     * convolution, written, not added. False, with nothing written, where oneDNN does not run here.
     */
    static boolean backward(INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db, Window2D win) {
        Plan p = plan(x, w, win, db != null, dy);
        if (p == null) return false;
        p.backward(dense(x), dense(w), dense(dy), dx, dw, db);
        return true;
    }

    /** True where oneDNN computes this convolution (so x may come blocked). */
    static boolean runs(INDArray x, INDArray w, Window2D win, boolean bias) {
        return plan(x, w, win, bias, x) != null;
    }

    /**
     * The channel block (8 or 16) of the layout oneDNN computes this convolution's output in,
     * where that is a {@link Blocked} one, so handing the output on so costs nothing; else 0.
     */
    static long outputBlock(INDArray x, INDArray w, Window2D win, boolean bias) {
        Plan p = plan(x, w, win, bias, x);
        return p == null ? 0 : p.outputBlock;
    }

    /** True where oneDNN computes this convolution by Winograd's algorithm ({@link #winograd}). */
    static boolean byWinograd(INDArray x, INDArray w, Window2D win, boolean bias) {
        Plan p = plan(x, w, win, bias, x);
        return p != null && p.byWinograd;
    }

    private static Plan plan(INDArray x, INDArray w, Window2D win, boolean bias, INDArray yOrDy) {
        if (!OneDnn.runs(x, w, yOrDy)) return null;
        long[] image = Blocked.imageShape(x);
        Key k = new Key(image[0], image[1], image[2], image[3], w.size(0), win, bias);
        return OneDnn.plan(k, ctx -> new Plan(k, ctx));
    }

    // Scratch slots.
    private static final int SRC = 0, WEIGHTS = 1, DST = 2, DIFF_SRC = 3, DIFF_DST_W = 4, DIFF_WEIGHTS = 5;

    /** A primitive and the layouts it reads and writes: activation side, weights side, output side. */
    private record Step(dnnl_primitive primitive, dnnl_memory_desc_t act, dnnl_memory_desc_t weights, dnnl_memory_desc_t out) {}

    /**
     * The primitives of one geometry: forward, backward data, backward weights, each with
     * the layouts it chose; the layer's arrays are x and dx NCHW, W and dW OIHW, y and dy
     * NCHW, b [o].
     */
    private static final class Plan extends OneDnn.Plan {
        final long[] xDims, yDims;
        final dnnl_memory_desc_t w, bias;
        final long outputBlock;                 // the forward's output layout: blocks of 8 or 16 channels, or 0
        final boolean byWinograd;
        final Step fwd, bwdData, bwdWeights;

        Plan(Key k, OneDnn.Context ctx) {
            super(ctx);
            Window2D win = k.win;
            xDims = new long[] {k.n, k.c, k.h, k.w};
            yDims = new long[] {k.n, k.o, win.outH(), win.outW()};
            long[] wDims = {k.o, k.c, win.kernelH(), win.kernelW()};
            long[] strides = {win.strideH(), win.strideW()};
            long[] padL = {win.padTop(), win.padLeft()};
            // oneDNN wants the padding the last window really uses: rows past it are never read.
            long[] padR = {(long) (win.outH() - 1) * win.strideH() + win.kernelH() - k.h - win.padTop(),
                    (long) (win.outW() - 1) * win.strideW() + win.kernelW() - k.w - win.padLeft()};
            w = md(wDims, dnnl_oihw);
            bias = k.bias ? md(new long[] {k.o}, dnnl_x) : null;
            dnnl_memory_desc_t xAny = md(xDims, dnnl_format_tag_any), wAny = md(wDims, dnnl_format_tag_any);
            dnnl_memory_desc_t yAny = md(yDims, dnnl_format_tag_any);

            dnnl_primitive_desc[] pds = null;
            if (winograd(k)) {
                try {
                    pds = descs(dnnl_convolution_winograd, xAny, wAny, yAny, strides, padL, padR);
                } catch (OneDnn.Unsupported e) {
                    // oneDNN has Winograd kernels for AVX-512 only: elsewhere direct.
                }
            }
            byWinograd = pds != null;
            if (pds == null) pds = descs(dnnl_convolution_direct, xAny, wAny, yAny, strides, padL, padR);
            dnnl_primitive_desc fpd = pds[0], dpd = pds[1], gpd = pds[2];
            fwd = new Step(primitive(fpd), query(fpd, dnnl_query_src_md), query(fpd, dnnl_query_weights_md),
                    query(fpd, dnnl_query_dst_md));
            bwdData = new Step(primitive(dpd), query(dpd, dnnl_query_diff_src_md), query(dpd, dnnl_query_weights_md),
                    query(dpd, dnnl_query_diff_dst_md));
            bwdWeights = new Step(primitive(gpd), query(gpd, dnnl_query_src_md), query(gpd, dnnl_query_diff_weights_md),
                    query(gpd, dnnl_query_diff_dst_md));
            outputBlock = Blocked.blockOf(fwd.out, yDims);
        }

        /** Forward, backward data and backward weights descriptors for {@code algorithm}. */
        private dnnl_primitive_desc[] descs(int algorithm, dnnl_memory_desc_t xAny, dnnl_memory_desc_t wAny, dnnl_memory_desc_t yAny,
                                            long[] strides, long[] padL, long[] padR) {
            dnnl_convolution_desc_t f = new dnnl_convolution_desc_t();
            unsupportedUnless(dnnl_convolution_forward_desc_init(f, dnnl_forward_training, algorithm,
                    xAny, wAny, bias, yAny, strides, padL, padR), "convolution");
            dnnl_primitive_desc fpd = desc(f, null, "convolution");
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            unsupportedUnless(dnnl_convolution_backward_data_desc_init(d, algorithm, xAny, wAny, yAny,
                    strides, padL, padR), "convolution");
            dnnl_primitive_desc dpd = desc(d, fpd, "convolution");
            dnnl_convolution_desc_t g = new dnnl_convolution_desc_t();
            unsupportedUnless(dnnl_convolution_backward_weights_desc_init(g, algorithm, xAny, wAny,
                    bias, yAny, strides, padL, padR), "convolution");
            dnnl_primitive_desc gpd = desc(g, fpd, "convolution");
            return new dnnl_primitive_desc[] {fpd, dpd, gpd};
        }

        /** y = conv(x, w) + b. */
        void forward(INDArray xa, INDArray wa, INDArray ba, INDArray ya) {
            dnnl_memory_desc_t x = layout("x", xDims, xa), y = layout("y", yDims, ya);
            dnnl_memory xs = in(x, xa, fwd.act, SRC);
            dnnl_memory ws = in(w, wa, fwd.weights, WEIGHTS);
            dnnl_memory ys = out(fwd.out, y, ya, DST);
            if (ba == null) {
                exec(fwd.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_WEIGHTS, ws, DNNL_ARG_DST, ys);
            } else {
                exec(fwd.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_WEIGHTS, ws, DNNL_ARG_BIAS, bind(bias, ba), DNNL_ARG_DST, ys);
            }
            back(fwd.out, ys, y, ya);
        }

        /** dx (if wanted), dW, db (if a bias) written. */
        void backward(INDArray xa, INDArray wa, INDArray dya, INDArray dxa, INDArray dwa, INDArray dba) {
            dnnl_memory_desc_t x = layout("x", xDims, xa), y = layout("y", yDims, dya);     // dx: as x
            dnnl_memory dys = null;
            if (dxa != null) {
                dys = in(y, dya, bwdData.out, DST);
                dnnl_memory ws = in(w, wa, bwdData.weights, WEIGHTS);
                dnnl_memory dxs = out(bwdData.act, x, dxa, DIFF_SRC);
                exec(bwdData.primitive, DNNL_ARG_DIFF_DST, dys, DNNL_ARG_WEIGHTS, ws, DNNL_ARG_DIFF_SRC, dxs);
                back(bwdData.act, dxs, x, dxa);
            }
            dnnl_memory xs = in(x, xa, bwdWeights.act, SRC);
            dnnl_memory dyw = dys != null && dnnl_memory_desc_equal(bwdWeights.out, bwdData.out) != 0
                    ? dys : in(y, dya, bwdWeights.out, DIFF_DST_W);
            dnnl_memory dws = out(bwdWeights.weights, w, dwa, DIFF_WEIGHTS);
            if (dba == null) {
                exec(bwdWeights.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_DIFF_DST, dyw, DNNL_ARG_DIFF_WEIGHTS, dws);
            } else {
                exec(bwdWeights.primitive, DNNL_ARG_SRC, xs, DNNL_ARG_DIFF_DST, dyw, DNNL_ARG_DIFF_WEIGHTS, dws,
                        DNNL_ARG_DIFF_BIAS, bind(bias, dba));
            }
            back(bwdWeights.weights, dws, w, dwa);
        }
    }
}
