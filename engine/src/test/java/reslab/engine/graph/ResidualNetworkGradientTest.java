package reslab.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.testutil.GradientCheck;
import reslab.engine.train.Loss;

/**
 * Whole residual networks through CompiledNetwork, batch norm in training mode: dL/dx and
 * every element of every parameter against centered finite differences, in double precision.
 */
class ResidualNetworkGradientTest {
    private static final int BATCH = 3, CLASSES = 3;

    /** Builds a spec from (id, layer, inputs...) triples in order. */
    private static final class Net {
        final List<NodeSpec> nodes = new ArrayList<>();

        Net add(String id, LayerSpec layer, String... inputs) {
            nodes.add(NodeSpec.of(id, layer, inputs));
            return this;
        }

        NetworkSpec spec(String name, LossKind loss) {
            return new NetworkSpec(name, nodes, "output", loss);
        }
    }

    private static Conv2DSpec conv(int filters, int kernel, int stride, boolean bias) {
        return Conv2DSpec.of(filters, kernel, stride, Padding.SAME, bias, Init.HE_NORMAL);
    }

    /** The usual stem: a convolution, batch norm, ReLU. (A bias before batch norm would get no gradient.) */
    private static Net stem(Shape input, int channels) {
        return new Net()
                .add("input", new InputSpec(input))
                .add("conv0", conv(channels, 3, 1, false), "input")
                .add("bn0", BatchNormSpec.DEFAULT, "conv0")
                .add("relu0", new ReluSpec(), "bn0");
    }

    /** conv(stride)-BN-ReLU-conv-BN from {@code in}, named with {@code p}. */
    private static Net branch(Net n, String p, String in, int filters, int stride) {
        return n.add(p + "conv1", conv(filters, 3, stride, false), in)
                .add(p + "bn1", BatchNormSpec.DEFAULT, p + "conv1")
                .add(p + "relu1", new ReluSpec(), p + "bn1")
                .add(p + "conv2", conv(filters, 3, 1, false), p + "relu1")
                .add(p + "bn2", BatchNormSpec.DEFAULT, p + "conv2");
    }

    private static int check(NetworkSpec spec, INDArray x) {
        CompiledNetwork net = CompiledNetwork.compile(spec, DataType.DOUBLE, 5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) y.putScalar(i, (i * 2) % CLASSES, 1.0);
        // Zero biases, unit gammas and k = 1 are special points: move them somewhere general.
        for (Parameter p : net.parameters()) {
            assertEquals(DataType.DOUBLE, p.value().dataType(), p.key());
            long seed = p.key().hashCode();
            switch (p.role()) {
                case BIAS, BETA -> p.value().assign(normal(seed, 0.3, p.value().shape()));
                case GAMMA -> p.value().assign(normal(seed, 0.2, p.value().shape()).addi(1.0));
                case GATE -> p.value().assign(0.7);
                default -> { }
            }
        }
        Loss loss = Loss.of(spec.loss());
        net.zeroGradients();
        loss.forward(net.forward(x, true), y);
        net.backward(loss.backward());
        INDArray dx = net.delta(0);
        assertNotNull(dx, "no gradient reached the input");
        dx = dx.dup();
        DoubleSupplier l = () -> Loss.of(spec.loss()).forward(net.forward(x, true), y);

        int checked = GradientCheck.check("input", x, dx, l);
        for (Parameter p : net.parameters()) checked += GradientCheck.check(p.key(), p.value(), p.grad().dup(), l);
        return checked;
    }

    @Test
    void convBlockWithOptionAShortcutSubsamplingAndWidening() {
        Net n = stem(Shape.of(2, 7, 7), 3)
                .add("pool0", MaxPoolSpec.of(3, 2, Padding.SAME), "relu0");             // 4x4
        branch(n, "b1.", "pool0", 5, 2)                                                  // 5 x 2x2
                .add("b1.short", new ZeroPadShortcutSpec(5, 2), "pool0")
                .add("b1.add", new AddSpec(), "b1.short", "b1.bn2")
                .add("b1.relu", new ReluSpec(), "b1.add")
                .add("gap", new GlobalAvgPoolSpec(), "b1.relu")
                .add("output", new DenseSpec(CLASSES, Init.GLOROT_UNIFORM), "gap");
        int params = (2 * 9 * 3) + 2 * 3 + (3 * 9 * 5) + 2 * 5 + (5 * 9 * 5) + 2 * 5 + (5 * CLASSES + CLASSES);
        assertEquals(BATCH * 2 * 49 + params, check(n.spec("option-a", LossKind.SOFTMAX_CROSS_ENTROPY), normal(1, 1.0, BATCH, 2, 7, 7)));
    }

    @Test
    void convBlocksWithProjectionShortcutsOptionsBAndC() {
        Net n = stem(Shape.of(1, 6, 6), 2);
        branch(n, "b1.", "relu0", 3, 2)                                                  // B: sizes change, project
                .add("b1.short", new ProjectionShortcutSpec(3, 2, true, Init.HE_NORMAL), "relu0")
                .add("b1.add", new AddSpec(), "b1.short", "b1.bn2")
                .add("b1.relu", new ReluSpec(), "b1.add");
        branch(n, "b2.", "b1.relu", 3, 1)                                                // C: project even so
                .add("b2.short", new ProjectionShortcutSpec(3, 1, true, Init.HE_NORMAL), "b1.relu")
                .add("b2.add", new AddSpec(), "b2.short", "b2.bn2")
                .add("b2.relu", new LeakyReluSpec(0.1), "b2.add")
                .add("pool", AvgPoolSpec.of(2, 2, Padding.explicit(1)), "b2.relu")        // 3x3 -> 2x2, padded
                .add("flat", new FlattenSpec(), "pool")
                .add("output", new DenseSpec(CLASSES, Init.GLOROT_UNIFORM), "flat");
        int params = (1 * 9 * 2) + 2 * 2
                + (2 * 9 * 3) + 2 * 3 + (3 * 9 * 3) + 2 * 3 + (2 * 3 + 2 * 3)
                + (3 * 9 * 3) + 2 * 3 + (3 * 9 * 3) + 2 * 3 + (3 * 3 + 2 * 3)
                + (12 * CLASSES + CLASSES);
        assertEquals(BATCH * 36 + params, check(n.spec("options-b-c", LossKind.SOFTMAX_CROSS_ENTROPY), normal(2, 1.0, BATCH, 1, 6, 6)));
    }

    @Test
    void gatedPlainAndResidualBlocksOnDenseLayersWithMeanSquaredError() {
        Net n = new Net()
                .add("input", new InputSpec(Shape.of(4)))
                .add("dense0", new DenseSpec(5, Init.GLOROT_UNIFORM, false), "input")
                .add("bn0", BatchNormSpec.DEFAULT, "dense0")
                .add("relu0", new ReluSpec(), "bn0")
                .add("g1.dense", new DenseSpec(5, Init.GLOROT_UNIFORM, false), "relu0")
                .add("g1.bn", BatchNormSpec.DEFAULT, "g1.dense")
                .add("g1.tanh", new TanhSpec(), "g1.bn")
                .add("g1.gate", new GateSpec(GateSpec.Kind.PLAIN), "relu0", "g1.tanh")
                .add("g2.dense", new DenseSpec(5, Init.GLOROT_UNIFORM), "g1.gate")
                .add("g2.tanh", new TanhSpec(), "g2.dense")
                .add("g2.gate", new GateSpec(GateSpec.Kind.RESIDUAL), "g1.gate", "g2.tanh")
                .add("output", new DenseSpec(CLASSES, Init.GLOROT_UNIFORM), "g2.gate");
        int params = (4 * 5) + 10 + 25 + 10 + 1 + (25 + 5) + 1 + (5 * CLASSES + CLASSES);
        assertEquals(BATCH * 4 + params, check(n.spec("gated", LossKind.MEAN_SQUARED_ERROR), normal(3, 1.0, BATCH, 4)));
    }

    @Test
    void gatedResidualConvBlockWithAWideningShortcut() {
        Net n = stem(Shape.of(2, 5, 5), 3);
        branch(n, "b1.", "relu0", 4, 2)
                .add("b1.short", new ZeroPadShortcutSpec(4, 2), "relu0")
                .add("b1.gate", new GateSpec(GateSpec.Kind.RESIDUAL), "b1.short", "b1.bn2")
                .add("gap", new GlobalAvgPoolSpec(), "b1.gate")
                .add("output", new DenseSpec(CLASSES, Init.GLOROT_UNIFORM), "gap");
        int params = (2 * 9 * 3) + 2 * 3 + (3 * 9 * 4) + 2 * 4 + (4 * 9 * 4) + 2 * 4 + 1 + (4 * CLASSES + CLASSES);
        assertEquals(BATCH * 2 * 25 + params, check(n.spec("gated-conv", LossKind.SOFTMAX_CROSS_ENTROPY), normal(4, 1.0, BATCH, 2, 5, 5)));
    }
}
