package reslab.engine.telemetry;

import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The per-node numbers of {@link NodeTelemetry} by their CSV names (DESIGN.md, "Telemetry"). */
public enum TelemetryMetric {
    WEIGHT_GRAD_NORM("weight_grad_norm", NodeTelemetry::weightGradNorm),
    WEIGHT_GRAD_RMS("weight_grad_rms", NodeTelemetry::weightGradRms),
    BIAS_GRAD_NORM("bias_grad_norm", NodeTelemetry::biasGradNorm),
    DELTA_RMS("delta_rms", NodeTelemetry::deltaRms),
    UPDATE_RATIO("update_ratio", NodeTelemetry::updateRatio),
    ACT_MEAN("act_mean", NodeTelemetry::actMean),
    ACT_STD("act_std", NodeTelemetry::actStd),
    SATURATED_FRAC("saturated_frac", NodeTelemetry::saturatedFrac),
    DEAD_FRAC("dead_frac", NodeTelemetry::deadFrac),
    SHORTCUT_GRAD_RMS("shortcut_grad_rms", NodeTelemetry::shortcutGradRms),
    BRANCH_GRAD_RMS("branch_grad_rms", NodeTelemetry::branchGradRms),
    GATE("gate", NodeTelemetry::gate);

    private final String id;
    private final ToDoubleFunction<NodeTelemetry> read;

    TelemetryMetric(String id, ToDoubleFunction<NodeTelemetry> read) {
        this.id = id;
        this.read = read;
    }

    /** The name in CSV files and on the command line, e.g. "delta_rms". */
    public String id() {
        return id;
    }

    /** This metric's value in {@code n}; NaN where it does not apply. */
    public double of(NodeTelemetry n) {
        return read.applyAsDouble(n);
    }

    public static Optional<TelemetryMetric> byId(String id) {
        for (TelemetryMetric m : values()) if (m.id.equals(id)) return Optional.of(m);
        return Optional.empty();
    }

    /** A NodeTelemetry with these values, indexed by {@link #ordinal()}. */
    static NodeTelemetry telemetry(String node, String kind, double[] v) {
        return new NodeTelemetry(node, kind, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }
}
