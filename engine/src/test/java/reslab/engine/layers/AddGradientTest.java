package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.testutil.GradientCheck;

class AddGradientTest {
    @ParameterizedTest(name = "fan-in {0}")
    @ValueSource(ints = {2, 3})
    void everyInputGradientMatchesFiniteDifferences(int fanIn) {
        INDArray[] xs = new INDArray[fanIn];
        for (int k = 0; k < fanIn; k++) xs[k] = normal(10 + k, 1.0, 3, 5);
        Add add = new Add("add");
        INDArray r = normal(1, 1.0, 3, 5);
        add.forward(xs, true);
        INDArray[] dx = add.backward(r);

        assertEquals(fanIn, dx.length);
        for (int k = 0; k < fanIn; k++) {
            GradientCheck.check("add input " + k, xs[k], dx[k], () -> weightedSum(r, add.forward(xs, true)));
        }
    }

    @Test
    void forwardDoesNotOverwriteItsFirstInput() {
        INDArray a = normal(1, 1.0, 2, 3), b = normal(2, 1.0, 2, 3);
        INDArray copy = a.dup();
        new Add("add").forward(new INDArray[] {a, b}, true);
        assertEquals(copy, a);
    }

    @Test
    void refusesInputsOfDifferentShapesNamingTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new Add("add7").forward(new INDArray[] {normal(1, 1, 2, 3), normal(2, 1, 2, 4)}, true));
        assertEquals(true, e.getMessage().contains("add7"), e.getMessage());
    }
}
