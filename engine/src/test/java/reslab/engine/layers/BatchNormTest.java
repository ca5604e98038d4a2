package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.testutil.GradientCheck;
import reslab.engine.testutil.ReferenceLayers;
import reslab.engine.testutil.ReferenceLayers.T4;

class BatchNormTest {
    private static final double EPS = 1e-5, MOMENTUM = 0.1;

    /** A batch norm whose gamma and beta are not 1 and 0, so the check covers a general point. */
    private static BatchNorm layer(int channels, DataType dt) {
        BatchNorm bn = new BatchNorm("bn", channels, EPS, MOMENTUM, dt);
        bn.parameters().get(0).value().assign(normal(5, 0.3, channels).addi(1.0));
        bn.parameters().get(1).value().assign(normal(6, 0.5, channels));
        return bn;
    }

    private static double[] vector(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void trainingForwardAndBackwardEqualThePlainLoopReference(DataType dt) {
        BatchNorm bn = layer(3, dt);
        INDArray x = normal(1, 2.0, 4, 3, 5, 6).addi(0.7).castTo(dt);
        INDArray dy = normal(2, 1.0, 4, 3, 5, 6).castTo(dt);
        INDArray y = bn.forward(new INDArray[] {x}, true);
        INDArray dx = bn.backward(dy)[0];

        double[] gamma = vector(bn.parameters().get(0).value()), beta = vector(bn.parameters().get(1).value());
        ReferenceLayers.BatchNormPass ref = ReferenceLayers.batchNorm(T4.of(x), gamma, beta, EPS);
        T4[] grads = ReferenceLayers.batchNormBackward(T4.of(x), T4.of(dy), gamma, EPS);
        double tol = dt == DataType.FLOAT ? 2e-5 : 1e-12;
        assertEquals(0, ReferenceLayers.relativeError(T4.of(y), ref.y()), tol, "y");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dx), grads[0]), tol, "dx");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(bn.parameters().get(0).grad().reshape(1, 1, 1, 3)), grads[1]), tol, "dgamma");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(bn.parameters().get(1).grad().reshape(1, 1, 1, 3)), grads[2]), tol, "dbeta");
    }

    /** Float: the batch statistics come from oneDNN where it runs, double from the Java loops. */
    @ParameterizedTest
    @EnumSource(names = {"FLOAT", "DOUBLE"})
    void runningStatisticsMoveByMomentumWithTheUnbiasedBatchVariance(DataType dt) {
        BatchNorm bn = layer(3, dt);
        INDArray x = normal(1, 2.0, 4, 3, 5, 6).addi(0.7).castTo(dt);
        bn.forward(new INDArray[] {x}, true);
        ReferenceLayers.BatchNormPass ref = ReferenceLayers.batchNorm(T4.of(x), new double[] {1, 1, 1}, new double[3], EPS);
        int n = 4 * 5 * 6;
        double[] mean = vector(bn.state().get("bn.running_mean")), var = vector(bn.state().get("bn.running_var"));
        double tol = dt == DataType.FLOAT ? 1e-6 : 1e-12;
        for (int c = 0; c < 3; c++) {
            assertEquals(0.9 * 0 + 0.1 * ref.mean()[c], mean[c], tol, "running mean " + c);
            assertEquals(0.9 * 1 + 0.1 * ref.var()[c] * n / (n - 1), var[c], tol, "running var " + c);
        }
        assertEquals(List.of("bn.running_mean", "bn.running_var"), List.copyOf(bn.state().keySet()));
    }

    @Test
    void evaluationNormalisesWithTheRunningStatisticsAndLeavesThemAlone() {
        BatchNorm bn = layer(2, DataType.DOUBLE);
        bn.state().get("bn.running_mean").assign(normal(3, 1.0, 2));
        bn.state().get("bn.running_var").assign(normal(4, 1.0, 2).muli(0.5).addi(2.0));
        INDArray meanBefore = bn.state().get("bn.running_mean").dup(), varBefore = bn.state().get("bn.running_var").dup();
        INDArray x = normal(5, 1.0, 3, 2);
        INDArray y = bn.forward(new INDArray[] {x}, false);
        double[] g = vector(bn.parameters().get(0).value()), b = vector(bn.parameters().get(1).value());
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 2; c++) {
                double expected = g[c] * (x.getDouble(i, c) - meanBefore.getDouble(c)) / Math.sqrt(varBefore.getDouble(c) + EPS) + b[c];
                assertEquals(expected, y.getDouble(i, c), 1e-12);
            }
        }
        assertEquals(meanBefore, bn.state().get("bn.running_mean"));
        assertEquals(varBefore, bn.state().get("bn.running_var"));
        assertThrows(IllegalStateException.class, () -> bn.backward(normal(6, 1.0, 3, 2)), "no batch statistics to differentiate");
    }

    @Test
    void imageInputGradientsMatchFiniteDifferencesInTrainingMode() {
        BatchNorm bn = layer(2, DataType.DOUBLE);
        INDArray x = normal(1, 1.5, 3, 2, 3, 4).addi(0.3);
        checkAll(bn, x);
    }

    @Test
    void flatInputGradientsMatchFiniteDifferencesInTrainingMode() {
        BatchNorm bn = layer(4, DataType.DOUBLE);
        INDArray x = normal(2, 1.5, 5, 4).addi(-0.4);
        checkAll(bn, x);
    }

    private static void checkAll(BatchNorm bn, INDArray x) {
        INDArray r = normal(7, 1.0, x.shape());
        bn.forward(new INDArray[] {x}, true);
        INDArray dx = bn.backward(r)[0];
        DoubleSupplier loss = () -> weightedSum(r, bn.forward(new INDArray[] {x}, true));
        GradientCheck.check("x", x, dx, loss);
        assertEquals("bn.gamma", bn.parameters().get(0).key());
        assertEquals("bn.beta", bn.parameters().get(1).key());
        for (Parameter p : bn.parameters()) GradientCheck.check(p.key(), p.value(), p.grad().dup(), loss);
    }

    @Test
    void misuseFailsNamingTheLayer() {
        BatchNorm bn = layer(3, DataType.DOUBLE);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(new INDArray[] {normal(1, 1.0, 2, 4, 3, 3)}, true));
        assertTrue(wrong.getMessage().startsWith("bn:") && wrong.getMessage().contains("[2, 4, 3, 3]"), wrong.getMessage());
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(new INDArray[] {normal(1, 1.0, 1, 3)}, true));
        assertTrue(single.getMessage().contains("more than one value per channel"), single.getMessage());
        INDArray y = bn.forward(new INDArray[] {normal(1, 1.0, 1, 3)}, false); // evaluation of one example is fine
        assertEquals(3, y.length());
    }
}
