package reslab.engine.layers;

import static org.bytedeco.dnnl.global.dnnl.*;
import static reslab.engine.layers.OneDnn.md;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images in one of oneDNN's blocked layouts, nChw8c or nChw16c, kept from layer to layer so
 * that convolution, batch norm, ReLU, Add and Shortcut A hand them on without reordering:
 * with blocks of B channels, value (n, c, h, w) lies at [n, c / B, h, w, c % B] of a dense
 * float array shaped [n, c / B, h, w, B]. The different shape is on purpose: a layer that
 * reads images as [n, c, h, w] fails on it instead of misreading it, and
 * reslab.engine.graph.CompiledNetwork converts for the layers that do not take these
 * layouts ({@link Layer#takesBlocked}).
 *
 * <p>Why: oneDNN's convolutions and batch norm run on blocked layouts (blocks of 16 channels
 * where the processor has AVX-512, as here, of 8 on AVX2), so an NCHW array went through two
 * reorders per call, ten per convolution and batch norm pair and step: in a ResNet-20 step
 * (batch 64, 2 threads) 243 reorders took 47 ms of 226.
 *
 * <p>Only where oneDNN runs (float arrays), and only layouts a convolution chose. Every
 * statistic telemetry takes of an image (moments, sums of squares, the fraction of units
 * dead for the whole batch) reads each example's values in some order, so it reads these
 * layouts as they are.
 */
public final class Blocked {
    private Blocked() {}

    /** True for an array in a blocked layout: rank 5 with a last dimension of 8 or 16 (no other array of the engine has rank 5). */
    public static boolean is(INDArray a) {
        return a != null && a.rank() == 5 && (a.size(4) == 8 || a.size(4) == 16);
    }

    /** The [n, c, h, w] a blocked array holds; any other array's own shape. */
    public static long[] imageShape(INDArray a) {
        if (!is(a)) return a.shape();
        return new long[] {a.size(0), a.size(1) * a.size(4), a.size(2), a.size(3)};
    }

    /** [n, c / B, h, w, B] for the image shape [n, c, h, w]; c must be a multiple of B (8 or 16). */
    public static long[] shape(long[] image, long block) {
        if (image.length != 4 || (block != 8 && block != 16) || image[1] % block != 0) {
            throw new IllegalArgumentException("no blocked layout of " + block + " for " + Arrays.toString(image));
        }
        return new long[] {image[0], image[1] / block, image[2], image[3], block};
    }

    /** oneDNN's format tag for blocks of 8 or 16 channels. */
    static int tag(long block) {
        if (block == 8) return dnnl_nChw8c;
        if (block == 16) return dnnl_nChw16c;
        throw new IllegalArgumentException("no blocked layout of " + block);
    }

    /** 8 or 16 where {@code md} (of image dimensions dims) is that blocked layout, else 0. */
    static long blockOf(dnnl_memory_desc_t md, long[] dims) {
        for (long block : new long[] {8, 16}) {
            if (dims[1] % block == 0 && dnnl_memory_desc_equal(md, md(dims, tag(block))) != 0) return block;
        }
        return 0;
    }

    /** Writes the blocked array {@code blocked} into {@code image} ([n, c, h, w], dense float), by a oneDNN reorder. */
    public static void toImage(INDArray blocked, INDArray image) {
        Reorder p = plan(blocked, image);
        p.copy(p.blocked, blocked, p.image, image);
    }

    /** Writes the image {@code image} ([n, c, h, w], float) into {@code blocked}, by a oneDNN reorder. */
    public static void fromImage(INDArray image, INDArray blocked) {
        Reorder p = plan(blocked, image);
        p.copy(p.image, OneDnn.dense(image), p.blocked, blocked);
    }

    private record Key(long n, long c, long h, long w, long block) {}

    private static Reorder plan(INDArray blocked, INDArray image) {
        long[] dims = imageShape(blocked);
        if (!is(blocked) || !Arrays.equals(image.shape(), dims) || blocked.dataType() != DataType.FLOAT
                || image.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("cannot copy between " + Arrays.toString(blocked.shape()) + " (blocked) and "
                    + Arrays.toString(image.shape()) + " " + image.dataType());
        }
        Key k = new Key(dims[0], dims[1], dims[2], dims[3], blocked.size(4));
        Reorder p = OneDnn.plan(k, ctx -> new Reorder(dims, k.block, ctx));
        if (p == null) throw new IllegalStateException("oneDNN cannot reorder " + Arrays.toString(dims));
        return p;
    }

    /** The two layouts of one image shape. */
    private static final class Reorder extends OneDnn.Plan {
        final dnnl_memory_desc_t image, blocked;

        Reorder(long[] dims, long block, OneDnn.Context ctx) {
            super(ctx);
            image = md(dims, dnnl_nchw);
            blocked = md(dims, tag(block));
        }
    }
}
