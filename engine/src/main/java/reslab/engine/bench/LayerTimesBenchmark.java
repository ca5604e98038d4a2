package reslab.engine.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;

/**
 * Where a training step's time goes: milliseconds per step in each kind of layer, forward and
 * backward, with telemetry read as the app trains. The rest of a step is the loss, the
 * checks, the update, telemetry's reads on the training thread (WarmReads, outside the
 * layers' clocks) and waiting for the telemetry thread. Wall time on the training thread. A
 * benchmark prints figures; it asserts nothing.
 */
public final class LayerTimesBenchmark {
    private LayerTimesBenchmark() {}

    public static void run(Template t, int threads, int steps, PrintStream out) {
        ComputeThreads.limit(threads);
        Split data = DatasetCatalog.load(t.dataset()).orElseThrow();
        TrainingSession session = new TrainingSession(t.spec(), data, t.training().withEvalEvery(0), 1);
        for (int i = 0; i < 3; i++) session.stepPipelined(s -> { });      // JIT, oneDNN's primitives, buffers
        session.awaitTelemetry();
        Map<String, long[]> byKind = new LinkedHashMap<>();                 // kind -> {nodes, forward ns, backward ns}
        session.network().timeLayers((CompiledNetwork.Node n, boolean backward, long nanos) -> {
            long[] a = byKind.computeIfAbsent(n.spec().kind(), k -> new long[3]);
            a[backward ? 2 : 1] += nanos;
        });
        List<Double> stepMs = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            long s0 = System.nanoTime();
            session.stepPipelined(s -> { });
            stepMs.add((System.nanoTime() - s0) / 1e6);
        }
        session.awaitTelemetry();
        double perStep = (System.nanoTime() - start) / 1e6 / steps;
        session.network().timeLayers(null);
        for (CompiledNetwork.Node n : session.network().nodes()) {
            if (n.layer() != null) byKind.computeIfAbsent(n.spec().kind(), k -> new long[3])[0]++;
        }
        out.printf(Locale.ROOT, "# %s, batch %d, %d thread(s), %d steps, telemetry read as in the app: ms per step%n",
                t.id(), t.training().batchSize(), threads, steps);
        out.printf(Locale.ROOT, "# %-16s %5s %9s %9s %9s%n", "layer kind", "nodes", "forward", "backward", "total");
        double layers = 0;
        for (var e : byKind.entrySet()) {
            long[] a = e.getValue();
            double f = a[1] / 1e6 / steps, b = a[2] / 1e6 / steps;
            layers += f + b;
            out.printf(Locale.ROOT, "# %-16s %5d %9.2f %9.2f %9.2f%n", e.getKey(), a[0], f, b, f + b);
        }
        stepMs.sort(Double::compare);
        out.printf(Locale.ROOT, "# layers %.2f, rest %.2f (loss, checks, update, telemetry's reads and wait); median step %.2f%n",
                layers, perStep - layers, stepMs.get(stepMs.size() / 2));
        out.printf(Locale.ROOT, "BENCH layers %s threads=%d step_ms=%.2f layers_ms=%.2f%n", t.id(), threads, perStep, layers);
    }
}
