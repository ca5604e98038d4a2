package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** y = max(x, 0); dy/dx = 1 where x > 0, else 0.  Any shape. */
public final class Relu extends UnaryLayer {
    private INDArray y;

    public Relu(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        y = Transforms.relu(x, true);
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray y = cached(this.y);
        return y.gt(0.0).castTo(dy.dataType()).muli(dy);    // dx = dy * [x > 0]
    }

    @Override
    public void clearCache() {
        y = null;
    }
}
