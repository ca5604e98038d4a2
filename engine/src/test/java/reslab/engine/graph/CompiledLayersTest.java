package reslab.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.Shape;
import reslab.engine.telemetry.BufferStats;

/** What compiling gives the new layer kinds: initial weights, evaluation mode. */
class CompiledLayersTest {
    private static NetworkSpec convNet(Init init) {
        return new NetworkSpec("init", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(64, 6, 6))),
                NodeSpec.of("conv", Conv2DSpec.of(48, 3, 1, Padding.SAME, true, init), "input"),
                NodeSpec.of("proj", new ProjectionShortcutSpec(32, 2, true, init), "conv"),
                NodeSpec.of("flat", new FlattenSpec(), "proj"),
                NodeSpec.of("output", new DenseSpec(2, Init.GLOROT_UNIFORM), "flat")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void convolutionWeightsAreDrawnWithFanInAndFanOutOfTheWholeKernel() {
        CompiledNetwork he = CompiledNetwork.compile(convNet(Init.HE_NORMAL), DataType.DOUBLE, 1);
        INDArray w = he.parameter("conv.W").value();                   // [48, 64, 3, 3]: fanIn 576, fanOut 432
        assertEquals(List.of(48L, 64L, 3L, 3L), List.of(w.size(0), w.size(1), w.size(2), w.size(3)));
        BufferStats.Moments m = BufferStats.moments(w, 0, Double.NaN);
        assertEquals(Math.sqrt(2.0 / 576), m.std(), 0.02 * Math.sqrt(2.0 / 576));   // 27,648 draws: the std is known to 0.4%
        assertEquals(0.0, m.mean(), 0.01 * Math.sqrt(2.0 / 576));
        assertEquals(0.0, he.parameter("conv.b").value().norm2Number().doubleValue(), 0.0);
        // The 1x1 projection: fanIn = in channels (48).
        assertEquals(Math.sqrt(2.0 / 48), BufferStats.moments(he.parameter("proj.W").value(), 0, Double.NaN).std(),
                0.03 * Math.sqrt(2.0 / 48));

        CompiledNetwork glorot = CompiledNetwork.compile(convNet(Init.GLOROT_UNIFORM), DataType.DOUBLE, 1);
        double bound = Math.sqrt(6.0 / (576 + 432));
        INDArray g = glorot.parameter("conv.W").value();
        assertTrue(g.maxNumber().doubleValue() <= bound && g.minNumber().doubleValue() >= -bound);
        assertTrue(g.maxNumber().doubleValue() > 0.99 * bound, "the draws fill the interval");
    }

    @Test
    void predictUsesRunningStatisticsDropsNothingAndChangesNoState() {
        NetworkSpec spec = new NetworkSpec("eval", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(4))),
                NodeSpec.of("dense", new DenseSpec(6, Init.GLOROT_UNIFORM), "input"),
                NodeSpec.of("bn", BatchNormSpec.DEFAULT, "dense"),
                NodeSpec.of("drop", new DropoutSpec(0.5), "bn"),
                NodeSpec.of("output", new DenseSpec(3, Init.GLOROT_UNIFORM), "drop")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        CompiledNetwork net = CompiledNetwork.compile(spec, DataType.DOUBLE, 2);
        net.forward(normal(1, 2.0, 8, 4), true);                       // moves the running statistics off 0 and 1
        net.clearCaches();
        INDArray mean = stateOf(net, "bn.running_mean").dup(), var = stateOf(net, "bn.running_var").dup();

        INDArray x = normal(2, 1.0, 5, 4);
        INDArray a = net.predict(x), b = net.predict(x);
        assertEquals(a, b, "no dropout in evaluation");
        assertEquals(mean, stateOf(net, "bn.running_mean"));
        assertEquals(var, stateOf(net, "bn.running_var"));
        // Batch statistics would give another answer: evaluation really uses the running ones.
        assertNotEquals(a, net.forward(x, true).dup());
        // By hand: dense, then (h - running mean) / sqrt(running var + eps) (gamma 1, beta 0), then the output layer.
        INDArray h = x.mmul(net.parameter("dense.W").value()).addRowVector(net.parameter("dense.b").value());
        INDArray normed = h.subRowVector(mean).divRowVector(org.nd4j.linalg.ops.transforms.Transforms.sqrt(var.add(1e-5)));
        INDArray expected = normed.mmul(net.parameter("output.W").value()).addRowVector(net.parameter("output.b").value());
        assertEquals(0, expected.distance2(a), 1e-12);
    }

    private static INDArray stateOf(CompiledNetwork net, String key) {
        for (CompiledNetwork.Node n : net.nodes()) {
            if (n.layer() != null && n.layer().state().containsKey(key)) return n.layer().state().get(key);
        }
        throw new AssertionError("no state " + key);
    }
}
