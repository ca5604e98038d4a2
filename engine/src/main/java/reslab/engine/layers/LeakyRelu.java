package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.factory.Nd4j;

/** y = x for x > 0, alpha x otherwise;  dx = dy where x > 0, alpha dy otherwise.  Any shape. */
public final class LeakyRelu extends UnaryLayer {
    private final double alpha;
    private INDArray x;

    public LeakyRelu(String name, double alpha) {
        super(name);
        this.alpha = alpha;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        this.x = x;
        INDArray y = buffers.get("y", x.dataType(), x.shape());
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU(x, y, alpha));
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray x = cached(this.x);
        NativeOps.requireGradShape(name(), dy, x.shape());
        INDArray dx = buffers.get("dx", dy.dataType(), dy.shape());
        Nd4j.exec(new LeakyReLUBp(x, dy, dx, alpha));
        return dx;
    }

    @Override
    public void clearCache() {
        x = null;
    }
}
