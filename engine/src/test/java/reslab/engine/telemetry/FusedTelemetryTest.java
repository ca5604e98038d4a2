package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.BatchNorm;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.zoo.Templates;

/**
 * Telemetry takes the mean and spread of a batch norm's output and input from the statistics
 * the layer computed anyway, and the size of the gradients that batch norm and ReLU pass
 * through from the squares their backward summed on the way; they must be those of the arrays
 * themselves, read value by value.
 */
class FusedTelemetryTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"resnet20, DOUBLE, 1e-9", "resnet20, FLOAT, 1e-5", "gated-resnet-mlp-10, DOUBLE, 1e-9",
            "gated-resnet-mlp-10, FLOAT, 1e-5"})
    void numbersTakenOnTheWayEqualThoseReadFromTheArrays(String id, DataType dt, double tolerance) {
        NetworkSpec spec = Templates.find(id).orElseThrow().spec();
        CompiledNetwork net = CompiledNetwork.compile(spec, dt, 7);
        long[] inShape = net.nodes().get(0).spec() instanceof reslab.engine.spec.InputSpec in
                ? prepend(4, in.shape().dims()) : null;
        Nd4j.getRandom().setSeed(11);
        // As after some training: gamma and beta away from 1 and 0, so outputs are not centred.
        for (reslab.engine.layers.Parameter p : net.parameters()) {
            if (p.role() == reslab.engine.layers.Parameter.Role.GAMMA) p.value().assign(Nd4j.rand(dt, p.value().shape()).addi(0.5));
            if (p.role() == reslab.engine.layers.Parameter.Role.BETA) p.value().assign(Nd4j.randn(dt, p.value().shape()));
        }
        INDArray x = Nd4j.randn(dt, inShape).muli(2).addi(0.5);   // not centred: means are not zero
        INDArray logits = net.forward(x, true);
        net.backward(Nd4j.randn(dt, logits.shape()));
        int batchNorms = 0;
        List<NodeTelemetry> telemetry = TelemetryCollector.collect(net, Map.of(), null);
        int k = 0;
        for (int i = 0; i < net.nodes().size(); i++) {
            CompiledNetwork.Node n = net.nodes().get(i);
            if (n.layer() == null) continue;
            NodeTelemetry t = telemetry.get(k++);
            if (n.layer() instanceof BatchNorm bn) {
                assertNotNull(bn.lastTrainingMoments(net.output(n.inputs()[0])), n.id() + " kept its statistics");
                // Both gradients in the Java loops; its input gradient in oneDNN (a ReLU sums the other).
                assertFalse(bn.squareSums().isEmpty(), n.id() + " summed its gradients' squares");
                batchNorms++;
            }
            BufferStats.Moments direct = BufferStats.moments(net.output(i), 0, Double.NaN);
            double deltaRms = BufferStats.rms(net.delta(i));
            assertClose(deltaRms, t.deltaRms(), tolerance, 0, n.id() + " delta rms");
            assertClose(direct.mean(), t.actMean(), tolerance, direct.std(), n.id() + " mean");
            assertClose(direct.std(), t.actStd(), tolerance, direct.std(), n.id() + " std");
        }
        assertTrue(batchNorms >= 9, "the net has batch norms: " + batchNorms);
    }

    private static long[] prepend(long first, int[] rest) {
        long[] s = new long[rest.length + 1];
        s[0] = first;
        for (int i = 0; i < rest.length; i++) s[i + 1] = rest[i];
        return s;
    }

    /** Relative to the spread: a mean near zero is compared on the scale of its values. */
    private static void assertClose(double expected, double actual, double tol, double scale, String what) {
        if (!(Math.abs(expected - actual) <= tol * Math.max(Math.abs(expected), scale))) {
            fail(what + ": read " + expected + ", derived " + actual);
        }
    }
}
