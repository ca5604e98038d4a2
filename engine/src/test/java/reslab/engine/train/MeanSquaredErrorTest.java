package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.data.Dataset;
import reslab.engine.data.Split;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;
import reslab.engine.testutil.GradientCheck;

class MeanSquaredErrorTest {
    private static INDArray oneHot(int classes, int... labels) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, labels.length, classes);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        return y;
    }

    @Test
    void isTheMeanOverEveryElementOfTheSquaredError() {
        INDArray z = Nd4j.create(new double[][] {{0.5, 1.0, -1.0}, {2.0, 0.0, 0.0}});
        double l = new MeanSquaredError().forward(z, oneHot(3, 1, 0));
        // (0.25 + 0 + 1 + 1 + 0 + 0) / 6
        assertEquals(2.25 / 6, l, 1e-15);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray z = normal(1, 1.0, 4, 3), y = oneHot(3, 0, 2, 1, 2);
        MeanSquaredError loss = new MeanSquaredError();
        loss.forward(z, y);
        GradientCheck.check("output", z, loss.backward(), () -> new MeanSquaredError().forward(z, y));
    }

    @Test
    void aSessionTrainsOnTheLossItsNetworkNames() {
        List<NodeSpec> nodes = List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(2))),
                NodeSpec.of("hidden", new DenseSpec(4, Init.GLOROT_UNIFORM), "input"),
                NodeSpec.of("tanh", new TanhSpec(), "hidden"),
                NodeSpec.of("output", new DenseSpec(2, Init.GLOROT_UNIFORM), "tanh"));
        NetworkSpec spec = new NetworkSpec("mse", nodes, "output", LossKind.MEAN_SQUARED_ERROR);
        float[] f = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 1f, 1f};
        Dataset d = new Dataset("four", Shape.of(2), 2, f, new int[] {0, 1, 1, 0});
        // One batch holds the whole set, so the session's shuffled batch has the same examples.
        TrainingConfig config = new TrainingConfig(7, 4, 0.1, 0.0, DataType.DOUBLE, false);
        TrainingSession session = new TrainingSession(spec, new Split(d, d), config, 1);
        double loss = session.preview().loss();

        INDArray x = Nd4j.create(new float[] {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 1f, 1f}, new long[] {4, 2}, 'c').castTo(DataType.DOUBLE);
        INDArray z = CompiledNetwork.compile(spec, DataType.DOUBLE, 7).predict(x);
        double expected = 0;
        int[] labels = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 2; k++) expected += Math.pow(z.getDouble(i, k) - (labels[i] == k ? 1 : 0), 2) / 8;
        }
        assertEquals(expected, loss, 1e-12);
    }

    @Test
    void theLossKindPicksTheLoss() {
        assertInstanceOf(MeanSquaredError.class, Loss.of(LossKind.MEAN_SQUARED_ERROR));
        assertInstanceOf(SoftmaxCrossEntropy.class, Loss.of(LossKind.SOFTMAX_CROSS_ENTROPY));
    }
}
