package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = tanh(x); dy/dx = 1 - y^2.  Any shape. */
public final class Tanh extends UnaryLayer {
    private INDArray y;

    public Tanh(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        y = Transforms.tanh(x, true);
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray y = cached(this.y);
        return y.mul(y).rsubi(1.0).muli(dy);                 // dx = dy * (1 - y^2)
    }

    @Override
    public void clearCache() {
        y = null;
    }
}
