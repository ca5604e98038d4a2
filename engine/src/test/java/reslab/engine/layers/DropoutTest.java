package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.testutil.GradientCheck;

class DropoutTest {
    private static INDArray[] one(INDArray x) {
        return new INDArray[] {x};
    }

    @Test
    void dropsAboutTheRateAndScalesTheRestSoTheMeanIsKept() {
        Dropout d = new Dropout("drop", 0.3, 42);
        INDArray x = Nd4j.ones(DataType.DOUBLE, 200, 100);
        INDArray y = d.forward(one(x), true);
        double[] v = y.data().asDouble();
        int dropped = 0;
        for (double e : v) {
            if (e == 0) dropped++;
            else assertEquals(1 / 0.7, e, 1e-12);
        }
        assertEquals(0.3, dropped / (double) v.length, 0.01);   // 20,000 draws: 3 sigma is 0.01
        assertEquals(1.0, y.meanNumber().doubleValue(), 0.02);
    }

    @Test
    void evaluationIsTheIdentity() {
        Dropout d = new Dropout("drop", 0.5, 1);
        INDArray x = normal(1, 1.0, 4, 5);
        assertSame(x, d.forward(one(x), false));
        assertThrows(IllegalStateException.class, () -> d.backward(x), "no mask after an evaluation forward");
    }

    @Test
    void masksRepeatForTheSameSeedNameAndStepAndDifferOtherwise() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 50);
        INDArray a = new Dropout("drop", 0.5, 7).forward(one(x), true);
        INDArray b = new Dropout("drop", 0.5, 7).forward(one(x), true);
        assertEquals(a, b);
        Dropout d = new Dropout("drop", 0.5, 7);
        d.forward(one(x), true);
        assertNotEquals(a, d.forward(one(x), true), "the second step draws a new mask");
        assertNotEquals(a, new Dropout("drop2", 0.5, 7).forward(one(x), true), "another node draws another mask");
        assertNotEquals(a, new Dropout("drop", 0.5, 8).forward(one(x), true), "another seed draws another mask");
        d.setStep(0);
        assertEquals(a, d.forward(one(x), true), "setStep replays a mask");
    }

    @Test
    void gradientWithAFixedMaskMatchesFiniteDifferences() {
        Dropout d = new Dropout("drop", 0.4, 3);
        INDArray x = normal(2, 1.0, 6, 7), r = normal(3, 1.0, 6, 7);
        d.setStep(5);
        d.forward(one(x), true);
        INDArray dx = d.backward(r)[0];
        GradientCheck.check("x", x, dx, () -> {
            d.setStep(5);
            return weightedSum(r, d.forward(one(x), true));
        });
    }

    @Test
    void aRateOfOneOrMoreIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout("drop", 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout("drop", -0.1, 1));
    }
}
