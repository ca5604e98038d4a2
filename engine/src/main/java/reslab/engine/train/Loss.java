package reslab.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.LossKind;

/** A loss on the network's output: forward gives the batch loss, backward dL/d(output). */
public interface Loss {
    /** Returns the loss of {@code output} ([batch, classes]) against one-hot labels. */
    double forward(INDArray output, INDArray oneHot);

    /** dL/d(output) of the last forward, [batch, classes]. */
    INDArray backward();

    /** Per-class scores of the last forward; the largest is the prediction. */
    INDArray scores();

    static Loss of(LossKind kind) {
        return switch (kind) {
            case SOFTMAX_CROSS_ENTROPY -> new SoftmaxCrossEntropy();
            case MEAN_SQUARED_ERROR -> new MeanSquaredError();
        };
    }
}
