package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.testutil.ReferenceLayers;
import reslab.engine.train.SoftmaxCrossEntropy;

/**
 * The gradient split at Adds and Gates, against sums written out from each edge's definition:
 * the shortcut part is what the shortcut hands its source, the branch part what the branch's
 * first layer hands it (a Dense layer here: dB = delta(dense) W^T, computed in plain loops).
 */
class ResidualSplitTelemetryTest {
    private static final int BATCH = 5, CLASSES = 3;

    private static CompiledNetwork afterBackward(NetworkSpec spec, INDArray x) {
        CompiledNetwork net = CompiledNetwork.compile(spec, DataType.DOUBLE, 9);
        for (Parameter p : net.parameters()) if (p.role() == Parameter.Role.GATE) p.value().assign(0.6);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) y.putScalar(i, i % CLASSES, 1.0);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        net.zeroGradients();
        loss.forward(net.forward(x, true), y);
        net.backward(loss.backward());
        return net;
    }

    private static int index(CompiledNetwork net, String id) {
        for (int i = 0; i < net.nodes().size(); i++) if (net.nodes().get(i).id().equals(id)) return i;
        throw new AssertionError("no node " + id);
    }

    private static double[][] matrix(INDArray a) {
        return a.toDoubleMatrix();
    }

    /** What Dense {@code id} hands back to its input: delta(id) W^T. */
    private static double[][] throughDense(CompiledNetwork net, String id) {
        double[][] d = matrix(net.delta(index(net, id)));
        double[][] w = matrix(net.parameter(id + ".W").value());          // [in, out]
        double[][] out = new double[d.length][w.length];
        for (int n = 0; n < d.length; n++)
            for (int i = 0; i < w.length; i++)
                for (int o = 0; o < w[i].length; o++) out[n][i] += d[n][o] * w[i][o];
        return out;
    }

    private static double rms(double[][] a) {
        double s = 0;
        int count = 0;
        for (double[] r : a) {
            for (double v : r) {
                s += v * v;
                count++;
            }
        }
        return Math.sqrt(s / count);
    }

    /** The first {@code width} columns, times {@code scale}. */
    private static double[][] columns(double[][] a, int width, double scale) {
        double[][] out = new double[a.length][width];
        for (int n = 0; n < a.length; n++) for (int i = 0; i < width; i++) out[n][i] = a[n][i] * scale;
        return out;
    }

    private static NodeTelemetry telemetry(CompiledNetwork net, String id) {
        return TelemetryCollector.collect(net, Map.of(), null).stream().filter(t -> t.node().equals(id)).findFirst().orElseThrow();
    }

    private static NodeSpec dense(String id, int units, String in) {
        return NodeSpec.of(id, new DenseSpec(units, Init.GLOROT_UNIFORM), in);
    }

    @Test
    void identityAndOptionAShortcutsSplitTheBlockInputsGradient() {
        NetworkSpec spec = new NetworkSpec("split", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(3))),
                dense("d0", 4, "input"),
                NodeSpec.of("t0", new TanhSpec(), "d0"),
                dense("b1.dense", 4, "t0"),                                      // block 1: identity shortcut from t0
                NodeSpec.of("b1.tanh", new TanhSpec(), "b1.dense"),
                NodeSpec.of("b1.add", new AddSpec(), "t0", "b1.tanh"),
                dense("b2.dense", 6, "b1.add"),                                   // block 2: option A from b1.add
                NodeSpec.of("b2.tanh", new TanhSpec(), "b2.dense"),
                NodeSpec.of("b2.pad", new ZeroPadShortcutSpec(6), "b1.add"),
                NodeSpec.of("b2.add", new AddSpec(), "b2.pad", "b2.tanh"),
                dense("output", CLASSES, "b2.add")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        CompiledNetwork net = afterBackward(spec, normal(1, 1.0, BATCH, 3));

        NodeTelemetry b1 = telemetry(net, "b1.add");
        assertEquals(rms(matrix(net.delta(index(net, "b1.add")))), b1.shortcutGradRms(), 1e-12, "identity: the Add's own delta");
        assertEquals(rms(throughDense(net, "b1.dense")), b1.branchGradRms(), 1e-12, "branch: delta(b1.dense) W^T");

        NodeTelemetry b2 = telemetry(net, "b2.add");
        assertEquals(rms(columns(matrix(net.delta(index(net, "b2.add"))), 4, 1)), b2.shortcutGradRms(), 1e-12,
                "option A: the Add's delta on the block input's 4 features");
        assertEquals(rms(throughDense(net, "b2.dense")), b2.branchGradRms(), 1e-12);
        assertTrue(b1.shortcutGradRms() > 0 && b1.branchGradRms() > 0 && b2.branchGradRms() > 0);
        assertTrue(Double.isNaN(b1.gate()), "an Add has no gate");
        // The block input feeds the shortcut and one branch: the split holds the branch's own part.
        assertTrue(net.residualSplit(index(net, "b1.add")).throughBranch() != null);
        assertTrue(net.residualSplit(index(net, "b2.add")).throughBranch() != null);
    }

    /** A block input with a third consumer: the rest is no one branch's, and telemetry takes total minus shortcut. */
    @Test
    void aBlockInputWithThreeConsumersSplitsIntoShortcutAndTheRest() {
        NetworkSpec spec = new NetworkSpec("split3", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(3))),
                dense("d0", 4, "input"),
                NodeSpec.of("t0", new TanhSpec(), "d0"),
                dense("b1.dense", 4, "t0"),
                dense("side", 4, "t0"),                                           // a third consumer of t0
                NodeSpec.of("b1.add", new AddSpec(), "t0", "b1.dense"),
                NodeSpec.of("both", new AddSpec(), "b1.add", "side"),
                dense("output", CLASSES, "both")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        CompiledNetwork net = afterBackward(spec, normal(2, 1.0, BATCH, 3));
        assertEquals(null, net.residualSplit(index(net, "b1.add")).throughBranch());
        NodeTelemetry b1 = telemetry(net, "b1.add");
        double[][] rest = matrix(net.delta(index(net, "t0")).sub(net.delta(index(net, "b1.add"))));
        assertEquals(rms(rest), b1.branchGradRms(), 1e-12, "total minus shortcut: both other consumers' parts");
    }

    @Test
    void aBlockWhoseInputIsTheDataKeepsItsBranchPartWhenTrainingSkipsDataGradients() {
        NetworkSpec spec = new NetworkSpec("data-block", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(3))),
                dense("b1.dense", 6, "input"),                                    // block 1 starts at the data
                NodeSpec.of("b1.tanh", new TanhSpec(), "b1.dense"),
                NodeSpec.of("b1.pad", new ZeroPadShortcutSpec(6), "input"),
                NodeSpec.of("b1.add", new AddSpec(), "b1.pad", "b1.tanh"),
                dense("output", CLASSES, "b1.add")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        CompiledNetwork net = CompiledNetwork.compile(spec, DataType.DOUBLE, 9);
        net.skipDataGradients();                                                   // as TrainingSession does
        INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) y.putScalar(i, i % CLASSES, 1.0);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        net.zeroGradients();
        loss.forward(net.forward(normal(4, 1.0, BATCH, 3), true), y);
        net.backward(loss.backward());

        NodeTelemetry b1 = telemetry(net, "b1.add");
        assertEquals(rms(columns(matrix(net.delta(index(net, "b1.add"))), 3, 1)), b1.shortcutGradRms(), 1e-12);
        assertEquals(rms(throughDense(net, "b1.dense")), b1.branchGradRms(), 1e-12, "branch: delta(b1.dense) W^T");
        assertTrue(b1.branchGradRms() > 0);
    }

    @Test
    void gatesReportTheirValueAndTheSplitOfPlainAndResidualBlocks() {
        NetworkSpec spec = new NetworkSpec("gates", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(3))),
                dense("d0", 4, "input"),
                NodeSpec.of("t0", new TanhSpec(), "d0"),
                dense("g1.dense", 4, "t0"),
                NodeSpec.of("g1.tanh", new TanhSpec(), "g1.dense"),
                NodeSpec.of("g1.gate", new GateSpec(GateSpec.Kind.PLAIN), "t0", "g1.tanh"),
                dense("g2.dense", 4, "g1.gate"),
                NodeSpec.of("g2.tanh", new TanhSpec(), "g2.dense"),
                NodeSpec.of("g2.gate", new GateSpec(GateSpec.Kind.RESIDUAL), "g1.gate", "g2.tanh"),
                dense("output", CLASSES, "g2.gate")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        CompiledNetwork net = afterBackward(spec, normal(2, 1.0, BATCH, 3));

        NodeTelemetry g1 = telemetry(net, "g1.gate");
        assertEquals(0.6, g1.gate(), 0.0);
        assertEquals(rms(columns(matrix(net.delta(index(net, "g1.gate"))), 4, 1 - 0.6)), g1.shortcutGradRms(), 1e-12,
                "plain gate: (1 - g) delta");
        assertEquals(rms(throughDense(net, "g1.dense")), g1.branchGradRms(), 1e-12);

        NodeTelemetry g2 = telemetry(net, "g2.gate");
        assertEquals(rms(matrix(net.delta(index(net, "g2.gate")))), g2.shortcutGradRms(), 1e-12, "residual gate: delta");
        assertEquals(rms(throughDense(net, "g2.dense")), g2.branchGradRms(), 1e-12);
        assertTrue(Double.isNaN(telemetry(net, "g1.dense").gate()));
        assertTrue(Double.isNaN(telemetry(net, "g1.dense").shortcutGradRms()));
    }

    @Test
    void convLayersReportWeightGradientsAndBatchNormIsNoWeightedLayer() {
        NetworkSpec spec = new NetworkSpec("conv", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(2, 6, 6))),
                NodeSpec.of("conv0", Conv2DSpec.of(3, 3, 1, Padding.SAME, true, Init.HE_NORMAL), "input"),
                NodeSpec.of("bn0", BatchNormSpec.DEFAULT, "conv0"),
                NodeSpec.of("relu0", new ReluSpec(), "bn0"),
                NodeSpec.of("conv1", Conv2DSpec.of(4, 3, 2, Padding.SAME, false, Init.HE_NORMAL), "relu0"),
                NodeSpec.of("short", new ZeroPadShortcutSpec(4, 2), "relu0"),
                NodeSpec.of("add", new AddSpec(), "short", "conv1"),
                NodeSpec.of("gap", new GlobalAvgPoolSpec(), "add"),
                dense("output", CLASSES, "gap")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        CompiledNetwork net = afterBackward(spec, normal(3, 1.0, BATCH, 2, 6, 6));
        List<NodeTelemetry> all = TelemetryCollector.collect(net, Map.of(), null);

        NodeTelemetry conv0 = all.stream().filter(t -> t.node().equals("conv0")).findFirst().orElseThrow();
        INDArray gw = net.parameter("conv0.W").grad();
        assertEquals(gw.norm2Number().doubleValue(), conv0.weightGradNorm(), 1e-12);
        assertEquals(gw.norm2Number().doubleValue() / Math.sqrt(2 * 3 * 9), conv0.weightGradRms(), 1e-12);
        assertEquals(net.parameter("conv0.b").grad().norm2Number().doubleValue(), conv0.biasGradNorm(), 1e-12);
        NodeTelemetry bn = all.stream().filter(t -> t.node().equals("bn0")).findFirst().orElseThrow();
        assertFalse(bn.hasWeights(), "gamma is no layer weight");
        assertTrue(Double.isNaN(bn.biasGradNorm()), "beta is no bias");
        assertEquals(List.of("conv0", "conv1", "output"), all.stream().filter(NodeTelemetry::hasWeights).map(NodeTelemetry::node).toList());
        NodeTelemetry add = all.stream().filter(t -> t.node().equals("add")).findFirst().orElseThrow();
        // Shortcut: option A hands every second row and column of the Add's delta, first 3 channels, back to relu0.
        ReferenceLayers.T4 dAdd = ReferenceLayers.T4.of(net.delta(index(net, "add")));
        double shortcutSq = 0;
        for (int n = 0; n < BATCH; n++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++) shortcutSq += dAdd.get(n, c, i, j) * dAdd.get(n, c, i, j);
        assertEquals(Math.sqrt(shortcutSq / (BATCH * 3 * 36)), add.shortcutGradRms(), 1e-12);
        // Branch: conv1's input gradient, by the plain-loop reference.
        ReferenceLayers.T4 dRelu = ReferenceLayers.convBackward(ReferenceLayers.T4.of(net.output(index(net, "relu0"))),
                ReferenceLayers.T4.of(net.parameter("conv1.W").value()), ReferenceLayers.T4.of(net.delta(index(net, "conv1"))),
                2, 2, ReferenceLayers.axis(6, 3, 2, "same", 0), ReferenceLayers.axis(6, 3, 2, "same", 0))[0];
        double branchSq = 0;
        for (double v : dRelu.v) branchSq += v * v;
        assertEquals(Math.sqrt(branchSq / dRelu.v.length), add.branchGradRms(), 1e-12);
    }
}
