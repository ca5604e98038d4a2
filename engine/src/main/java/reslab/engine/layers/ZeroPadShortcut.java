package reslab.engine.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Shortcut option A: the identity, subsampled and widened with zeros, no parameters.
 * Images: y[n, k, i, j] = x[n, k, i s, j s] for k < c, 0 for c <= k < out;
 * x: [batch, c, h, w], y: [batch, out, ceil(h / s), ceil(w / s)].
 * Flat: y = [x, 0, ..., 0];  x: [batch, in], y: [batch, out] (stride 1).
 * Backward hands each kept position its gradient; the skipped rows and columns and the padded
 * channels carry none. A {@link Blocked} image stays blocked where out is a multiple of its
 * block: the kept channels are its first blocks.
 */
public final class ZeroPadShortcut extends UnaryLayer {
    private final int outChannels;
    private final int stride;
    private long[] inShape;   // of the last forward

    public ZeroPadShortcut(String name, int outChannels) {
        this(name, outChannels, 1);
    }

    public ZeroPadShortcut(String name, int outChannels, int stride) {
        super(name);
        if (stride <= 0) throw new IllegalArgumentException(name + ": stride must be positive, got " + stride);
        this.outChannels = outChannels;
        this.stride = stride;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        if (Blocked.is(x)) return forwardBlocked(x);
        boolean image = x.rank() == 4;
        if ((!image && x.rank() != 2) || x.size(1) > outChannels || (!image && stride != 1)) {
            throw new IllegalArgumentException(name() + ": expected input [batch, c<=" + outChannels + "]"
                    + (stride == 1 ? " or" : ", stride 1, or") + " [batch, c<=" + outChannels + ", height, width], got "
                    + Arrays.toString(x.shape()));
        }
        inShape = x.shape();
        long[] yShape = outShape();
        // The padded channels are never written: zeros once, in a kept array zeros for good.
        INDArray y = buffers.zeroedOnce("y", x.dataType(), yShape);          // [batch, out(, h', w')]
        y.get(channels(x.size(1), image)).assign(image ? x.get(subsample()) : x);
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        if (inShape == null) throw new IllegalStateException(name() + ": backward called before forward");
        if (inShape.length == 5) return backwardBlocked(dy);
        NativeOps.requireGradShape(name(), dy, outShape());
        boolean image = inShape.length == 4;
        INDArray kept = dy.get(channels(inShape[1], image));                // [batch, c(, h', w')]
        if (!image) return kept.dup();
        INDArray dx = buffers.zeroedOnce("dx", dy.dataType(), inShape);   // [batch, c, h, w]; skipped places stay 0
        dx.get(subsample()).assign(kept);
        return dx;
    }

    /** x: [batch, c/B, h, w, B], y: [batch, out/B, h', w', B]. */
    private INDArray forwardBlocked(INDArray x) {
        long[] image = Blocked.imageShape(x);
        if (image[1] > outChannels) {
            throw new IllegalArgumentException(name() + ": expected input [batch, c<=" + outChannels + ", height, width], got "
                    + Arrays.toString(image));
        }
        inShape = x.shape();
        INDArray y = buffers.zeroedOnce("y", x.dataType(), outShape());
        y.get(blocks(x.size(1))).assign(x.get(subsampleBlocked()));
        return y;
    }

    private INDArray backwardBlocked(INDArray dy) {
        NativeOps.requireGradShape(name(), dy, outShape());
        INDArray dx = buffers.zeroedOnce("dx", dy.dataType(), inShape);   // skipped places stay 0
        dx.get(subsampleBlocked()).assign(dy.get(blocks(inShape[1])));
        return dx;
    }

    private static INDArrayIndex[] blocks(long count) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(0, count), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()};
    }

    private INDArrayIndex[] subsampleBlocked() {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, stride, inShape[2]),
                NDArrayIndex.interval(0, stride, inShape[3]), NDArrayIndex.all()};
    }

    /** Blocked input where the output's channels come in whole blocks too. */
    @Override
    public boolean takesBlocked(INDArray[] inputs, boolean training) {
        return Blocked.is(inputs[0]) && outChannels % inputs[0].size(4) == 0;
    }

    private long[] outShape() {
        if (inShape.length == 5) {
            return Blocked.shape(new long[] {inShape[0], outChannels, ceilDiv(inShape[2], stride), ceilDiv(inShape[3], stride)},
                    inShape[4]);
        }
        if (inShape.length == 2) return new long[] {inShape[0], outChannels};
        return new long[] {inShape[0], outChannels, ceilDiv(inShape[2], stride), ceilDiv(inShape[3], stride)};
    }

    private static INDArrayIndex[] channels(long c, boolean image) {
        INDArrayIndex first = NDArrayIndex.interval(0, c);
        return image ? new INDArrayIndex[] {NDArrayIndex.all(), first, NDArrayIndex.all(), NDArrayIndex.all()}
                : new INDArrayIndex[] {NDArrayIndex.all(), first};
    }

    /** Every stride-th row and column, starting at the first. */
    private INDArrayIndex[] subsample() {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, stride, inShape[2]), NDArrayIndex.interval(0, stride, inShape[3])};
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public void clearCache() {
        inShape = null;
    }
}
