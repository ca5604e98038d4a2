package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** y = 1 / (1 + e^-x); dy/dx = y (1 - y) <= 0.25.  Any shape. */
public final class Sigmoid extends UnaryLayer {
    private INDArray y;

    public Sigmoid(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        y = buffers.get("y", x.dataType(), x.shape());
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(x, y));
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray y = cached(this.y);
        NativeOps.requireGradShape(name(), dy, y.shape());
        INDArray dx = buffers.get("dx", dy.dataType(), dy.shape());
        ActivationKernels.sigmoidBackward(y, ChannelKernels.dense(dy), dx);    // dx = dy y (1 - y)
        return dx;
    }

    @Override
    public void clearCache() {
        y = null;
    }
}
