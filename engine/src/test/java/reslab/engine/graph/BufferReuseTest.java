package reslab.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Dropout;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.GateSpec;
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
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.SoftmaxCrossEntropy;

/**
 * The layers of a compiled network write into arrays they keep from step to step. A network
 * that has run other batches (of other sizes) must compute exactly what a fresh one does.
 */
class BufferReuseTest {
    private static final NetworkSpec SPEC = new NetworkSpec("every-kind", List.of(
            NodeSpec.of("input", new InputSpec(Shape.of(2, 8, 8))),
            NodeSpec.of("conv0", Conv2DSpec.of(3, 3, 1, Padding.SAME, true, Init.HE_NORMAL), "input"),
            NodeSpec.of("bn0", BatchNormSpec.DEFAULT, "conv0"),
            NodeSpec.of("relu0", new ReluSpec(), "bn0"),
            NodeSpec.of("pool0", MaxPoolSpec.of(2, 2, Padding.VALID), "relu0"),                    // 3x4x4
            NodeSpec.of("b1.conv", Conv2DSpec.of(4, 3, 2, Padding.SAME, false, Init.HE_NORMAL), "pool0"),
            NodeSpec.of("b1.short", new ZeroPadShortcutSpec(4, 2), "pool0"),                     // 4x2x2
            NodeSpec.of("b1.add", new AddSpec(), "b1.short", "b1.conv"),
            NodeSpec.of("b2.conv", Conv2DSpec.of(5, 3, 1, Padding.SAME, false, Init.HE_NORMAL), "b1.add"),
            NodeSpec.of("b2.short", new ProjectionShortcutSpec(5, 1, true, Init.HE_NORMAL), "b1.add"),
            NodeSpec.of("b2.add", new AddSpec(), "b2.short", "b2.conv"),
            NodeSpec.of("b2.act", new LeakyReluSpec(0.1), "b2.add"),
            NodeSpec.of("gap", new GlobalAvgPoolSpec(), "b2.act"),
            NodeSpec.of("d1", new DenseSpec(5, Init.GLOROT_UNIFORM), "gap"),
            NodeSpec.of("d1.sig", new SigmoidSpec(), "d1"),
            NodeSpec.of("drop", new DropoutSpec(0.3), "d1.sig"),
            NodeSpec.of("d2", new DenseSpec(5, Init.GLOROT_UNIFORM), "drop"),
            NodeSpec.of("d2.tanh", new TanhSpec(), "d2"),
            NodeSpec.of("gate", new GateSpec(GateSpec.Kind.PLAIN), "drop", "d2.tanh"),
            NodeSpec.of("output", new DenseSpec(3, Init.GLOROT_UNIFORM), "gate")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);

    private record Result(INDArray logits, INDArray inputGradient, List<INDArray> gradients) {}

    private static Result step(CompiledNetwork net, long seed, int batch) {
        INDArray x = normal(seed, 1.0, batch, 2, 8, 8).castTo(DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 3);
        for (int i = 0; i < batch; i++) y.putScalar(i, i % 3, 1.0);
        for (CompiledNetwork.Node n : net.nodes()) if (n.layer() instanceof Dropout d) d.setStep(0);
        net.zeroGradients();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        INDArray logits = net.forward(x, true);
        loss.forward(logits, y);
        net.backward(loss.backward());
        Result r = new Result(logits.dup(), net.delta(0).dup(), net.parameters().stream().map(p -> p.grad().dup()).toList());
        net.clearCaches();
        return r;
    }

    @Test
    void aNetworkThatRanOtherBatchesComputesWhatAFreshOneDoes() {
        CompiledNetwork used = CompiledNetwork.compile(SPEC, DataType.FLOAT, 3);
        step(used, 1, 4);
        step(used, 2, 3);                     // another batch size: new arrays, kept from here on
        Result again = step(used, 3, 3);      // the same size: the kept arrays, holding step 2's values
        Result fresh = step(CompiledNetwork.compile(SPEC, DataType.FLOAT, 3), 3, 3);

        assertEquals(fresh.logits(), again.logits());
        assertEquals(fresh.inputGradient(), again.inputGradient());
        List<Parameter> ps = used.parameters();
        for (int i = 0; i < ps.size(); i++) assertEquals(fresh.gradients().get(i), again.gradients().get(i), ps.get(i).key());
    }

    @Test
    void layersOfACompiledNetworkWriteIntoTheSameArraysEachStep() {
        CompiledNetwork net = CompiledNetwork.compile(SPEC, DataType.FLOAT, 3);
        INDArray x = normal(1, 1.0, 4, 2, 8, 8).castTo(DataType.FLOAT);
        INDArray first = net.forward(x, true);
        assertSame(first, net.forward(x.mul(2), true), "the output layer's array is kept");
    }
}
