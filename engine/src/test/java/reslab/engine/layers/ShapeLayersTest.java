package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.awayFromZero;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.testutil.GradientCheck;

/** GlobalAvgPool, Flatten and LeakyReLU: values by hand, gradients by finite differences. */
class ShapeLayersTest {
    private static INDArray[] one(INDArray x) {
        return new INDArray[] {x};
    }

    @Test
    void globalAvgPoolIsTheMeanOfEachMap() {
        INDArray x = normal(1, 1.0, 2, 3, 4, 5);
        INDArray y = new GlobalAvgPool("gap").forward(one(x), true);
        assertArrayEquals(new long[] {2, 3}, y.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int i = 0; i < 4; i++) for (int j = 0; j < 5; j++) s += x.getDouble(n, c, i, j);
                assertEquals(s / 20, y.getDouble(n, c), 1e-12);
            }
        }
    }

    @Test
    void globalAvgPoolGradientMatchesFiniteDifferences() {
        GlobalAvgPool gap = new GlobalAvgPool("gap");
        INDArray x = normal(2, 1.0, 2, 3, 4, 5), r = normal(3, 1.0, 2, 3);
        gap.forward(one(x), true);
        GradientCheck.check("x", x, gap.backward(r)[0], () -> weightedSum(r, gap.forward(one(x), true)));
    }

    @Test
    void flattenKeepsChannelRowColumnOrderAndItsGradientMatchesFiniteDifferences() {
        Flatten flat = new Flatten("flat");
        INDArray x = normal(4, 1.0, 2, 3, 2, 2);
        INDArray y = flat.forward(one(x), true);
        assertArrayEquals(new long[] {2, 12}, y.shape());
        assertEquals(x.getDouble(1, 2, 0, 1), y.getDouble(1, 2 * 4 + 0 * 2 + 1), 0.0);
        INDArray r = normal(5, 1.0, 2, 12);
        GradientCheck.check("x", x, flat.backward(r)[0], () -> weightedSum(r, flat.forward(one(x), true)));
    }

    @Test
    void leakyReluValuesAndGradientMatchFiniteDifferences() {
        LeakyRelu lr = new LeakyRelu("lrelu", 0.1);
        INDArray x = awayFromZero(6, 0.05, 2.0, 3, 4);    // away from the kink
        INDArray y = lr.forward(one(x), true);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double v = x.getDouble(i, j);
                assertEquals(v > 0 ? v : 0.1 * v, y.getDouble(i, j), 1e-15);
            }
        }
        INDArray r = normal(7, 1.0, 3, 4);
        GradientCheck.check("x", x, lr.backward(r)[0], () -> weightedSum(r, lr.forward(one(x), true)));
    }

    @Test
    void backwardBeforeForwardFailsNamingTheLayer() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new GlobalAvgPool("gap7").backward(normal(1, 1.0, 2, 3)));
        assertTrue(e.getMessage().startsWith("gap7:"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new Flatten("f").backward(normal(1, 1.0, 2, 3)));
        assertThrows(IllegalStateException.class, () -> new LeakyRelu("l", 0.1).backward(normal(1, 1.0, 2, 3)));
    }

    @Test
    void aGradientOfTheWrongShapeFailsNamingBothShapes() {
        GlobalAvgPool gap = new GlobalAvgPool("gap");
        gap.forward(one(normal(1, 1.0, 2, 3, 4, 4)), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gap.backward(normal(1, 1.0, 2, 4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertEquals(DataType.DOUBLE, gap.backward(normal(1, 1.0, 2, 3))[0].dataType());
    }
}
