package reslab.engine.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** y = x W + b.  x: [batch, in], W: [in, out], b: [1, out], y: [batch, out]. */
public final class Dense extends UnaryLayer {
    private final Parameter weight;
    private final Parameter bias; // null when the layer has no bias
    private INDArray x;           // [batch, in], kept for backward

    public Dense(String name, INDArray w, INDArray b) {
        super(name);
        this.weight = new Parameter(name, Parameter.Role.WEIGHT, w);
        this.bias = b == null ? null : new Parameter(name, Parameter.Role.BIAS, b);
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        long in = weight.value().size(0);
        if (x.rank() != 2 || x.size(1) != in) {
            throw new IllegalArgumentException(name() + ": expected input [batch, " + in + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        this.x = x;
        INDArray y = buffers.get("y", x.dataType(), x.size(0), weight.value().size(1));
        Nd4j.gemm(x, weight.value(), y, false, false, 1.0, 0.0);        // y = x W  [batch, out]
        if (bias != null) y.addiRowVector(bias.value());
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {               // dy: [batch, out]
        INDArray x = cached(this.x);
        Nd4j.gemm(x, dy, weight.grad(), true, false, 1.0, 1.0);      // dW += x^T dy  [in, out]
        if (bias != null) bias.grad().addi(dy.sum(true, 0));          // db += sum_batch dy  [1, out]
        INDArray dx = buffers.get("dx", x.dataType(), x.shape());
        Nd4j.gemm(dy, weight.value(), dx, false, true, 1.0, 0.0);     // dx = dy W^T  [batch, in]
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void clearCache() {
        x = null;
    }
}
