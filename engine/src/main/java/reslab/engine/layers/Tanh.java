package reslab.engine.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** y = tanh(x); dy/dx = 1 - y^2.  Any shape. */
public final class Tanh extends UnaryLayer {
    private INDArray y;

    public Tanh(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        y = buffers.get("y", x.dataType(), x.shape());
        if (x.dataType() == DataType.FLOAT) ActivationKernels.tanhForward(ChannelKernels.dense(x), y);   // 13x libnd4j's
        else Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(x, y));
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray y = cached(this.y);
        NativeOps.requireGradShape(name(), dy, y.shape());
        INDArray dx = buffers.get("dx", dy.dataType(), dy.shape());
        ActivationKernels.tanhBackward(y, ChannelKernels.dense(dy), dx);       // dx = dy (1 - y^2)
        return dx;
    }

    @Override
    public void clearCache() {
        y = null;
    }
}
