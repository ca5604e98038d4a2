package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.spec.GateSpec;
import reslab.engine.testutil.GradientCheck;

/** Shortcut A on images, shortcuts B/C, and the residual gates. */
class ShortcutAndGateTest {
    private static INDArray[] one(INDArray x) {
        return new INDArray[] {x};
    }

    @Test
    void optionATakesEveryStrideThRowAndColumnAndPadsChannelsWithZeros() {
        INDArray x = normal(1, 1.0, 2, 3, 5, 4);
        INDArray y = new ZeroPadShortcut("a", 5, 2).forward(one(x), true);
        assertArrayEquals(new long[] {2, 5, 3, 2}, y.shape());
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 5; c++)
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 2; j++) {
                        double expected = c < 3 ? x.getDouble(n, c, 2 * i, 2 * j) : 0.0;
                        assertEquals(expected, y.getDouble(n, c, i, j), 0.0, "y[" + n + "," + c + "," + i + "," + j + "]");
                    }
    }

    @Test
    void optionAOnImagesGradientMatchesFiniteDifferences() {
        ZeroPadShortcut a = new ZeroPadShortcut("a", 6, 2);
        INDArray x = normal(2, 1.0, 2, 4, 5, 6), r = normal(3, 1.0, 2, 6, 3, 3);
        a.forward(one(x), true);
        INDArray dx = a.backward(r)[0];
        // Skipped rows and columns get exactly nothing (finite differences only say "about 0").
        assertEquals(0.0, dx.getDouble(0, 0, 1, 0), 0.0);
        assertEquals(0.0, dx.getDouble(1, 3, 2, 5), 0.0);
        GradientCheck.check("x", x, dx, () -> weightedSum(r, a.forward(one(x), true)));
    }

    @Test
    void optionAOnFlatInputsRefusesAStride() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ZeroPadShortcut("a", 6, 2).forward(one(normal(1, 1.0, 2, 4)), true));
        assertTrue(e.getMessage().startsWith("a:") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    private static BatchNorm bn(String name, int c) {
        BatchNorm bn = new BatchNorm(name, c, 1e-5, 0.1, DataType.DOUBLE);
        bn.parameters().get(0).value().assign(normal(8, 0.3, c).addi(1.0));
        bn.parameters().get(1).value().assign(normal(9, 0.5, c));
        return bn;
    }

    private static void checkEverything(Layer layer, INDArray x) {
        INDArray y0 = layer.forward(one(x), true);
        INDArray r = normal(77, 1.0, y0.shape());
        INDArray dx = layer.backward(r)[0];
        DoubleSupplier loss = () -> weightedSum(r, layer.forward(one(x), true));
        GradientCheck.check("x", x, dx, loss);
        for (Parameter p : layer.parameters()) GradientCheck.check(p.key(), p.value(), p.grad().dup(), loss);
    }

    @Test
    void projectionOnImagesIsAStridedOneByOneConvolutionThenBatchNorm() {
        ProjectionShortcut p = new ProjectionShortcut("proj", normal(4, 0.5, 6, 3, 1, 1), 2, bn("proj", 6));
        INDArray x = normal(5, 1.0, 3, 3, 5, 5);
        assertArrayEquals(new long[] {3, 6, 3, 3}, p.forward(one(x), true).shape());
        assertEquals(List.of("proj.W", "proj.gamma", "proj.beta"), p.parameters().stream().map(Parameter::key).toList());
        assertEquals(List.of("proj.running_mean", "proj.running_var"), List.copyOf(p.state().keySet()));
        checkEverything(p, x);
    }

    @Test
    void projectionOnFlatInputsIsADenseLayerWithoutBiasThenBatchNorm() {
        ProjectionShortcut p = new ProjectionShortcut("proj", normal(4, 0.5, 3, 5), 1, bn("proj", 5));
        INDArray x = normal(6, 1.0, 4, 3);
        assertEquals(List.of("proj.W", "proj.gamma", "proj.beta"), p.parameters().stream().map(Parameter::key).toList());
        checkEverything(p, x);
    }

    @Test
    void projectionWithoutBatchNormHasOnlyItsWeights() {
        ProjectionShortcut p = new ProjectionShortcut("proj", normal(4, 0.5, 6, 3, 1, 1), 1, null);
        assertEquals(List.of("proj.W"), p.parameters().stream().map(Parameter::key).toList());
        checkEverything(p, normal(5, 1.0, 2, 3, 4, 4));
    }

    private static Gate gate(GateSpec.Kind kind, double k) {
        return new Gate("gate", kind, Nd4j.scalar(DataType.DOUBLE, k).reshape(1));
    }

    @ParameterizedTest
    @EnumSource(GateSpec.Kind.class)
    void gateOutputFollowsItsFormula(GateSpec.Kind kind) {
        INDArray x = normal(1, 1.0, 3, 4), f = normal(2, 1.0, 3, 4);
        Gate g = gate(kind, 0.7);
        INDArray u = g.forward(new INDArray[] {x, f}, true);
        INDArray expected = kind == GateSpec.Kind.PLAIN ? f.mul(0.7).add(x.mul(0.3)) : f.mul(0.7).add(x);
        assertEquals(0, expected.distance2(u), 1e-12);
        assertEquals(0.7, g.gateValue(), 0.0);
        assertEquals("gate.k", g.parameters().get(0).key());
        assertEquals(Parameter.Role.GATE, g.parameters().get(0).role());
    }

    @ParameterizedTest
    @EnumSource(GateSpec.Kind.class)
    void gateGradientsForBothInputsAndKMatchFiniteDifferences(GateSpec.Kind kind) {
        Gate g = gate(kind, 0.8);
        INDArray x = normal(3, 1.0, 2, 3, 2, 2), f = normal(4, 1.0, 2, 3, 2, 2), r = normal(5, 1.0, 2, 3, 2, 2);
        INDArray[] in = {x, f};
        g.forward(in, true);
        INDArray[] d = g.backward(r);
        DoubleSupplier loss = () -> weightedSum(r, g.forward(in, true));
        GradientCheck.check("x", x, d[0], loss);
        GradientCheck.check("f", f, d[1], loss);
        Parameter k = g.parameters().get(0);
        GradientCheck.check("gate.k", k.value(), k.grad().dup(), loss);
    }

    @ParameterizedTest
    @EnumSource(GateSpec.Kind.class)
    void aShutGateLetsNoGradientReachKOrTheBranch(GateSpec.Kind kind) {
        Gate g = gate(kind, -0.5);
        INDArray x = normal(3, 1.0, 2, 3), f = normal(4, 1.0, 2, 3), r = normal(5, 1.0, 2, 3);
        INDArray u = g.forward(new INDArray[] {x, f}, true);
        assertEquals(0.0, g.gateValue(), 0.0);
        assertEquals(x, u, "g = 0: the block passes x through");
        INDArray[] d = g.backward(r);
        assertEquals(0.0, g.parameters().get(0).grad().getDouble(0), 0.0, "g'(k) = 0 for k < 0");
        assertEquals(0.0, d[1].norm2Number().doubleValue(), 0.0);
        assertEquals(r, d[0]);
    }

    @Test
    void gateRefusesABranchOfAnotherShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gate(GateSpec.Kind.PLAIN, 1).forward(new INDArray[] {normal(1, 1.0, 2, 3), normal(1, 1.0, 2, 4)}, true));
        assertTrue(e.getMessage().startsWith("gate:") && e.getMessage().contains("[2, 4]") && e.getMessage().contains("[2, 3]"),
                e.getMessage());
    }
}
