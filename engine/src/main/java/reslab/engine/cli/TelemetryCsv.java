package reslab.engine.cli;

import java.io.IOException;
import java.io.Writer;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.telemetry.TelemetryMetric;
import reslab.engine.telemetry.StepSnapshot;

/**
 * Long-format CSV, {@code step,node,metric,value}: one row per number, so spreadsheets and
 * pandas pivot it any way. Run-level metrics (loss, accuracy) use the node name "network";
 * metrics that do not apply to a node (NaN) are left out.
 */
public final class TelemetryCsv {
    public static final String HEADER = "step,node,metric,value";
    public static final String NETWORK = "network";

    private TelemetryCsv() {}

    public static void writeHeader(Writer w) throws IOException {
        w.write(HEADER);
        w.write('\n');
    }

    public static void write(Writer w, StepSnapshot s) throws IOException {
        row(w, s.step(), NETWORK, "loss", s.loss());
        row(w, s.step(), NETWORK, "accuracy", s.accuracy());
        row(w, s.step(), NETWORK, "test_loss", s.testLoss());
        row(w, s.step(), NETWORK, "test_accuracy", s.testAccuracy());
        for (NodeTelemetry n : s.nodes()) {
            row(w, s.step(), n.node(), "weight_grad_norm", n.weightGradNorm());
            row(w, s.step(), n.node(), "weight_grad_rms", n.weightGradRms());
            row(w, s.step(), n.node(), "bias_grad_norm", n.biasGradNorm());
            row(w, s.step(), n.node(), "delta_rms", n.deltaRms());
            row(w, s.step(), n.node(), "update_ratio", n.updateRatio());
            row(w, s.step(), n.node(), "act_mean", n.actMean());
            row(w, s.step(), n.node(), "act_std", n.actStd());
            row(w, s.step(), n.node(), "saturated_frac", n.saturatedFrac());
            row(w, s.step(), n.node(), "dead_frac", n.deadFrac());
            row(w, s.step(), n.node(), "shortcut_grad_rms", n.shortcutGradRms());
            row(w, s.step(), n.node(), "branch_grad_rms", n.branchGradRms());
            row(w, s.step(), n.node(), "gate", n.gate());
        }
    }

    /**
     * A recorded run in the same form: the run table's rows (loss and accuracy exactly as the
     * run reported them) and, at the steps the node table kept, its rows (recorded as floats,
     * so written with float precision).
     */
    public static void write(Writer w, RunRecording r) throws IOException {
        int row = 0, nodeRow = 0;
        while (row < r.rows() || nodeRow < r.nodeRows()) {
            long step = Math.min(row < r.rows() ? r.step(row) : Long.MAX_VALUE, nodeRow < r.nodeRows() ? r.nodeStep(nodeRow) : Long.MAX_VALUE);
            if (row < r.rows() && r.step(row) == step) {
                row(w, step, NETWORK, "loss", r.loss(row));
                row(w, step, NETWORK, "accuracy", r.accuracy(row));
                row(w, step, NETWORK, "test_loss", r.testLoss(row));
                row(w, step, NETWORK, "test_accuracy", r.testAccuracy(row));
                row++;
            }
            if (nodeRow < r.nodeRows() && r.nodeStep(nodeRow) == step) {
                for (int n = 0; n < r.nodes().size(); n++) {
                    for (TelemetryMetric m : TelemetryMetric.values()) {
                        float v = r.value(m, n, nodeRow);
                        if (!Float.isNaN(v)) row(w, step, r.nodes().get(n).id(), m.id(), Float.toString(v));
                    }
                }
                nodeRow++;
            }
        }
    }

    /** RFC 4180: node ids are free text, so one with a comma, quote or line break is quoted. */
    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void row(Writer w, long step, String node, String metric, double value) throws IOException {
        if (Double.isNaN(value)) return;
        row(w, step, node, metric, Double.toString(value));
    }

    private static void row(Writer w, long step, String node, String metric, String value) throws IOException {
        w.write(Long.toString(step));
        w.write(',');
        w.write(field(node));
        w.write(',');
        w.write(metric);
        w.write(',');
        w.write(value);
        w.write('\n');
    }
}
