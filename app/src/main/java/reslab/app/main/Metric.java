package reslab.app.main;

import reslab.engine.telemetry.NodeTelemetry;

/** Which gradient the depth profile shows. The UI names them exactly as DESIGN.md does. */
public enum Metric {
    /** RMS of dL/da at the layer's output (its pre-activation for a Dense layer). */
    BACKPROPAGATED_GRADIENT("metric.delta"),
    /** ||dL/dW||, Frobenius norm of the layer's weight gradient. */
    WEIGHT_GRADIENT("metric.weightGrad");

    private final String messageKey;

    Metric(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }

    public double valueOf(NodeTelemetry n) {
        return this == BACKPROPAGATED_GRADIENT ? n.deltaRms() : n.weightGradNorm();
    }
}
