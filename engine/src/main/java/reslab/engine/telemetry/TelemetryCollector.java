package reslab.engine.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import reslab.engine.graph.CompiledNetwork;
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
        for (int i = 0; i < nodes.size(); i++) {
            CompiledNetwork.Node n = nodes.get(i);
            if (n.layer() == null) continue; // the data input
            double wNorm = Double.NaN, wRms = Double.NaN, bNorm = Double.NaN, ratio = Double.NaN;
            for (Parameter p : n.layer().parameters()) {
                double g = p.grad().norm2Number().doubleValue();
                if (p.role() == Parameter.Role.WEIGHT) {
                    wNorm = g;
                    wRms = g / Math.sqrt(p.grad().length());
                    if (updateNorms != null) {
                        double before = weightNormsBefore.getOrDefault(p.key(), Double.NaN);
                        ratio = updateNorms.get(p.key()) / before;
                    }
                } else {
                    bNorm = g;
                }
            }
            INDArray delta = net.delta(i);
            double deltaRms = delta == null ? 0.0 : rms(delta);
            INDArray y = net.output(i);
            double mean = y.meanNumber().doubleValue();
            double std = y.std(false).getDouble(0);        // population std: the spread of these values
            double saturated = Double.NaN, dead = Double.NaN;
            if (n.spec() instanceof SigmoidSpec) {
                saturated = fractionAbove(y.mul(2.0).subi(1.0), 0.99);
            } else if (n.spec() instanceof TanhSpec) {
                saturated = fractionAbove(y, 0.99);
            } else if (n.spec() instanceof ReluSpec) {
                dead = deadFraction(y);
            }
            out.add(new NodeTelemetry(n.id(), n.spec().kind(), wNorm, wRms, bNorm, deltaRms, ratio,
                    mean, std, saturated, dead));
        }
        return out;
    }

    public static double rms(INDArray a) {
        return a.norm2Number().doubleValue() / Math.sqrt(a.length());
    }

    private static double fractionAbove(INDArray centred, double threshold) {
        return Transforms.abs(centred, true).gt(threshold).castTo(centred.dataType()).meanNumber().doubleValue();
    }

    /** Units (all dimensions but the batch) that are zero for every example. */
    private static double deadFraction(INDArray y) {
        INDArray flat = y.reshape(y.size(0), y.length() / y.size(0));
        INDArray maxPerUnit = flat.max(0);
        return maxPerUnit.lte(0.0).castTo(y.dataType()).meanNumber().doubleValue();
    }
}
