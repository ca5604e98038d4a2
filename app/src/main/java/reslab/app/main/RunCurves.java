package reslab.app.main;

import java.util.List;
import reslab.app.chart.HeatmapData;
import reslab.app.chart.LossSeries;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.telemetry.TelemetryHistory;

/**
 * Everything drawn over time for the current run, read from the trainer's history a few new
 * snapshots at a time: train and test loss and accuracy, and per-layer heatmaps of both
 * gradient metrics. A new run (another run id) starts everything over.
 */
final class RunCurves {
    final LossSeries.Builder loss = new LossSeries.Builder();
    final LossSeries.Builder testLoss = new LossSeries.Builder();
    final LossSeries.Builder accuracy = new LossSeries.Builder();
    final LossSeries.Builder testAccuracy = new LossSeries.Builder();
    final HeatmapData.Builder deltaHeat = new HeatmapData.Builder();
    final HeatmapData.Builder weightHeat = new HeatmapData.Builder();
    /** g(k) per Gate node, in network order; keyed by node id. */
    final java.util.LinkedHashMap<String, LossSeries.Builder> gates = new java.util.LinkedHashMap<>();
    private long run = -1;
    private long lastStep = -1;

    /** Reads what is new; true if anything was added (or the run changed). */
    boolean update(TelemetryHistory history) {
        return update(history.after(run, lastStep));
    }

    /** Adds snapshots read with {@link #run()} and {@link #lastStep()}: those of a new run start over. */
    boolean update(List<StepSnapshot> fresh) {
        if (fresh.isEmpty()) return false;
        if (fresh.get(0).runId() != run) clear();
        for (StepSnapshot s : fresh) {
            if (s.step() <= lastStep && loss.size() > 0) continue;
            add(s);
            lastStep = s.step();
        }
        run = fresh.get(fresh.size() - 1).runId();
        return true;
    }

    long run() {
        return run;
    }

    long lastStep() {
        return lastStep;
    }

    void clear() {
        loss.clear();
        testLoss.clear();
        accuracy.clear();
        testAccuracy.clear();
        deltaHeat.reset(List.of());
        weightHeat.reset(List.of());
        gates.clear();
        run = -1;
        lastStep = -1;
    }

    private void add(StepSnapshot s) {
        loss.add(s.step(), s.loss());
        accuracy.add(s.step(), s.accuracy());
        if (s.evaluated()) {
            testLoss.add(s.step(), s.testLoss());
            testAccuracy.add(s.step(), s.testAccuracy());
        }
        for (NodeTelemetry n : s.nodes()) {
            if (!Double.isNaN(n.gate())) gates.computeIfAbsent(n.node(), k -> new LossSeries.Builder()).add(s.step(), n.gate());
        }
        List<NodeTelemetry> layers = s.weightedLayers();
        if (layers.isEmpty()) return;
        if (deltaHeat.size() == 0) {
            List<String> labels = MainViewModel.profileOf(s, Metric.BACKPROPAGATED_GRADIENT).bars().stream()
                    .map(b -> b.label()).toList();
            deltaHeat.reset(labels);
            weightHeat.reset(labels);
        }
        float[] d = new float[layers.size()], w = new float[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            d[i] = (float) layers.get(i).deltaRms();
            w[i] = (float) layers.get(i).weightGradNorm();
        }
        deltaHeat.add(s.step(), d);
        weightHeat.add(s.step(), w);
    }

    /** The gate curves so far, labelled by block ({@link #gateLabel}). */
    reslab.app.chart.GateCurves gateCurves() {
        List<reslab.app.chart.GateCurves.Curve> out = new java.util.ArrayList<>();
        gates.forEach((node, b) -> out.add(new reslab.app.chart.GateCurves.Curve(gateLabel(node), b.build())));
        return new reslab.app.chart.GateCurves(out);
    }

    /** A gate's block name: the node id without the ".gate" a ready block gives it. */
    static String gateLabel(String gateNode) {
        return gateNode.endsWith(".gate") ? gateNode.substring(0, gateNode.length() - ".gate".length()) : gateNode;
    }
}
