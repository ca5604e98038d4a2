package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import reslab.engine.testutil.GradientCheck;

class ZeroPadShortcutGradientTest {
    @Test
    void inputGradientMatchesFiniteDifferences() {
        ZeroPadShortcut pad = new ZeroPadShortcut("pad", 7);
        INDArray x = normal(1, 1.0, 3, 4);
        INDArray r = normal(2, 1.0, 3, 7);
        pad.forward(new INDArray[] {x}, true);
        INDArray dx = pad.backward(r)[0];

        GradientCheck.check("pad x", x, dx, () -> weightedSum(r, pad.forward(new INDArray[] {x}, true)));
    }

    @Test
    void keepsTheInputFeaturesFirstAndFillsTheRestWithZeros() {
        INDArray x = normal(3, 1.0, 3, 4);
        INDArray y = new ZeroPadShortcut("pad", 7).forward(new INDArray[] {x}, true);

        assertArrayEquals(new long[] {3, 7}, y.shape());
        assertEquals(x, y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)));
        assertEquals(0.0, y.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 7)).norm2Number().doubleValue());
    }
}
