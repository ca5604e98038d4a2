package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.awayFromZero;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.testutil.GradientCheck;

/** Sigmoid, Tanh and ReLU: element-wise, no parameters. */
class ActivationGradientTest {
    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of("sigmoid", (Function<String, Layer>) Sigmoid::new),
                Arguments.of("tanh", (Function<String, Layer>) Tanh::new),
                Arguments.of("relu", (Function<String, Layer>) Relu::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void inputGradientMatchesFiniteDifferences(String kind, Function<String, Layer> make) {
        Layer layer = make.apply(kind);
        // |x| >= 0.1 keeps every perturbation on one side of ReLU's kink.
        INDArray x = awayFromZero(1, 0.1, 3.0, 4, 6);
        INDArray r = normal(2, 1.0, 4, 6);
        layer.forward(new INDArray[] {x}, true);
        INDArray dx = layer.backward(r)[0];

        GradientCheck.check(kind + " x", x, dx, () -> weightedSum(r, layer.forward(new INDArray[] {x}, true)));
        assertTrue(layer.parameters().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void forwardDoesNotOverwriteItsInput(String kind, Function<String, Layer> make) {
        INDArray x = awayFromZero(3, 0.1, 3.0, 4, 6);
        INDArray copy = x.dup();
        make.apply(kind).forward(new INDArray[] {x}, true);
        assertEquals(copy, x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void backwardDoesNotModifyTheUpstreamGradient(String kind, Function<String, Layer> make) {
        Layer layer = make.apply(kind);
        INDArray r = normal(4, 1.0, 4, 6);
        INDArray copy = r.dup();
        layer.forward(new INDArray[] {awayFromZero(5, 0.1, 3.0, 4, 6)}, true);
        layer.backward(r);
        assertEquals(copy, r);
    }
}
