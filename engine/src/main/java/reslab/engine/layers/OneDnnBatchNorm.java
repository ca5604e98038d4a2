package reslab.engine.layers;

import static org.bytedeco.dnnl.global.dnnl.*;
import static reslab.engine.layers.OneDnn.dense;
import static reslab.engine.layers.OneDnn.md;
import static reslab.engine.layers.OneDnn.unsupportedUnless;

import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation in training mode, forward and backward, in oneDNN ({@link OneDnn}): the
 * batch mean and biased variance per channel, y = gamma (x - mean) / sqrt(var + eps) + beta,
 * and its backward through the batch statistics, as {@link BatchNorm} defines them. The
 * layer's arrays are NCHW or {@link Blocked}; the primitives run on a blocked input's own
 * layout, and on nChw8c for an NCHW input whose channels come in eights, reordered in and
 * out. The running statistics' update, evaluation on NCHW input and [batch, c] inputs stay
 * in BatchNorm's Java loops; evaluation on blocked input runs here ({@link #infer}).
 *
 * <p>Measured alone ([64, c, h, w] of ResNet-20, best of 34, forward + backward, with ReLU
 * fused), 16@32x32 / 32@16x16 / 64@8x8 took 2.9 / 1.5 / 0.7 ms on NCHW arrays at 2 threads
 * and 0.4 / 0.3 / 0.1 on blocked ones; a reorder of [64, 16, 32, 32] takes 0.12-0.4 ms, and
 * a call makes two (forward) or three (backward). Whole ResNet-20 steps at 2 threads,
 * alternating processes: 172 / 177 / 198 ms blocked against 177 / 207 / 248 on NCHW. Before,
 * BatchNorm's Java loops plus ReLU took about 11 ms for one 16@32x32 layer in a step. Not
 * fused with ReLU: the telemetry needs batch norm's own output and gradient.
 */
final class OneDnnBatchNorm {
    private OneDnnBatchNorm() {}

    /** block: the input's channel block (8 or 16) where it comes {@link Blocked}, else 0. */
    private record Key(long n, long c, long h, long w, float epsilon, long block) {}

    /**
     * y = the normalised x, and the batch's mean and biased variance per channel into mean and
     * var ([c]). False, with nothing written, where oneDNN does not run here.
     */
    static boolean forward(INDArray x, INDArray gamma, INDArray beta, double epsilon, INDArray y, INDArray mean, INDArray var) {
        Plan p = plan(x, gamma, beta, epsilon);
        if (p == null) return false;
        dnnl_memory xs = p.in(p.layout("x", p.dims, x), dense(x), p.inner, 0);
        dnnl_memory_desc_t ymd = p.layout("y", p.dims, y);
        dnnl_memory ys = p.out(p.inner, ymd, y, 1);
        p.exec(p.forward, DNNL_ARG_SRC, xs, DNNL_ARG_DST, ys,
                DNNL_ARG_SCALE, p.bind(p.scale, dense(gamma)), DNNL_ARG_SHIFT, p.bind(p.shift, dense(beta)),
                DNNL_ARG_MEAN, p.bind(p.mean, mean), DNNL_ARG_VARIANCE, p.bind(p.variance, var));
        p.back(p.inner, ys, ymd, y);
        return true;
    }

    /**
     * Evaluation: y = gamma (x - mean) / sqrt(var + eps) + beta with the given (running) mean
     * and var ([c]). False, with nothing written, where oneDNN does not run here.
     */
    static boolean infer(INDArray x, INDArray gamma, INDArray beta, double epsilon, INDArray mean, INDArray var, INDArray y) {
        Plan p = plan(x, gamma, beta, epsilon);
        if (p == null || !OneDnn.runs(mean, var)) return false;
        dnnl_memory xs = p.in(p.layout("x", p.dims, x), dense(x), p.inner, 0);
        dnnl_memory_desc_t ymd = p.layout("y", p.dims, y);
        dnnl_memory ys = p.out(p.inner, ymd, y, 1);
        p.exec(p.inference, DNNL_ARG_SRC, xs, DNNL_ARG_DST, ys,
                DNNL_ARG_SCALE, p.bind(p.scale, dense(gamma)), DNNL_ARG_SHIFT, p.bind(p.shift, dense(beta)),
                DNNL_ARG_MEAN, p.bind(p.mean, dense(mean)), DNNL_ARG_VARIANCE, p.bind(p.variance, dense(var)));
        p.back(p.inner, ys, ymd, y);
        return true;
    }

    /**
     * dx, and dL/dgamma, dL/dbeta written (not added), from the forward's x, mean and var.
     * False, with nothing written, where oneDNN does not run here.
     */
    static boolean backward(INDArray x, INDArray mean, INDArray var, INDArray dy, INDArray gamma, INDArray beta, double epsilon,
                            INDArray dx, INDArray dGamma, INDArray dBeta) {
        if (!OneDnn.runs(dy)) return false;
        Plan p = plan(x, gamma, beta, epsilon);
        if (p == null) return false;
        dnnl_memory xs = p.in(p.layout("x", p.dims, x), dense(x), p.inner, 0);
        dnnl_memory dys = p.in(p.layout("dy", p.dims, dy), dense(dy), p.inner, 1);
        dnnl_memory_desc_t dxmd = p.layout("dx", p.dims, dx);
        dnnl_memory dxs = p.out(p.inner, dxmd, dx, 2);
        p.exec(p.backward, DNNL_ARG_SRC, xs, DNNL_ARG_MEAN, p.bind(p.mean, mean),
                DNNL_ARG_VARIANCE, p.bind(p.variance, var), DNNL_ARG_DIFF_DST, dys,
                DNNL_ARG_SCALE, p.bind(p.scale, dense(gamma)), DNNL_ARG_SHIFT, p.bind(p.shift, dense(beta)),
                DNNL_ARG_DIFF_SRC, dxs, DNNL_ARG_DIFF_SCALE, p.bind(p.diffScale, dGamma),
                DNNL_ARG_DIFF_SHIFT, p.bind(p.diffShift, dBeta));
        p.back(p.inner, dxs, dxmd, dx);
        return true;
    }

    /** True where oneDNN computes batch norm on x (so x may come blocked). */
    static boolean runs(INDArray x, INDArray gamma, INDArray beta, double epsilon) {
        return plan(x, gamma, beta, epsilon) != null;
    }

    private static Plan plan(INDArray x, INDArray gamma, INDArray beta, double epsilon) {
        long[] image = Blocked.imageShape(x);
        if (image.length != 4 || !OneDnn.runs(x, gamma, beta)) return null;
        Key k = new Key(image[0], image[1], image[2], image[3], (float) epsilon, Blocked.is(x) ? x.size(4) : 0);
        return OneDnn.plan(k, ctx -> new Plan(k, ctx));
    }

    /**
     * The forward (training) and backward primitives of one shape. Every array has its own
     * descriptor, as a descriptor's memory object is bound to one array at a time.
     */
    private static final class Plan extends OneDnn.Plan {
        final long[] dims;
        final dnnl_memory_desc_t mean, variance, scale, shift, diffScale, diffShift;
        final dnnl_memory_desc_t inner;     // the layout the primitives read and write
        final dnnl_primitive forward, backward, inference;

        Plan(Key k, OneDnn.Context ctx) {
            super(ctx);
            dims = new long[] {k.n, k.c, k.h, k.w};
            long[] channels = {k.c};
            mean = md(channels, dnnl_x);
            variance = md(channels, dnnl_x);
            scale = md(channels, dnnl_x);
            shift = md(channels, dnnl_x);
            diffScale = md(channels, dnnl_x);
            diffShift = md(channels, dnnl_x);
            // A blocked input's own layout; for an NCHW one blocks of 8 where the channels allow (measured above).
            inner = md(dims, k.block != 0 ? Blocked.tag(k.block) : k.c % 8 == 0 ? dnnl_nChw8c : dnnl_nchw);
            int flags = dnnl_use_scale | dnnl_use_shift;
            dnnl_batch_normalization_desc_t f = new dnnl_batch_normalization_desc_t();
            unsupportedUnless(dnnl_batch_normalization_forward_desc_init(f, dnnl_forward_training, inner, k.epsilon, flags),
                    "batch normalisation");
            dnnl_primitive_desc fpd = desc(f, null, "batch normalisation");
            dnnl_batch_normalization_desc_t b = new dnnl_batch_normalization_desc_t();
            unsupportedUnless(dnnl_batch_normalization_backward_desc_init(b, dnnl_backward, inner, inner, k.epsilon, flags),
                    "batch normalisation");
            dnnl_primitive_desc bpd = desc(b, fpd, "batch normalisation");
            dnnl_batch_normalization_desc_t e = new dnnl_batch_normalization_desc_t();
            unsupportedUnless(dnnl_batch_normalization_forward_desc_init(e, dnnl_forward_inference, inner, k.epsilon,
                    flags | dnnl_use_global_stats), "batch normalisation");
            forward = primitive(fpd);
            backward = primitive(bpd);
            inference = primitive(desc(e, null, "batch normalisation"));
        }
    }
}
