package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.train.SoftmaxCrossEntropy;
import reslab.engine.zoo.Templates;

class TelemetryCollectorTest {
    private static CompiledNetwork afterBackward(String template) {
        CompiledNetwork net = CompiledNetwork.compile(Templates.find(template).orElseThrow().spec(), DataType.DOUBLE, 3);
        INDArray x = normal(1, 3.0, 8, 2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 2);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 2, 1.0);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(net.forward(x, true), y);
        net.backward(loss.backward());
        return net;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chain-tanh-3", "chain-sigmoid-3", "chain-relu-3-residual"})
    void collectingLeavesActivationsAndDeltasAsTheyWere(String template) {
        CompiledNetwork net = afterBackward(template);
        int n = net.nodes().size();
        INDArray[] outputs = new INDArray[n], deltas = new INDArray[n];
        for (int i = 0; i < n; i++) {
            outputs[i] = net.output(i).dup();
            deltas[i] = net.delta(i) == null ? null : net.delta(i).dup();
        }
        TelemetryCollector.collect(net, Map.of(), null);
        for (int i = 0; i < n; i++) {
            String id = net.nodes().get(i).id();
            assertEquals(outputs[i], net.output(i), id + " output changed by telemetry");
            assertEquals(deltas[i], net.delta(i), id + " delta changed by telemetry");
        }
    }

    @Test
    void collectingTwiceGivesTheSameNumbers() {
        CompiledNetwork net = afterBackward("chain-tanh-3");
        assertTrue(net.output(2).minNumber().doubleValue() < 0, "the check needs negative tanh outputs");
        List<NodeTelemetry> first = TelemetryCollector.collect(net, Map.of(), null);
        List<NodeTelemetry> second = TelemetryCollector.collect(net, Map.of(), null);
        assertEquals(first, second);
    }
}
