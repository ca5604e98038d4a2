package reslab.engine.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;
import reslab.engine.kernels.Blas;
import reslab.engine.kernels.Vectors;

/**
 * y = x W + b.  x: [batch, in], W: [in, out], b: [1, out], y: [batch, out].
 * The products go straight to BLAS ({@link Blas}); the bias is written into y first and the
 * product added to it, so no separate pass adds it.
 */
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
        if (bias != null) RowKernels.fillRows(y, Vectors.read(bias.value()));   // y = b
        Blas.gemm(x, weight.value(), y, false, false, 1.0, bias == null ? 0.0 : 1.0);  // y += x W  [batch, out]
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {               // dy: [batch, out]
        INDArray x = cached(this.x);
        NativeOps.requireGradShape(name(), dy, x.size(0), weight.value().size(1));
        dy = ArrayView.dense(dy);
        Blas.gemm(x, dy, weight.grad(), true, false, 1.0, 1.0);      // dW += x^T dy  [in, out]
        if (bias != null) Vectors.add(bias.grad(), RowKernels.columnSums(dy));  // db += sum_batch dy  [1, out]
        if (!inputGradientNeeded()) return null;
        INDArray dx = buffers.get("dx", x.dataType(), x.shape());
        Blas.gemm(dy, weight.value(), dx, false, true, 1.0, 0.0);     // dx = dy W^T  [batch, in]
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
