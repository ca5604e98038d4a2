package reslab.engine.layers;

import static org.bytedeco.dnnl.global.dnnl.*;
import static reslab.engine.layers.OneDnn.dense;
import static reslab.engine.layers.OneDnn.md;
import static reslab.engine.layers.OneDnn.unsupportedUnless;

import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU's backward in oneDNN ({@link OneDnn}): dx = dy where y > 0, else 0, read from the
 * output y as {@link Relu} keeps it, on float arrays of any shape seen as one row. Where y
 * is NaN it passes dy on (the Java kernel gives 0); the loss is NaN then, and the training
 * step stops naming the layer either way.
 *
 * <p>In a ResNet-20 step (batch 64, 2 threads) the 19 ReLUs' backward took 6.6 ms here
 * against 40 ms in the Java kernel, which also summed the squares of dy and dx for
 * telemetry; with those sums now taken by dsdot ({@link Layer.SquareSum#of}), 10.7 ms
 * (reslab.engine.bench.LayerTimesBenchmark).
 */
final class OneDnnRelu {
    private OneDnnRelu() {}

    private record Key(long length) {}

    /** dx = dy [y > 0]. False, with nothing written, where oneDNN does not run here. */
    static boolean backward(INDArray y, INDArray dy, INDArray dx) {
        if (!OneDnn.runs(y, dy, dx)) return false;
        Key k = new Key(y.length());
        Plan p = OneDnn.plan(k, ctx -> new Plan(k, ctx));
        if (p == null) return false;
        p.exec(p.backward, DNNL_ARG_DST, p.bind(p.y, dense(y)), DNNL_ARG_DIFF_DST, p.bind(p.dy, dense(dy)),
                DNNL_ARG_DIFF_SRC, p.bind(p.dx, dx));
        return true;
    }

    private static final class Plan extends OneDnn.Plan {
        final dnnl_memory_desc_t y, dy, dx;
        final dnnl_primitive backward;

        Plan(Key k, OneDnn.Context ctx) {
            super(ctx);
            long[] dims = {k.length};
            y = md(dims, dnnl_x);
            dy = md(dims, dnnl_x);
            dx = md(dims, dnnl_x);
            dnnl_eltwise_desc_t f = new dnnl_eltwise_desc_t();
            unsupportedUnless(dnnl_eltwise_forward_desc_init(f, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd, y, 0f, 0f), "ReLU");
            dnnl_primitive_desc fpd = desc(f, null, "ReLU");
            dnnl_eltwise_desc_t b = new dnnl_eltwise_desc_t();
            unsupportedUnless(dnnl_eltwise_backward_desc_init(b, dnnl_eltwise_relu_use_dst_for_bwd, dy, y, 0f, 0f), "ReLU");
            backward = primitive(desc(b, fpd, "ReLU"));
        }
    }
}
