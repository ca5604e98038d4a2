package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.testutil.GradientCheck;

class DenseGradientTest {
    private static final int BATCH = 3, IN = 4, OUT = 5;

    private static INDArray[] one(INDArray x) {
        return new INDArray[] {x};
    }

    @Test
    void inputWeightAndBiasGradientsMatchFiniteDifferences() {
        INDArray x = normal(1, 1.0, BATCH, IN);
        Dense dense = new Dense("d", normal(2, 0.5, IN, OUT), normal(3, 0.5, 1, OUT));
        INDArray r = normal(4, 1.0, BATCH, OUT);
        dense.forward(one(x), true);
        INDArray dx = dense.backward(r)[0];
        DoubleSupplier loss = () -> weightedSum(r, dense.forward(one(x), true));

        Parameter w = dense.parameters().get(0), b = dense.parameters().get(1);
        assertEquals("d.W", w.key());
        assertEquals("d.b", b.key());
        GradientCheck.check("x", x, dx, loss);
        GradientCheck.check("d.W", w.value(), w.grad(), loss);
        GradientCheck.check("d.b", b.value(), b.grad(), loss);
    }

    @Test
    void withoutBiasHasOnlyTheWeightAndItsGradientMatchesFiniteDifferences() {
        INDArray x = normal(11, 1.0, BATCH, IN);
        Dense dense = new Dense("d", normal(12, 0.5, IN, OUT), null);
        INDArray r = normal(13, 1.0, BATCH, OUT);
        dense.forward(one(x), true);
        INDArray dx = dense.backward(r)[0];
        DoubleSupplier loss = () -> weightedSum(r, dense.forward(one(x), true));

        assertEquals(1, dense.parameters().size());
        Parameter w = dense.parameters().get(0);
        assertEquals(Parameter.Role.WEIGHT, w.role());
        GradientCheck.check("x", x, dx, loss);
        GradientCheck.check("d.W", w.value(), w.grad(), loss);
    }

    @Test
    void parameterGradientsAddUpUntilZeroed() {
        INDArray x = normal(21, 1.0, BATCH, IN);
        Dense dense = new Dense("d", normal(22, 0.5, IN, OUT), normal(23, 0.5, 1, OUT));
        INDArray r = normal(24, 1.0, BATCH, OUT);
        dense.forward(one(x), true);
        dense.backward(r);
        INDArray w1 = dense.parameters().get(0).grad().dup();
        INDArray b1 = dense.parameters().get(1).grad().dup();

        dense.forward(one(x), true);
        dense.backward(r);

        assertEquals(0, w1.mul(2).distance2(dense.parameters().get(0).grad()), 1e-12);
        assertEquals(0, b1.mul(2).distance2(dense.parameters().get(1).grad()), 1e-12);
    }

    @Test
    void backwardDoesNotModifyTheUpstreamGradient() {
        Dense dense = new Dense("d", normal(31, 0.5, IN, OUT), normal(32, 0.5, 1, OUT));
        INDArray r = normal(33, 1.0, BATCH, OUT);
        INDArray copy = r.dup();
        dense.forward(one(normal(34, 1.0, BATCH, IN)), true);
        dense.backward(r);
        assertEquals(copy, r);
    }
}
