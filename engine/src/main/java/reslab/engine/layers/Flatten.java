package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * [batch, c, h, w] to [batch, c h w], row-major (channel, then row, then column); backward
 * reshapes the gradient back. No arithmetic.
 */
public final class Flatten extends UnaryLayer {
    private long[] inShape;

    public Flatten(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        inShape = x.shape();
        return x.reshape('c', x.size(0), x.length() / x.size(0));     // [batch, c h w]
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        if (inShape == null) throw new IllegalStateException(name() + ": backward called before forward");
        NativeOps.requireGradShape(name(), dy, inShape[0], shapeLength(inShape) / inShape[0]);
        return dy.reshape('c', inShape);                               // dx: [batch, c, h, w]
    }

    private static long shapeLength(long[] s) {
        long n = 1;
        for (long d : s) n *= d;
        return n;
    }

    @Override
    public void clearCache() {
        inShape = null;
    }
}
