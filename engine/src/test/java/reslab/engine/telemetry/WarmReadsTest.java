package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.zoo.Templates;

/**
 * Telemetry that {@link WarmReads} took while the arrays were written must be the telemetry
 * read from the same arrays afterwards, number for number, and must leave the telemetry
 * thread nothing large to read.
 */
class WarmReadsTest {
    private static CompiledNetwork trained(String id, DataType dt, boolean blocked, WarmReads[] warm) {
        NetworkSpec spec = Templates.find(id).orElseThrow().spec();
        CompiledNetwork net = CompiledNetwork.compile(spec, dt, 5);
        net.blockedLayouts(blocked);
        net.skipDataGradients();
        warm[0] = WarmReads.attach(net);
        int[] dims = ((InputSpec) net.nodes().get(0).spec()).shape().dims();
        long[] shape = new long[dims.length + 1];
        shape[0] = 6;
        for (int i = 0; i < dims.length; i++) shape[i + 1] = dims[i];
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(dt, shape).muli(1.5).addi(0.3);
        INDArray logits = net.forward(x, true);
        net.backward(Nd4j.randn(dt, logits.shape()));
        return net;
    }

    @ParameterizedTest(name = "{0} {1} blocked={2}")
    @CsvSource({"resnet20, FLOAT, true", "resnet20, DOUBLE, false", "chain-sigmoid-8-residual, DOUBLE, false",
            "chain-tanh-6, FLOAT, false", "gated-resnet-mlp-10, FLOAT, false", "plain20, FLOAT, true"})
    void warmNumbersAreThoseReadAfterwards(String id, DataType dt, boolean blocked) {
        WarmReads[] warm = new WarmReads[1];
        CompiledNetwork net = trained(id, dt, blocked, warm);
        List<NodeTelemetry> taken = TelemetryCollector.capture(net, Map.of(), null, warm[0]).compute();
        List<NodeTelemetry> read = TelemetryCollector.capture(net, Map.of(), null, null).compute();
        assertEquals(read.size(), taken.size());
        for (int k = 0; k < read.size(); k++) assertEquals(read.get(k), taken.get(k), read.get(k).node());
    }

    @Test
    void resnetLeavesOnlyTheHeadToRead() {
        WarmReads[] warm = new WarmReads[1];
        CompiledNetwork net = trained("resnet20", DataType.FLOAT, true, warm);
        List<String> left = TelemetryCollector.capture(net, Map.of(), null, warm[0]).arraysToRead();
        // Only the gradients of the 64 pooled features and of the 10 logits, which no layer's
        // backward summed; every output, and every split part, was read on its way.
        assertEquals(List.of("avgpool gradient", "output gradient"), left);
        List<String> cold = TelemetryCollector.capture(net, Map.of(), null, null).arraysToRead();
        assertTrue(cold.contains("layer1.0.relu2 output") && cold.contains("layer1.0.add branch"), cold.toString());
    }

    /** An output the warm reads missed is read by the capture itself: what it hands on holds gradients only. */
    @Test
    void aCaptureWithWarmReadsHoldsNoOutput() {
        WarmReads[] warm = new WarmReads[1];
        CompiledNetwork net = trained("resnet20", DataType.FLOAT, true, warm);
        WarmReads late = WarmReads.attach(net);            // attached after the forward: it read nothing
        TelemetryCollector.Capture capture = TelemetryCollector.capture(net, Map.of(), null, late);
        assertTrue(capture.arraysToRead().stream().noneMatch(s -> s.endsWith(" output")), capture.arraysToRead().toString());
        assertEquals(TelemetryCollector.capture(net, Map.of(), null, null).compute(), capture.compute());
    }

    @Test
    void anEvaluationForwardLeavesNothingStale() {
        WarmReads[] warm = new WarmReads[1];
        CompiledNetwork net = trained("chain-relu-6-residual", DataType.DOUBLE, false, warm);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 6, ((InputSpec) net.nodes().get(0).spec()).shape().dims()[0]);
        net.forward(x, false);
        for (int i = 0; i < net.nodes().size(); i++) assertEquals(null, warm[0].output(i), net.nodes().get(i).id());
    }
}
