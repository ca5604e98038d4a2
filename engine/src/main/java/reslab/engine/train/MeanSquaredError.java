package reslab.engine.train;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.telemetry.BufferStats;

/**
 * L = 1/(B K) sum_i sum_k (z_ik - t_ik)^2, t the one-hot label: PyTorch's MSELoss, the mean
 * over every element. z: [batch, classes] used as is (no softmax).  dL/dz = 2 (z - t) / (B K).
 */
public final class MeanSquaredError implements Loss {
    private INDArray diff;     // z - t of the last forward
    private INDArray output;

    @Override
    public double forward(INDArray output, INDArray oneHot) {
        if (!Arrays.equals(output.shape(), oneHot.shape())) {
            throw new IllegalArgumentException("mean squared error: output " + Arrays.toString(output.shape())
                    + " and labels " + Arrays.toString(oneHot.shape()) + " differ in shape");
        }
        this.output = output;
        this.diff = output.sub(oneHot);
        return BufferStats.sumOfSquares(diff) / diff.length();
    }

    @Override
    public INDArray backward() {
        if (diff == null) throw new IllegalStateException("loss: backward called before forward");
        return diff.mul(2.0 / diff.length());
    }

    @Override
    public INDArray scores() {
        return output;
    }
}
