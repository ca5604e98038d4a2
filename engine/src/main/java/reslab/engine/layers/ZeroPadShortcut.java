package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Shortcut option A on features: y = [x, 0, ..., 0].  x: [batch, in], y: [batch, out].
 * The padded features carry no gradient back; the first {@code in} pass it unchanged.
 */
public final class ZeroPadShortcut extends UnaryLayer {
    private final int outFeatures;
    private long inFeatures = -1;

    public ZeroPadShortcut(String name, int outFeatures) {
        super(name);
        this.outFeatures = outFeatures;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        inFeatures = x.size(1);
        INDArray y = Nd4j.zeros(x.dataType(), x.size(0), outFeatures);
        y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, inFeatures)).assign(x);
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        if (inFeatures < 0) throw new IllegalStateException(name() + ": backward called before forward");
        return dy.get(NDArrayIndex.all(), NDArrayIndex.interval(0, inFeatures)).dup();
    }
}
