package reslab.engine.telemetry;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.Gate;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;

/** Reads the numbers of DESIGN.md off a network right after its backward pass. */
public final class TelemetryCollector {
    private TelemetryCollector() {}

    /**
     * @param weightNormsBefore ||W|| per parameter key before the update (for the update ratio)
     * @param updateNorms       ||delta W|| per parameter key, or null for a preview without update
     */
    public static List<NodeTelemetry> collect(CompiledNetwork net, Map<String, Double> weightNormsBefore,
                                              Map<String, Double> updateNorms) {
        List<NodeTelemetry> out = new ArrayList<>();
        List<CompiledNetwork.Node> nodes = net.nodes();
        // An array reached by several nodes (an Add hands its gradient to both inputs) is read once.
        Map<INDArray, Double> rmsOf = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            CompiledNetwork.Node n = nodes.get(i);
            if (n.layer() == null) continue; // the data input
            double wNorm = Double.NaN, wRms = Double.NaN, bNorm = Double.NaN, ratio = Double.NaN;
            for (Parameter p : n.layer().parameters()) {
                // Weights and biases only: batch norm's gamma/beta and a gate's k are no layer weights.
                if (p.role() == Parameter.Role.WEIGHT) {
                    double g = BufferStats.norm2(p.grad());
                    wNorm = g;
                    wRms = g / Math.sqrt(p.grad().length());
                    if (updateNorms != null) {
                        double before = weightNormsBefore.getOrDefault(p.key(), Double.NaN);
                        ratio = updateNorms.get(p.key()) / before;
                    }
                } else if (p.role() == Parameter.Role.BIAS) {
                    bNorm = BufferStats.norm2(p.grad());
                }
            }
            double shortcutRms = Double.NaN, branchRms = Double.NaN;
            CompiledNetwork.ResidualSplit split = net.residualSplit(i);
            if (split != null) {
                shortcutRms = rmsOf.computeIfAbsent(split.throughShortcut(), BufferStats::rms);
                branchRms = BufferStats.rmsOfDifference(split.total(), split.throughShortcut());
            }
            double gate = n.layer() instanceof Gate g ? g.gateValue() : Double.NaN;
            INDArray delta = net.delta(i);
            double deltaRms = delta == null ? 0.0 : rmsOf.computeIfAbsent(delta, BufferStats::rms);
            INDArray y = net.output(i);
            // Saturated: beyond 0.99 of the output range, i.e. |2y - 1| > 0.99 for a sigmoid,
            // |y| > 0.99 for tanh.
            BufferStats.Moments m;
            double dead = Double.NaN;
            if (n.spec() instanceof SigmoidSpec) {
                m = BufferStats.moments(y, 0.5, 0.495);
            } else if (n.spec() instanceof TanhSpec) {
                m = BufferStats.moments(y, 0.0, 0.99);
            } else {
                m = BufferStats.moments(y, 0.0, Double.NaN);
                if (n.spec() instanceof ReluSpec) dead = BufferStats.deadFraction(y);
            }
            // Population std (over N): the spread of exactly these values.
            out.add(new NodeTelemetry(n.id(), n.spec().kind(), wNorm, wRms, bNorm, deltaRms, ratio,
                    m.mean(), m.std(), m.fractionBeyond(), dead, shortcutRms, branchRms, gate));
        }
        return out;
    }

    public static double rms(INDArray a) {
        return BufferStats.rms(a);
    }
}
