package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * y[n, c] = mean over h, w of x[n, c, h, w];  dx[n, c, h, w] = dy[n, c] / (h w).
 * x: [batch, c, h, w], y: [batch, c].
 */
public final class GlobalAvgPool extends UnaryLayer {
    private long[] inShape;    // [batch, c, h, w] of the last forward

    public GlobalAvgPool(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        NativeOps.requireImage(name(), x, -1);
        inShape = x.shape();
        return x.mean(2, 3);                                           // [batch, c]
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        if (inShape == null) throw new IllegalStateException(name() + ": backward called before forward");
        long n = inShape[0], c = inShape[1], area = inShape[2] * inShape[3];
        NativeOps.requireGradShape(name(), dy, n, c);
        INDArray dx = buffers.get("dx", dy.dataType(), inShape);        // [batch, c, h, w]
        ChannelKernels.fillRuns(ChannelKernels.dense(dy), 1.0 / area, dx, ChannelKernels.Runs.of(dx));
        return dx;
    }

    @Override
    public void clearCache() {
        inShape = null;
    }
}
