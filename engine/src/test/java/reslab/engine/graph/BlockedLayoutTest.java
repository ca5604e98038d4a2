package reslab.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Blocked;
import reslab.engine.layers.OneDnn;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.TelemetryCollector;
import reslab.engine.train.SoftmaxCrossEntropy;

/**
 * Activations kept in oneDNN's blocked layouts from layer to layer ({@link
 * CompiledNetwork#blockedLayouts}) change where values lie, never what they are: a network
 * with them computes what the same network without them does, output by output, gradient by
 * gradient, in evaluation and in its telemetry. Blocked arrays are read back here by ND4J's
 * permute, not by the engine's own conversion.
 */
class BlockedLayoutTest {
    /**
     * Residual blocks as in ResNet-20 (16 channels, then Shortcut A to 32 at stride 2), then
     * layers that do not take blocked arrays (max pooling, leaky ReLU, a projection shortcut
     * next to a convolution, global pooling), so the network converts. Which layouts oneDNN
     * picks depends on the processor: here (AVX-512) blocks of 16, and NCHW for 8 channels.
     */
    static final NetworkSpec SPEC = new NetworkSpec("blocked", List.of(
            NodeSpec.of("input", new InputSpec(Shape.of(3, 12, 12))),
            NodeSpec.of("conv0", Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL), "input"),
            NodeSpec.of("bn0", BatchNormSpec.DEFAULT, "conv0"),
            NodeSpec.of("relu0", new ReluSpec(), "bn0"),
            NodeSpec.of("b1.conv1", Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL), "relu0"),
            NodeSpec.of("b1.bn1", BatchNormSpec.DEFAULT, "b1.conv1"),
            NodeSpec.of("b1.relu1", new ReluSpec(), "b1.bn1"),
            NodeSpec.of("b1.conv2", Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL), "b1.relu1"),
            NodeSpec.of("b1.bn2", BatchNormSpec.DEFAULT, "b1.conv2"),
            NodeSpec.of("b1.add", new AddSpec(), "relu0", "b1.bn2"),
            NodeSpec.of("b1.relu2", new ReluSpec(), "b1.add"),
            NodeSpec.of("b2.short", new ZeroPadShortcutSpec(32, 2), "b1.relu2"),                   // 32x6x6
            NodeSpec.of("b2.conv1", Conv2DSpec.of(32, 3, 2, Padding.SAME, false, Init.HE_NORMAL), "b1.relu2"),
            NodeSpec.of("b2.bn1", BatchNormSpec.DEFAULT, "b2.conv1"),
            NodeSpec.of("b2.add", new AddSpec(), "b2.short", "b2.bn1"),
            NodeSpec.of("b2.relu", new ReluSpec(), "b2.add"),
            NodeSpec.of("conv3", Conv2DSpec.of(32, 3, 1, Padding.SAME, true, Init.HE_NORMAL), "b2.relu"),
            NodeSpec.of("bn3", BatchNormSpec.DEFAULT, "conv3"),
            NodeSpec.of("relu3", new ReluSpec(), "bn3"),
            NodeSpec.of("pool3", MaxPoolSpec.of(2, 2, Padding.VALID), "relu3"),                    // 32x3x3
            NodeSpec.of("conv4", Conv2DSpec.of(8, 3, 1, Padding.SAME, true, Init.HE_NORMAL), "pool3"),
            NodeSpec.of("act4", new LeakyReluSpec(0.1), "conv4"),
            NodeSpec.of("b5.conv", Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL), "act4"),
            NodeSpec.of("b5.short", new ProjectionShortcutSpec(16, 1, true, Init.HE_NORMAL), "act4"),
            NodeSpec.of("b5.add", new AddSpec(), "b5.short", "b5.conv"),
            NodeSpec.of("conv6", Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL), "b5.add"),
            NodeSpec.of("gap", new GlobalAvgPoolSpec(), "conv6"),
            NodeSpec.of("output", new DenseSpec(5, Init.GLOROT_UNIFORM), "gap")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);

    private static final int BATCH = 4;

    /** What a step leaves: logits, every node's output and gradient as images, every parameter gradient. */
    private record Step(INDArray logits, List<INDArray> outputs, List<INDArray> deltas, List<INDArray> gradients,
                        List<NodeTelemetry> telemetry, int blockedOutputs) {}

    private static CompiledNetwork network(boolean blocked) {
        CompiledNetwork net = CompiledNetwork.compile(SPEC, DataType.FLOAT, 7);
        net.blockedLayouts(blocked);
        return net;
    }

    private static Step step(CompiledNetwork net, long seed) {
        INDArray x = normal(seed, 1.0, BATCH, 3, 12, 12).castTo(DataType.FLOAT);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 5);
        for (int i = 0; i < BATCH; i++) labels.putScalar(i, (i + seed) % 5, 1.0);
        net.zeroGradients();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        INDArray logits = net.forward(x, true).dup();
        loss.forward(logits, labels);
        net.backward(loss.backward());
        List<INDArray> outputs = new ArrayList<>(), deltas = new ArrayList<>();
        int blocked = 0;
        for (int i = 0; i < net.nodes().size(); i++) {
            if (Blocked.is(net.output(i))) blocked++;
            outputs.add(image(net.output(i)));
            deltas.add(net.delta(i) == null ? null : image(net.delta(i)));
        }
        List<NodeTelemetry> telemetry = TelemetryCollector.collect(net, Map.of(), null);
        List<INDArray> gradients = net.parameters().stream().map(p -> p.grad().dup()).toList();
        net.clearCaches();
        return new Step(logits, outputs, deltas, gradients, telemetry, blocked);
    }

    /** [n, c / B, h, w, B] read back as [n, c, h, w] by ND4J alone; any other array copied as it is. */
    private static INDArray image(INDArray a) {
        if (a.rank() != 5) return a.dup();
        long[] s = a.shape();
        return a.permute(0, 1, 4, 2, 3).dup('c').reshape(s[0], s[1] * s[4], s[2], s[3]);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + ": shape");
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, () -> what + ": differs by " + diff + " (largest value " + scale + ")");
    }

    private static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        assertEquals(expected, actual, 1e-4 * Math.max(1e-3, Math.abs(expected)), what);
    }

    @Test
    void aNetworkWithBlockedLayoutsComputesWhatOneWithoutDoes() {
        assumeTrue(OneDnn.available(), "oneDNN is not on this computer");
        CompiledNetwork plain = network(false), blocked = network(true);
        for (long seed = 1; seed <= 2; seed++) {                       // the second step rewrites the kept arrays
            Step a = step(plain, seed), b = step(blocked, seed);
            assertEquals(0, a.blockedOutputs(), "without blocked layouts");
            assertTrue(b.blockedOutputs() >= 8, "blocked outputs: " + b.blockedOutputs());
            assertClose(a.logits(), b.logits(), "logits");
            for (int i = 0; i < a.outputs().size(); i++) {
                String id = plain.nodes().get(i).id();
                assertClose(a.outputs().get(i), b.outputs().get(i), id + " output");
                if (a.deltas().get(i) == null) {
                    assertEquals(null, b.deltas().get(i), id + " gradient");
                } else {
                    assertClose(a.deltas().get(i), b.deltas().get(i), id + " gradient");
                }
            }
            for (int k = 0; k < a.gradients().size(); k++) {
                assertClose(a.gradients().get(k), b.gradients().get(k), plain.parameters().get(k).key());
            }
            for (int i = 0; i < a.telemetry().size(); i++) {
                NodeTelemetry p = a.telemetry().get(i), q = b.telemetry().get(i);
                String id = p.node();
                assertClose(p.deltaRms(), q.deltaRms(), id + " delta rms");
                assertClose(p.actMean(), q.actMean(), id + " mean");
                assertClose(p.actStd(), q.actStd(), id + " std");
                assertClose(p.deadFrac(), q.deadFrac(), id + " dead");
                assertClose(p.shortcutGradRms(), q.shortcutGradRms(), id + " shortcut rms");
                assertClose(p.branchGradRms(), q.branchGradRms(), id + " branch rms");
                assertClose(p.weightGradNorm(), q.weightGradNorm(), id + " weight gradient");
            }
        }
        // Evaluation: blocked batch norm runs on its running statistics in oneDNN, the plain one in Java.
        INDArray x = normal(9, 1.0, BATCH, 3, 12, 12).castTo(DataType.FLOAT);
        assertClose(plain.predict(x), blocked.predict(x), "evaluation logits");
    }

    @ParameterizedTest(name = "blocks of {0}")
    @ValueSource(ints = {8, 16})
    void conversionsMatchNd4jsPermute(int block) {
        assumeTrue(OneDnn.available(), "oneDNN is not on this computer");
        INDArray img = normal(3, 1.0, 2, 2 * block, 5, 3).castTo(DataType.FLOAT);
        INDArray blocked = Nd4j.create(DataType.FLOAT, Blocked.shape(img.shape(), block));
        Blocked.fromImage(img, blocked);
        assertEquals(img, image(blocked));
        assertEquals(img.getFloat(1, block + 3, 4, 2), blocked.getFloat(1, 1, 4, 2, 3));
        INDArray back = Nd4j.create(DataType.FLOAT, img.shape());
        Blocked.toImage(blocked, back);
        assertEquals(img, back);
    }
}
