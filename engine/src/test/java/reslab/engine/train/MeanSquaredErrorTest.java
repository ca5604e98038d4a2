package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static reslab.engine.testutil.TestArrays.normal;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.spec.LossKind;
import reslab.engine.testutil.GradientCheck;

class MeanSquaredErrorTest {
    private static INDArray oneHot(int classes, int... labels) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, labels.length, classes);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        return y;
    }

    @Test
    void isTheMeanOverEveryElementOfTheSquaredError() {
        INDArray z = Nd4j.create(new double[][] {{0.5, 1.0, -1.0}, {2.0, 0.0, 0.0}});
        double l = new MeanSquaredError().forward(z, oneHot(3, 1, 0));
        // (0.25 + 0 + 1 + 1 + 0 + 0) / 6
        assertEquals(2.25 / 6, l, 1e-15);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray z = normal(1, 1.0, 4, 3), y = oneHot(3, 0, 2, 1, 2);
        MeanSquaredError loss = new MeanSquaredError();
        loss.forward(z, y);
        GradientCheck.check("output", z, loss.backward(), () -> new MeanSquaredError().forward(z, y));
    }

    @Test
    void theLossKindPicksTheLoss() {
        assertInstanceOf(MeanSquaredError.class, Loss.of(LossKind.MEAN_SQUARED_ERROR));
        assertInstanceOf(SoftmaxCrossEntropy.class, Loss.of(LossKind.SOFTMAX_CROSS_ENTROPY));
    }
}
