package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.normal;
import static reslab.engine.testutil.TestArrays.weightedSum;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import reslab.engine.spec.Padding;
import reslab.engine.testutil.GradientCheck;
import reslab.engine.testutil.ReferenceLayers;
import reslab.engine.testutil.ReferenceLayers.Axis;
import reslab.engine.testutil.ReferenceLayers.T4;

/** Max and average pooling against the plain-loop reference and finite differences. */
class Pool2DTest {
    record Case(int n, int c, int h, int w, int kh, int kw, int sh, int sw, Padding padding) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%dx%dx%dx%d k%dx%d s%dx%d %s", n, c, h, w, kh, kw, sh, sw, padding);
        }

        String mode() {
            return padding.mode().name().toLowerCase(Locale.ROOT);
        }
    }

    static final List<Case> CASES = List.of(
            new Case(2, 3, 8, 8, 2, 2, 2, 2, Padding.VALID),
            new Case(2, 3, 7, 7, 2, 2, 2, 2, Padding.VALID),          // last row and column dropped
            new Case(2, 3, 7, 9, 3, 3, 2, 2, Padding.SAME),           // padded windows at the bottom/right
            new Case(2, 3, 8, 8, 3, 3, 2, 2, Padding.SAME),
            new Case(2, 2, 7, 7, 3, 3, 2, 2, Padding.explicit(1)),    // padded windows on every side
            new Case(1, 2, 6, 5, 3, 2, 1, 1, Padding.explicit(1, 1)),
            new Case(2, 17, 5, 5, 5, 5, 1, 1, Padding.VALID));        // one window covering everything

    static Stream<Arguments> cases() {
        return CASES.stream().flatMap(c -> Stream.of(Pool2D.Kind.MAX, Pool2D.Kind.AVG)
                .flatMap(k -> Stream.of(DataType.FLOAT, DataType.DOUBLE).map(dt -> Arguments.of(c, k, dt))));
    }

    private static Pool2D pool(Case c, Pool2D.Kind kind) {
        return new Pool2D("pool", kind, c.kh(), c.kw(), c.sh(), c.sw(), c.padding());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void forwardAndBackwardEqualThePlainLoopReference(Case c, Pool2D.Kind kind, DataType dt) {
        Pool2D pool = pool(c, kind);
        // Negative values too: a max must never come from the padding's zeros.
        INDArray x = normal(1, 1.0, c.n(), c.c(), c.h(), c.w()).subi(2.0).castTo(dt);
        Axis ah = ReferenceLayers.axis(c.h(), c.kh(), c.sh(), c.mode(), c.padding().h());
        Axis aw = ReferenceLayers.axis(c.w(), c.kw(), c.sw(), c.mode(), c.padding().w());
        INDArray dy = normal(2, 1.0, c.n(), c.c(), ah.out(), aw.out()).castTo(dt);

        INDArray y = pool.forward(new INDArray[] {x}, true);
        INDArray dx = pool.backward(dy)[0];

        T4 xr = T4.of(x), dyr = T4.of(dy);
        T4 yRef = kind == Pool2D.Kind.MAX ? ReferenceLayers.maxPool(xr, c.kh(), c.kw(), c.sh(), c.sw(), ah, aw)
                : ReferenceLayers.avgPool(xr, c.kh(), c.kw(), c.sh(), c.sw(), ah, aw);
        T4 dxRef = kind == Pool2D.Kind.MAX ? ReferenceLayers.maxPoolBackward(xr, dyr, c.kh(), c.kw(), c.sh(), c.sw(), ah, aw)
                : ReferenceLayers.avgPoolBackward(xr, dyr, c.kh(), c.kw(), c.sh(), c.sw(), ah, aw);
        double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
        assertArrayEquals(new long[] {c.n(), c.c(), ah.out(), aw.out()}, y.shape(), "output shape");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(y), yRef), tol, "y");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dx), dxRef), tol, "dx");
    }

    static Stream<Arguments> gradientCases() {
        return Stream.of(CASES.get(1), CASES.get(2), CASES.get(4), CASES.get(5))
                .flatMap(c -> Stream.of(Arguments.of(c, Pool2D.Kind.MAX), Arguments.of(c, Pool2D.Kind.AVG)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gradientCases")
    void inputGradientMatchesFiniteDifferences(Case c, Pool2D.Kind kind) {
        Pool2D pool = pool(c, kind);
        // Distinct values: a max stays where it is under a 1e-6 nudge.
        INDArray x = Nd4j.linspace(1, c.n() * c.c() * c.h() * c.w(), c.n() * c.c() * c.h() * c.w(), DataType.DOUBLE)
                .muli(0.37).reshape(c.n(), c.c(), c.h(), c.w());
        INDArray shuffled = normal(9, 1.0, x.shape()).addi(x.mul(0.01));
        INDArray y0 = pool.forward(new INDArray[] {shuffled}, true);
        // Positive weights: overlapping average windows would otherwise sum to near-cancelling
        // gradients whose finite differences are mostly rounding error.
        INDArray r = Transforms.abs(normal(4, 1.0, y0.shape())).addi(0.5);
        INDArray dx = pool.backward(r)[0];
        GradientCheck.check("x", shuffled, dx, () -> weightedSum(r, pool.forward(new INDArray[] {shuffled}, true)));
    }

    @Test
    void averagePoolingCountsOnlyRealInputs() {
        // 3x3 window, padding 1, on a 2x2 of ones: every window holds ones only, so the mean is 1.
        Pool2D avg = new Pool2D("avg", Pool2D.Kind.AVG, 3, 3, 1, 1, Padding.explicit(1));
        INDArray y = avg.forward(new INDArray[] {Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2)}, true);
        assertEquals(Nd4j.ones(DataType.DOUBLE, 1, 1, 2, 2), y);
    }

    @Test
    void aFlatInputFailsNamingTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool(CASES.get(0), Pool2D.Kind.MAX).forward(new INDArray[] {normal(1, 1.0, 2, 12)}, true));
        assertTrue(e.getMessage().startsWith("pool:") && e.getMessage().contains("[2, 12]"), e.getMessage());
    }
}
