package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static reslab.engine.testutil.TestArrays.normal;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.testutil.GradientCheck;

class SoftmaxCrossEntropyGradientTest {
    private static INDArray oneHot(int classes, int... labels) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, labels.length, classes);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        return y;
    }

    @Test
    void lossGradientWithRespectToLogitsMatchesFiniteDifferences() {
        INDArray logits = normal(1, 2.0, 5, 3);
        INDArray y = oneHot(3, 0, 2, 1, 1, 0);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(logits, y);
        INDArray grad = loss.backward();

        GradientCheck.check("logits", logits, grad, () -> new SoftmaxCrossEntropy().forward(logits, y));
    }

    @Test
    void lossIsTheMeanNegativeLogProbabilityOfTheLabel() {
        // Written out by hand: softmax of [0, ln 3] is [1/4, 3/4].
        INDArray logits = Nd4j.create(new double[][] {{0, Math.log(3)}, {0, Math.log(3)}});
        double l = new SoftmaxCrossEntropy().forward(logits, oneHot(2, 0, 1));
        assertEquals((-Math.log(0.25) - Math.log(0.75)) / 2, l, 1e-12);
    }

    @Test
    void largeLogitsGiveAFiniteLoss() {
        INDArray logits = Nd4j.create(new double[][] {{1000, -1000}, {-1000, 1000}});
        double l = new SoftmaxCrossEntropy().forward(logits, oneHot(2, 1, 1));
        assertEquals(1000.0, l, 1e-9); // one example right (loss 0), one wrong by 2000
    }

    @Test
    void accuracyCountsRowsWhoseLargestScoreIsTheLabel() {
        INDArray scores = Nd4j.create(new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}});
        assertEquals(0.75, SoftmaxCrossEntropy.accuracy(scores, new int[] {0, 1, 1, 1}), 0.0);
    }
}
