package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = 1 / (1 + e^-x); dy/dx = y (1 - y) <= 0.25.  Any shape. */
public final class Sigmoid extends UnaryLayer {
    private INDArray y;

    public Sigmoid(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        y = Transforms.sigmoid(x, true);
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray y = cached(this.y);
        return y.rsub(1.0).muli(y).muli(dy);                 // dx = dy * y * (1 - y)
    }

    @Override
    public void clearCache() {
        y = null;
    }
}
