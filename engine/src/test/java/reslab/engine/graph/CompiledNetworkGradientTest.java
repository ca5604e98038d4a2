package reslab.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.testutil.GradientCheck;
import reslab.engine.train.SoftmaxCrossEntropy;

/** Whole networks: L = softmax cross-entropy of the compiled network's logits. */
class CompiledNetworkGradientTest {
    private static final int BATCH = 4, IN = 3, CLASSES = 3;

    private static NetworkSpec spec(String name, NodeSpec... nodes) {
        return new NetworkSpec(name, List.of(nodes), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    private static DenseSpec dense(int units) {
        return new DenseSpec(units, Init.GLOROT_UNIFORM);
    }

    private static INDArray oneHot(int... labels) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, labels.length, CLASSES);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        return y;
    }

    /** Checks dL/dx and every element of every parameter; returns the number of values checked. */
    private static int checkWholeNetwork(NetworkSpec spec) {
        CompiledNetwork net = CompiledNetwork.compile(spec, DataType.DOUBLE, 5);
        INDArray x = normal(1, 1.0, BATCH, IN);
        INDArray y = oneHot(0, 2, 1, 2);
        // Biases start at zero; random ones make the check cover a general point.
        for (Parameter p : net.parameters()) {
            assertEquals(DataType.DOUBLE, p.value().dataType(), p.key());
            if (p.role() == Parameter.Role.BIAS) p.value().assign(normal(p.key().hashCode(), 0.3, p.value().shape()));
        }

        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        net.zeroGradients();
        loss.forward(net.forward(x, true), y);
        net.backward(loss.backward());
        int inputIndex = indexOf(net, "input");
        INDArray dx = net.delta(inputIndex);
        assertNotNull(dx, "no gradient reached the input");
        dx = dx.dup();
        DoubleSupplier l = () -> new SoftmaxCrossEntropy().forward(net.forward(x, true), y);

        int checked = GradientCheck.check("input", x, dx, l);
        for (Parameter p : net.parameters()) {
            checked += GradientCheck.check(p.key(), p.value(), p.grad().dup(), l);
        }
        return checked;
    }

    private static int indexOf(CompiledNetwork net, String id) {
        for (int i = 0; i < net.nodes().size(); i++) if (net.nodes().get(i).id().equals(id)) return i;
        throw new AssertionError("no node " + id);
    }

    @Test
    void chainGradientsMatchFiniteDifferences() {
        NetworkSpec spec = spec("chain",
                NodeSpec.of("input", new InputSpec(Shape.of(IN))),
                NodeSpec.of("dense1", dense(4), "input"),
                NodeSpec.of("tanh1", new TanhSpec(), "dense1"),
                NodeSpec.of("dense2", dense(5), "tanh1"),
                NodeSpec.of("sigmoid2", new SigmoidSpec(), "dense2"),
                NodeSpec.of("output", dense(CLASSES), "sigmoid2"));
        int expected = BATCH * IN + (IN * 4 + 4) + (4 * 5 + 5) + (5 * CLASSES + CLASSES);
        assertEquals(expected, checkWholeNetwork(spec));
    }

    @Test
    void residualChainGradientsMatchFiniteDifferencesThroughBothShortcutKinds() {
        NetworkSpec spec = spec("residual",
                NodeSpec.of("input", new InputSpec(Shape.of(IN))),
                NodeSpec.of("dense1", dense(5), "input"),
                NodeSpec.of("tanh1", new TanhSpec(), "dense1"),
                NodeSpec.of("dense2", dense(5), "tanh1"),
                NodeSpec.of("tanh2", new TanhSpec(), "dense2"),
                NodeSpec.of("pad1", new ZeroPadShortcutSpec(5), "input"),        // option A
                NodeSpec.of("add1", new AddSpec(), "pad1", "tanh2"),
                NodeSpec.of("dense3", dense(5), "add1"),
                NodeSpec.of("sigmoid3", new SigmoidSpec(), "dense3"),
                NodeSpec.of("add2", new AddSpec(), "add1", "sigmoid3"),           // identity
                NodeSpec.of("output", dense(CLASSES), "add2"));
        int expected = BATCH * IN + (IN * 5 + 5) + 2 * (5 * 5 + 5) + (5 * CLASSES + CLASSES);
        assertEquals(expected, checkWholeNetwork(spec));
    }

    @Test
    void gradientsFromThreeConsumersOfOneNodeAreSummed() {
        // hidden feeds branchA, branchB and the Add directly.
        NetworkSpec spec = spec("fan-out",
                NodeSpec.of("input", new InputSpec(Shape.of(IN))),
                NodeSpec.of("dense1", dense(4), "input"),
                NodeSpec.of("hidden", new TanhSpec(), "dense1"),
                NodeSpec.of("branchA", dense(4), "hidden"),
                NodeSpec.of("tanhA", new TanhSpec(), "branchA"),
                NodeSpec.of("branchB", dense(4), "hidden"),
                NodeSpec.of("sigmoidB", new SigmoidSpec(), "branchB"),
                NodeSpec.of("join", new AddSpec(), "hidden", "tanhA", "sigmoidB"),
                NodeSpec.of("output", dense(CLASSES), "join"));
        int expected = BATCH * IN + (IN * 4 + 4) + 2 * (4 * 4 + 4) + (4 * CLASSES + CLASSES);
        assertEquals(expected, checkWholeNetwork(spec));
    }
}
