package reslab.engine.layers;

import static org.bytedeco.dnnl.global.dnnl.*;
import static reslab.engine.layers.OneDnn.dense;
import static reslab.engine.layers.OneDnn.md;
import static reslab.engine.layers.OneDnn.unsupportedUnless;

import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation in training mode, forward and backward, in oneDNN ({@link OneDnn}) on
 * the layer's own NCHW float arrays: the batch mean and biased variance per channel, y =
 * gamma (x - mean) / sqrt(var + eps) + beta, and its backward through the batch statistics,
 * as {@link BatchNorm} defines them. The running statistics, evaluation mode and [batch, c]
 * inputs stay in BatchNorm's Java loops.
 *
 * <p>Measured alone ([64, c, h, w] of ResNet-20, best of 34, forward + backward, batch norm
 * with ReLU fused, NCHW): 5.8 / 3.0 / 1.3 ms for 16@32x32 / 32@16x16 / 64@8x8 at one thread,
 * 2.9 / 1.5 / 0.7 at two; BatchNorm's Java loops plus ReLU took about 11 ms for 16@32x32 in a
 * ResNet-20 step at two threads. Not fused here: the telemetry needs batch norm's own output
 * and gradient.
 */
final class OneDnnBatchNorm {
    private OneDnnBatchNorm() {}

    private record Key(long n, long c, long h, long w, float epsilon) {}

    /**
     * y = the normalised x, and the batch's mean and biased variance per channel into mean and
     * var ([c]). False, with nothing written, where oneDNN does not run here.
     */
    static boolean forward(INDArray x, INDArray gamma, INDArray beta, double epsilon, INDArray y, INDArray mean, INDArray var) {
        Plan p = plan(x, gamma, beta, epsilon);
        if (p == null) return false;
        INDArray xd = dense(x);
        p.exec(p.forward, DNNL_ARG_SRC, p.bind(p.data, xd), DNNL_ARG_DST, p.bind(p.dataOut, y),
                DNNL_ARG_SCALE, p.bind(p.scale, dense(gamma)), DNNL_ARG_SHIFT, p.bind(p.shift, dense(beta)),
                DNNL_ARG_MEAN, p.bind(p.mean, mean), DNNL_ARG_VARIANCE, p.bind(p.variance, var));
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
        p.exec(p.backward, DNNL_ARG_SRC, p.bind(p.data, dense(x)), DNNL_ARG_MEAN, p.bind(p.mean, mean),
                DNNL_ARG_VARIANCE, p.bind(p.variance, var), DNNL_ARG_DIFF_DST, p.bind(p.dataOut, dense(dy)),
                DNNL_ARG_SCALE, p.bind(p.scale, dense(gamma)), DNNL_ARG_SHIFT, p.bind(p.shift, dense(beta)),
                DNNL_ARG_DIFF_SRC, p.bind(p.diffData, dx), DNNL_ARG_DIFF_SCALE, p.bind(p.diffScale, dGamma),
                DNNL_ARG_DIFF_SHIFT, p.bind(p.diffShift, dBeta));
        return true;
    }

    private static Plan plan(INDArray x, INDArray gamma, INDArray beta, double epsilon) {
        if (x.rank() != 4 || !OneDnn.runs(x, gamma, beta)) return null;
        Key k = new Key(x.size(0), x.size(1), x.size(2), x.size(3), (float) epsilon);
        return OneDnn.plan(k, ctx -> new Plan(k, ctx));
    }

    /**
     * The forward (training) and backward primitives of one shape. Every array has its own
     * descriptor, as a descriptor's memory object is bound to one array at a time.
     */
    private static final class Plan extends OneDnn.Plan {
        final dnnl_memory_desc_t data, dataOut, diffData, mean, variance, scale, shift, diffScale, diffShift;
        final dnnl_primitive forward, backward;

        Plan(Key k, OneDnn.Context ctx) {
            super(ctx);
            long[] dims = {k.n, k.c, k.h, k.w}, channels = {k.c};
            data = md(dims, dnnl_nchw);
            dataOut = md(dims, dnnl_nchw);
            diffData = md(dims, dnnl_nchw);
            mean = md(channels, dnnl_x);
            variance = md(channels, dnnl_x);
            scale = md(channels, dnnl_x);
            shift = md(channels, dnnl_x);
            diffScale = md(channels, dnnl_x);
            diffShift = md(channels, dnnl_x);
            int flags = dnnl_use_scale | dnnl_use_shift;
            dnnl_batch_normalization_desc_t f = new dnnl_batch_normalization_desc_t();
            unsupportedUnless(dnnl_batch_normalization_forward_desc_init(f, dnnl_forward_training, data, k.epsilon, flags),
                    "batch normalisation");
            dnnl_primitive_desc fpd = desc(f, null, "batch normalisation");
            dnnl_batch_normalization_desc_t b = new dnnl_batch_normalization_desc_t();
            unsupportedUnless(dnnl_batch_normalization_backward_desc_init(b, dnnl_backward, data, data, k.epsilon, flags),
                    "batch normalisation");
            dnnl_primitive_desc bpd = desc(b, fpd, "batch normalisation");
            forward = primitive(fpd);
            backward = primitive(bpd);
        }
    }
}
