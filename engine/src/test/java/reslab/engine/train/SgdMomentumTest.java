package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Parameter;

class SgdMomentumTest {
    private static Parameter param(String layer, double... w) {
        return new Parameter(layer, Parameter.Role.WEIGHT, Nd4j.create(w, new long[] {1, w.length}, DataType.DOUBLE));
    }

    private static void setGrad(Parameter p, double... g) {
        p.grad().assign(Nd4j.create(g, new long[] {1, g.length}, DataType.DOUBLE));
    }

    private static double[] values(Parameter p) {
        return p.value().toDoubleVector();
    }

    @Test
    void threeStepsFollowVelocityEqualsMuVPlusGradient() {
        // Worked by hand with lr 0.1, mu 0.9:
        //   v1 = g1                 = [0.5, -1, 2, 0]      W1 = [0.95, -1.9, 0.3, 3]
        //   v2 = 0.9 v1 + g2        = [1.45, 0.1, 0.8, 2]  W2 = [0.805, -1.91, 0.22, 2.8]
        //   v3 = 0.9 v2 + g3        = [1.305, -1.91, 1.22, 0.8]  W3 = [0.6745, -1.719, 0.098, 2.72]
        SgdMomentum sgd = new SgdMomentum(0.1, 0.9);
        Parameter p = param("d", 1, -2, 0.5, 3);
        setGrad(p, 0.5, -1, 2, 0);
        sgd.step(List.of(p));
        assertArrayEquals(new double[] {0.95, -1.9, 0.3, 3}, values(p), 1e-12);
        setGrad(p, 1, 1, -1, 2);
        sgd.step(List.of(p));
        assertArrayEquals(new double[] {0.805, -1.91, 0.22, 2.8}, values(p), 1e-12);
        setGrad(p, 0, -2, 0.5, -1);
        Map<String, Double> norms = sgd.step(List.of(p));
        assertArrayEquals(new double[] {0.6745, -1.719, 0.098, 2.72}, values(p), 1e-12);
        double v3 = Math.sqrt(1.305 * 1.305 + 1.91 * 1.91 + 1.22 * 1.22 + 0.8 * 0.8);
        assertEquals(0.1 * v3, norms.get("d.W"), 1e-12, "reported ||delta W|| of the third step");
    }

    @Test
    void withoutMomentumItIsPlainSgd() {
        SgdMomentum sgd = new SgdMomentum(0.5, 0.0);
        Parameter p = param("d", 1, 1);
        setGrad(p, 1, -2);
        sgd.step(List.of(p));
        sgd.step(List.of(p));
        assertArrayEquals(new double[] {1 - 2 * 0.5, 1 + 2 * 0.5 * 2}, values(p), 1e-12);
    }

    @Test
    void eachParameterKeepsItsOwnVelocity() {
        SgdMomentum sgd = new SgdMomentum(0.1, 0.9);
        Parameter a = param("a", 0, 0), b = param("b", 0, 0);
        setGrad(a, 1, 1);
        sgd.step(List.of(a, b));
        setGrad(a, 0, 0);
        sgd.step(List.of(a, b));
        assertArrayEquals(new double[] {0, 0}, values(b), 0.0, "b never had a gradient");
        assertArrayEquals(new double[] {-0.1 - 0.09, -0.1 - 0.09}, values(a), 1e-12, "a coasts on its momentum");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsLearningRatesThatAreNotPositiveNumbers(double lr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SgdMomentum(lr, 0.9));
        assertEquals(true, e.getMessage().contains("learning rate"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void rejectsMomentumOutsideZeroToOne(double mu) {
        assertThrows(IllegalArgumentException.class, () -> new SgdMomentum(0.1, mu));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void trainingConfigRejectsTheSameLearningRates(double lr) {
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 8, lr, 0.9, DataType.FLOAT, true));
    }
}
