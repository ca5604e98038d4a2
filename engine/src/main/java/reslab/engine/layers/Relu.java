package reslab.engine.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/** y = max(x, 0); dy/dx = 1 where x > 0, else 0.  Any shape. Backward in oneDNN for float ({@link OneDnnRelu}). */
public final class Relu extends UnaryLayer {
    private INDArray y;
    private List<SquareSum> squareSums = List.of();

    public Relu(String name) {
        super(name);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        y = buffers.get("y", x.dataType(), x.shape());
        Nd4j.exec(new RectifiedLinear(x, y, 0.0));
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray y = cached(this.y);
        NativeOps.requireGradShape(name(), dy, y.shape());
        INDArray dx = buffers.get("dx", dy.dataType(), dy.shape());
        if (OneDnnRelu.backward(y, dy, dx)) {                                                 // dx = dy [y > 0]
            squareSums = List.of(SquareSum.of(dy), SquareSum.of(dx));
            return dx;
        }
        double[] squares = ActivationKernels.reluBackward(y, ChannelKernels.dense(dy), dx);
        squareSums = List.of(new SquareSum(dy, squares[0]), new SquareSum(dx, squares[1]));
        return dx;
    }

    /** Any layout: ReLU works value by value. */
    @Override
    public boolean takesBlocked(INDArray[] inputs, boolean training) {
        return true;
    }

    @Override
    public List<SquareSum> squareSums() {
        return squareSums;
    }

    @Override
    public void clearCache() {
        y = null;
        squareSums = List.of();
    }
}
