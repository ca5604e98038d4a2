package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The float tanh kernel against Math.tanh in double, over the floats themselves. */
class TanhKernelTest {
    /** Worst error in float ulps of the true value, over every 61st positive float and its negative. */
    @Test
    void withinSevenUlpsOfTanhOverTheFloats() {
        float[] batch = new float[4096], x = new float[4096];
        double worst = 0;
        float worstAt = 0;
        int n = 0;
        for (long bits = 0; bits < 0x7f800000L; bits += 61) {
            float v = Float.intBitsToFloat((int) bits);
            x[n] = (n & 1) == 0 ? v : -v;
            batch[n] = x[n];
            if (++n == batch.length || bits + 61 >= 0x7f800000L) {
                ActivationKernels.tanh(batch, n);
                for (int i = 0; i < n; i++) {
                    double exact = Math.tanh(x[i]);
                    double ulps = Math.abs(batch[i] - exact) / Math.ulp((float) exact);
                    if (ulps > worst) {
                        worst = ulps;
                        worstAt = x[i];
                    }
                }
                n = 0;
            }
        }
        assertTrue(worst <= 7, "worst error " + worst + " ulps at x = " + worstAt);
    }

    @Test
    void keepsOddSymmetryTinyValuesAndSpecials() {
        float[] a = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-30f, Float.MIN_VALUE, 100f, -100f, 0.5f, -0.5f};
        ActivationKernels.tanh(a, a.length);
        assertTrue(Float.isNaN(a[0]), "NaN must stay NaN so divergence is seen");
        assertEquals(1f, a[1]);
        assertEquals(-1f, a[2]);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(a[3]));
        assertEquals(0f, a[4]);
        assertEquals(1e-30f, a[5], Math.ulp(1e-30f));
        assertEquals(Float.MIN_VALUE, a[6]);
        assertEquals(1f, a[7]);
        assertEquals(-1f, a[8]);
        assertEquals(-a[9], a[10]);
    }

    /** The layer takes the kernel for float and libnd4j's tanh for double; both agree with Math.tanh. */
    @Test
    void layerForwardInBothTypesAndOnAView() {
        INDArray wide = Nd4j.rand(DataType.DOUBLE, 3, 10).subi(0.5).muli(8);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            // A strided view, not dense, as a layer may be given.
            INDArray x = wide.castTo(type).get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7));
            INDArray y = new Tanh("t").forward(new INDArray[] {x}, true);
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 5; c++) {
                    double exact = Math.tanh(x.getDouble(r, c));
                    assertEquals(exact, y.getDouble(r, c), type == DataType.FLOAT ? 7 * Math.ulp((float) exact) : 1e-15,
                            type + " at " + r + "," + c);
                }
            }
        }
    }
}
