package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.Padding;
import reslab.engine.testutil.GradientCheck;
import reslab.engine.testutil.ReferenceLayers;
import reslab.engine.testutil.ReferenceLayers.Axis;
import reslab.engine.testutil.ReferenceLayers.T4;

/** The fast convolution against the plain-loop reference and against finite differences. */
class Conv2DTest {
    /** One geometry: input [n, c, h, w], filters, kernel, stride, padding, bias. */
    record Case(int n, int c, int h, int w, int filters, int kh, int kw, int sh, int sw, Padding padding, boolean bias) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%dx%dx%dx%d->%d k%dx%d s%dx%d %s%s", n, c, h, w, filters, kh, kw, sh, sw,
                    padding, bias ? " bias" : "");
        }

        String mode() {
            return padding.mode().name().toLowerCase(Locale.ROOT);
        }
    }

    static final List<Case> CASES = List.of(
            new Case(2, 3, 8, 8, 4, 3, 3, 1, 1, Padding.SAME, true),
            new Case(2, 3, 8, 8, 5, 3, 3, 2, 2, Padding.SAME, false),        // SAME, stride 2, even: pads 0 above, 1 below
            new Case(2, 3, 7, 9, 4, 3, 3, 2, 2, Padding.SAME, true),         // SAME, stride 2, odd sizes
            new Case(1, 2, 6, 6, 3, 4, 4, 1, 1, Padding.SAME, true),         // even kernel: uneven padding at stride 1
            new Case(2, 2, 7, 6, 3, 2, 3, 1, 2, Padding.SAME, false),        // non-square kernel and stride
            new Case(2, 3, 9, 9, 4, 3, 3, 2, 2, Padding.VALID, true),
            new Case(2, 3, 8, 8, 4, 3, 3, 2, 2, Padding.VALID, false),       // last row and column never read
            new Case(2, 3, 7, 7, 4, 3, 3, 2, 2, Padding.explicit(1), true),
            new Case(1, 3, 6, 5, 2, 3, 3, 1, 1, Padding.explicit(2, 1), true),
            new Case(2, 4, 8, 8, 6, 1, 1, 2, 2, Padding.VALID, false),       // projection shortcut geometry
            new Case(3, 17, 6, 6, 18, 3, 3, 1, 1, Padding.SAME, true));      // channels off oneDNN's blocks of 16

    /** Float runs oneDNN's kernels, double libnd4j's portable ones: both are compared. */
    static Stream<Arguments> casesAndTypes() {
        return CASES.stream().flatMap(c -> Stream.of(DataType.FLOAT, DataType.DOUBLE).map(dt -> Arguments.of(c, dt)));
    }

    private static Conv2D layer(Case k, DataType dt, long seed) {
        INDArray w = normal(seed, 0.5, k.filters(), k.c(), k.kh(), k.kw()).castTo(dt);
        INDArray b = k.bias() ? normal(seed + 1, 0.5, k.filters()).castTo(dt) : null;
        return new Conv2D("conv", w, b, k.sh(), k.sw(), k.padding());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndTypes")
    void forwardAndBackwardEqualThePlainLoopReference(Case k, DataType dt) {
        Conv2D conv = layer(k, dt, 7);
        INDArray x = normal(1, 1.0, k.n(), k.c(), k.h(), k.w()).castTo(dt);
        Axis ah = ReferenceLayers.axis(k.h(), k.kh(), k.sh(), k.mode(), k.padding().h());
        Axis aw = ReferenceLayers.axis(k.w(), k.kw(), k.sw(), k.mode(), k.padding().w());
        INDArray dy = normal(2, 1.0, k.n(), k.filters(), ah.out(), aw.out()).castTo(dt);

        INDArray y = conv.forward(new INDArray[] {x}, true);
        INDArray dx = conv.backward(dy)[0];

        T4 xr = T4.of(x), wr = T4.of(conv.parameters().get(0).value()), dyr = T4.of(dy);
        double[] b = k.bias() ? conv.parameters().get(1).value().castTo(DataType.DOUBLE).toDoubleVector() : null;
        T4 yRef = ReferenceLayers.conv(xr, wr, b, k.sh(), k.sw(), ah, aw);
        T4[] gRef = ReferenceLayers.convBackward(xr, wr, dyr, k.sh(), k.sw(), ah, aw);

        double tol = dt == DataType.FLOAT ? 2e-5 : 1e-12;
        assertArrayEquals(new long[] {k.n(), k.filters(), ah.out(), aw.out()}, y.shape(), "output shape");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(y), yRef), tol, "y");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dx), gRef[0]), tol, "dx");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(conv.parameters().get(0).grad()), gRef[1]), tol, "dW");
        if (k.bias()) {
            INDArray db = conv.parameters().get(1).grad().reshape(1, 1, 1, k.filters());
            assertEquals(0, ReferenceLayers.relativeError(T4.of(db), gRef[2]), tol, "db");
        }
    }

    static Stream<Case> gradientCases() {
        return Stream.of(CASES.get(0), CASES.get(1), CASES.get(2), CASES.get(3), CASES.get(6), CASES.get(8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gradientCases")
    void everyInputWeightAndBiasGradientMatchesFiniteDifferences(Case k) {
        Conv2D conv = layer(k, DataType.DOUBLE, 11);
        INDArray x = normal(3, 1.0, k.n(), k.c(), k.h(), k.w());
        INDArray y0 = conv.forward(new INDArray[] {x}, true);
        INDArray r = normal(4, 1.0, y0.shape());
        INDArray dx = conv.backward(r)[0];
        DoubleSupplier loss = () -> weightedSum(r, conv.forward(new INDArray[] {x}, true));

        GradientCheck.check("x", x, dx, loss);
        for (Parameter p : conv.parameters()) GradientCheck.check(p.key(), p.value(), p.grad().dup(), loss);
    }

    /**
     * A first layer (input gradient skipped) takes the weight-gradient-alone kernel where the
     * input has few channels: its dW and db against the reference, and in double against
     * finite differences (the geometries of the finite-difference test above).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndTypes")
    void asAFirstLayerTheWeightGradientEqualsTheReference(Case k, DataType dt) {
        Conv2D conv = layer(k, dt, 7);
        conv.skipInputGradient(true);
        INDArray x = normal(1, 1.0, k.n(), k.c(), k.h(), k.w()).castTo(dt);
        Axis ah = ReferenceLayers.axis(k.h(), k.kh(), k.sh(), k.mode(), k.padding().h());
        Axis aw = ReferenceLayers.axis(k.w(), k.kw(), k.sw(), k.mode(), k.padding().w());
        INDArray dy = normal(2, 1.0, k.n(), k.filters(), ah.out(), aw.out()).castTo(dt);

        conv.forward(new INDArray[] {x}, true);
        conv.backward(dy);

        T4[] gRef = ReferenceLayers.convBackward(T4.of(x), T4.of(conv.parameters().get(0).value()), T4.of(dy), k.sh(), k.sw(), ah, aw);
        double tol = dt == DataType.FLOAT ? 2e-5 : 1e-12;
        assertEquals(0, ReferenceLayers.relativeError(T4.of(conv.parameters().get(0).grad()), gRef[1]), tol, "dW");
        if (k.bias()) {
            INDArray db = conv.parameters().get(1).grad().reshape(1, 1, 1, k.filters());
            assertEquals(0, ReferenceLayers.relativeError(T4.of(db), gRef[2]), tol, "db");
        }
        if (dt == DataType.DOUBLE && gradientCases().anyMatch(k::equals)) {
            INDArray r = dy;
            DoubleSupplier loss = () -> weightedSum(r, conv.forward(new INDArray[] {x}, true));
            for (Parameter p : conv.parameters()) GradientCheck.check(p.key(), p.value(), p.grad().dup(), loss);
        }
    }

    @Test
    void parametersSitUnderStableKeysAndGradientsAddUp() {
        Case k = CASES.get(0);
        Conv2D conv = layer(k, DataType.DOUBLE, 3);
        assertEquals("conv.W", conv.parameters().get(0).key());
        assertEquals("conv.b", conv.parameters().get(1).key());
        INDArray x = normal(5, 1.0, k.n(), k.c(), k.h(), k.w());
        INDArray r = normal(6, 1.0, k.n(), k.filters(), k.h(), k.w());
        conv.forward(new INDArray[] {x}, true);
        conv.backward(r);
        INDArray once = conv.parameters().get(0).grad().dup();
        conv.forward(new INDArray[] {x}, true);
        conv.backward(r);
        assertEquals(0, once.mul(2).distance2(conv.parameters().get(0).grad()), 1e-12);
    }

    @Test
    void aWrongInputFailsNamingTheLayerAndBothShapes() {
        Conv2D conv = layer(CASES.get(0), DataType.DOUBLE, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(new INDArray[] {normal(1, 1.0, 2, 5, 8, 8)}, true));
        assertTrue(e.getMessage().contains("conv") && e.getMessage().contains("[batch, 3, height, width]")
                && e.getMessage().contains("[2, 5, 8, 8]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> layer(CASES.get(0), DataType.DOUBLE, 3).backward(normal(1, 1.0, 2, 4, 8, 8)));
    }
}
