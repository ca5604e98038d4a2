package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static reslab.engine.testutil.TestArrays.normal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.testutil.ReferenceLayers;
import reslab.engine.train.ComputeThreads;
import reslab.engine.testutil.ReferenceLayers.T4;

/**
 * How plans are kept; batch norm and ReLU's backward in oneDNN, called alone (the layers' tests may fall back,
 * so they could hide an error here): against the plain-loop reference and the Java kernel.
 */
class OneDnnLayersTest {
    private static final double EPS = 1e-5;

    @ParameterizedTest
    @CsvSource({"4, 16, 6, 6", "3, 3, 5, 7", "2, 64, 2, 2", "5, 17, 3, 4"})
    void batchNormForwardAndBackwardEqualThePlainLoopReference(int n, int c, int h, int w) {
        assumeTrue(OneDnn.available(), "oneDNN is not on this computer");
        INDArray x = normal(1, 2.0, n, c, h, w).addi(0.7).castTo(DataType.FLOAT);
        INDArray dy = normal(2, 1.0, n, c, h, w).castTo(DataType.FLOAT);
        INDArray gamma = normal(3, 0.3, c).addi(1.0).castTo(DataType.FLOAT), beta = normal(4, 0.5, c).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(DataType.FLOAT, x.shape()), dx = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray mean = Nd4j.create(DataType.FLOAT, c), var = Nd4j.create(DataType.FLOAT, c);
        INDArray dGamma = Nd4j.create(DataType.FLOAT, c), dBeta = Nd4j.create(DataType.FLOAT, c);

        assertTrue(OneDnnBatchNorm.forward(x, gamma, beta, EPS, y, mean, var), "oneDNN took no batch norm");
        assertTrue(OneDnnBatchNorm.backward(x, mean, var, dy, gamma, beta, EPS, dx, dGamma, dBeta));

        double[] g = gamma.castTo(DataType.DOUBLE).toDoubleVector(), b = beta.castTo(DataType.DOUBLE).toDoubleVector();
        ReferenceLayers.BatchNormPass ref = ReferenceLayers.batchNorm(T4.of(x), g, b, EPS);
        T4[] grads = ReferenceLayers.batchNormBackward(T4.of(x), T4.of(dy), g, EPS);
        assertArrayEquals(ref.mean(), mean.castTo(DataType.DOUBLE).toDoubleVector(), 1e-5, "batch mean");
        assertArrayEquals(ref.var(), var.castTo(DataType.DOUBLE).toDoubleVector(), 1e-4, "batch variance (biased)");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(y), ref.y()), 2e-5, "y");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dx), grads[0]), 2e-5, "dx");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dGamma.reshape(1, 1, 1, c)), grads[1]), 2e-5, "dgamma");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dBeta.reshape(1, 1, 1, c)), grads[2]), 2e-5, "dbeta");
    }

    /** oneDNN shares the work among the threads there are when a primitive is made: a plan is kept per thread count. */
    @Test
    void aPlanIsKeptPerGeometryAndThreadCount() {
        assumeTrue(OneDnn.available(), "oneDNN is not on this computer");
        int before = NativeOps.threads();
        try {
            ComputeThreads.limit(1);
            OneDnn.Plan one = OneDnn.plan("geometry", EmptyPlan::new);
            assertSame(one, OneDnn.plan("geometry", EmptyPlan::new), "kept");
            assertNotSame(one, OneDnn.plan("other geometry", EmptyPlan::new));
            ComputeThreads.limit(2);
            OneDnn.Plan two = OneDnn.plan("geometry", EmptyPlan::new);
            assertNotSame(one, two, "made again for 2 threads");
            ComputeThreads.limit(1);
            assertSame(one, OneDnn.plan("geometry", EmptyPlan::new), "the 1-thread plan is still there");
        } finally {
            ComputeThreads.limit(before);
        }
    }

    private static final class EmptyPlan extends OneDnn.Plan {
        EmptyPlan(OneDnn.Context ctx) {
            super(ctx);
        }
    }

    /**
     * Zeros, negatives and infinities in y: exactly the Java kernel's dx. (Where y is NaN,
     * oneDNN passes dy on and the Java kernel gives 0; the loss is NaN then, and the step
     * stops with the layer named, either way.)
     */
    @ParameterizedTest
    @CsvSource({"1", "7", "4099"})
    void reluBackwardEqualsTheJavaKernelBitForBit(int length) {
        assumeTrue(OneDnn.available(), "oneDNN is not on this computer");
        INDArray y = normal(5, 1.0, length).castTo(DataType.FLOAT), dy = normal(6, 1.0, length).castTo(DataType.FLOAT);
        if (length > 4) {
            y.putScalar(0, 0.0);
            y.putScalar(1, -0.0);
            y.putScalar(2, Float.POSITIVE_INFINITY);
            y.putScalar(3, Float.NEGATIVE_INFINITY);
        }
        INDArray viaOneDnn = Nd4j.create(DataType.FLOAT, length), viaJava = Nd4j.create(DataType.FLOAT, length);
        assertTrue(OneDnnRelu.backward(y, dy, viaOneDnn), "oneDNN took no ReLU");
        ActivationKernels.reluBackward(y, dy, viaJava);
        assertArrayEquals(viaJava.toFloatVector(), viaOneDnn.toFloatVector(), 0f);
    }
}
