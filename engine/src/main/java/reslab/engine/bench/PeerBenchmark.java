package reslab.engine.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.data.Batches;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.shape.ShapeInference;
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.Loss;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * ResLab against a peer framework (DL4J, when the bench profile built it) on the same
 * networks, data, batch size, initial weights and update rule, and against the machine
 * (ND4J's float matmul). Per network and thread count the two frameworks take turns, a few
 * steps each, so a change in machine load hits both alike; each framework's figure is the
 * median step time at its faster thread count. ResLab runs with full per-node telemetry, as
 * the app does. Prints; asserts nothing.
 *
 * <p>Lines: {@code BENCH sgemm gflops=<x>}, per network
 * {@code BENCH <net> reslab_ms=<median> dl4j_ms=<median> ratio=<reslab/dl4j>}, and
 * {@code BENCH resnet20 gflops=<y>} (3 x forward multiply-adds x 2 flops per step, over
 * ResLab's median step); the lines starting with '#' say how each figure was made.
 */
public final class PeerBenchmark {
    private PeerBenchmark() {}

    /** A network of the comparison: template, dataset, steps per turn, turns, warm-up steps. */
    public record Case(String template, String dataset, int stepsPerTurn, int turns, int warmup) {}

    public static final List<Case> CASES = List.of(
            new Case("chain-sigmoid-20", "spirals", 25, 10, 50),
            new Case("lenet5", "mnist", 10, 8, 20),
            new Case("resnet20", "synthetic", 2, 10, 3));

    public static final int BATCH = 64;

    /**
     * @param threads the ND4J thread counts to try (each framework keeps its faster one)
     * @param only    template ids to run, or empty for all
     */
    public static void run(int[] threads, List<String> only, PrintStream out) {
        PeerFramework peer = PeerFramework.find();
        out.printf(Locale.ROOT, "# ND4J %s backend, native build %s; %d cores; batch %d; ResLab with full telemetry%n",
                Nd4j.getBackend().getClass().getSimpleName(), nativeBuild(), Runtime.getRuntime().availableProcessors(), BATCH);
        out.println(reslab.engine.layers.OneDnn.available()
                ? "# ResLab's float convolutions, batch norm (training) and ReLU backward: oneDNN called directly"
                : "# ResLab's convolutions, batch norm and ReLU: libnd4j and Java loops (oneDNN did not load: "
                        + reslab.engine.layers.OneDnn.problem() + ")");
        if (peer == null) {
            out.println("# no peer framework on the class path: ResLab only (build with -Pbench for the DL4J comparison)");
        } else {
            ComputeThreads.limit(threads[0]);
            for (String line : peer.setup()) out.println("# " + line);
        }
        double[] sgemm = sgemmAtEach(threads, "before the nets", out);
        Double resnetGflops = null;
        int resnetThreads = -1;
        for (Case c : CASES) {
            if (!only.isEmpty() && !only.contains(c.template())) continue;
            Result r = compare(c, peer, threads, out);
            out.printf(Locale.ROOT, "BENCH %s reslab_ms=%.2f dl4j_ms=%s ratio=%s%n", c.template(), r.reslabMs(),
                    Double.isNaN(r.peerMs()) ? "n/a" : String.format(Locale.ROOT, "%.2f", r.peerMs()),
                    Double.isNaN(r.peerMs()) ? "n/a" : String.format(Locale.ROOT, "%.3f", r.reslabMs() / r.peerMs()));
            if (c.template().equals("resnet20")) {
                resnetGflops = r.flopsPerStep() / (r.reslabMs() / 1e3) / 1e9;
                resnetThreads = r.reslabThreads();
            }
        }
        // The higher of two measurements, one before and one after the nets: a short
        // burst of other work on this 2-core machine during one of them halves it.
        double[] after = sgemmAtEach(threads, "after the nets", out);
        for (int t = 0; t < threads.length; t++) sgemm[t] = Math.max(sgemm[t], after[t]);
        int st = resnetThreads < 0 ? 0 : indexOf(threads, resnetThreads);
        out.printf(Locale.ROOT, "# sgemm figure at threads=%d, the thread count of ResLab's resnet20 figure%n", threads[st]);
        out.printf(Locale.ROOT, "BENCH sgemm gflops=%.1f%n", sgemm[st]);
        if (resnetGflops != null) {
            out.printf(Locale.ROOT, "BENCH resnet20 gflops=%.1f%n", resnetGflops);
            out.printf(Locale.ROOT, "# resnet20 reaches %.0f%% of sgemm%n", 100 * resnetGflops / sgemm[st]);
        }
    }

    /** How many convolutions oneDNN computes by Winograd's algorithm: the flops counted are those of direct convolution. */
    private static void winogradLine(String template, TrainingSession session, Template t, org.nd4j.linalg.api.buffer.DataType dt, PrintStream out) {
        var analysis = ShapeInference.analyze(t.spec());
        int convs = 0, winograd = 0;
        for (reslab.engine.graph.CompiledNetwork.Node n : session.network().nodes()) {
            if (!(n.layer() instanceof reslab.engine.layers.Conv2D conv)) continue;
            convs++;
            String in = session.network().nodes().get(n.inputs()[0]).id();
            long[] shape = analysis.node(in).orElseThrow().outputShape().withBatch(BATCH);
            if (conv.byWinograd(org.nd4j.linalg.factory.Nd4j.create(dt, shape))) winograd++;
        }
        if (convs > 0) {
            out.printf(Locale.ROOT, "# %s: %d of %d convolutions by Winograd's algorithm (F(4x4, 3x3)), which multiplies less than "
                    + "the direct convolution the flops count%n", template, winograd, convs);
        }
    }

    /** Median ms per step of each framework at its faster thread count. */
    record Result(double reslabMs, int reslabThreads, double peerMs, int peerThreads, double flopsPerStep) {}

    private static Result compare(Case c, PeerFramework peer, int[] threads, PrintStream out) {
        Template t = Templates.find(c.template()).orElseThrow();
        Split data = DatasetCatalog.load(c.dataset()).orElseThrow();
        TrainingConfig config = t.training().withBatchSize(BATCH).withTelemetry(true).withEvalEvery(0);
        TrainingSession session = new TrainingSession(t.spec(), data, config, 1);
        long macs = ShapeInference.analyze(t.spec()).totalMultiplyAdds();
        double flops = 3.0 * 2.0 * macs * BATCH;
        out.printf(Locale.ROOT, "# %s: ResLab with full telemetry, as in the app: outputs and the gradients at block inputs read on the "
                + "training thread as they are written, the rest on the telemetry thread while the next step runs%n", c.template());
        winogradLine(c.template(), session, t, config.dataType(), out);
        out.printf(Locale.ROOT, "# %s on %s: %s lr %s, %.2f GFLOP per step (3 x %d multiply-adds x 2 x batch %d)%n",
                c.template(), c.dataset(), config.optimizer().kind().id(), config.learningRate(), flops / 1e9, macs, BATCH);
        PeerFramework.Net peerNet = null;
        Batches peerBatches = null;
        if (peer != null) {
            ComputeThreads.limit(threads[0]);
            peerNet = peer.build(session);    // before ResLab's first step: the initial weights
            peerBatches = new Batches(session.data().train(), BATCH, 99, config.dataType());
            Batches.Batch b = Batches.batchOf(session.data().train(), range(BATCH), config.dataType());
            out.printf(Locale.ROOT, "# %s same initial weights: loss on the first %d examples, ResLab %.6f, %s %.6f%n",
                    c.template(), BATCH, initialLoss(t, config, b), peer.name(), peerNet.loss(b));
        }
        double bestReslab = Double.POSITIVE_INFINITY, bestPeer = Double.NaN;
        int reslabThreads = threads[0], peerThreads = threads[0];
        for (int n : threads) {
            ComputeThreads.limit(n);
            for (int i = 0; i < c.warmup(); i++) {
                session.stepPipelined(snapshot -> { });
                if (peerNet != null) peerNet.step(peerBatches.next());
            }
            List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>();
            double[] oursCpu = {0}, theirsCpu = {0};
            for (int turn = 0; turn < c.turns(); turn++) {
                boolean oursFirst = turn % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    if ((k == 0) == oursFirst) {
                        // As the app trains: the telemetry is read on its thread while the
                        // next step runs; the turn's last step also waits for its own.
                        time(c.stepsPerTurn(), () -> session.stepPipelined(snapshot -> { }), ours, oursCpu);
                        long w0 = System.nanoTime();
                        session.awaitTelemetry();
                        ours.set(ours.size() - 1, ours.get(ours.size() - 1) + (System.nanoTime() - w0) / 1e6);
                    } else if (peerNet != null) {
                        PeerFramework.Net p = peerNet;
                        Batches bs = peerBatches;
                        time(c.stepsPerTurn(), () -> p.step(bs.next()), theirs, theirsCpu);
                    }
                }
            }
            double m = median(ours), pm = theirs.isEmpty() ? Double.NaN : median(theirs);
            out.printf(Locale.ROOT, "# %s threads=%d: median ms/step (mean process cpu ms/step) ResLab %.2f (%.2f)%s; %d steps each%n",
                    c.template(), n, m, oursCpu[0] / ours.size(), Double.isNaN(pm) ? "" : String.format(Locale.ROOT, ", %s %.2f (%.2f)",
                            peer.name(), pm, theirsCpu[0] / theirs.size()), ours.size());
            if (m < bestReslab) {
                bestReslab = m;
                reslabThreads = n;
            }
            if (!Double.isNaN(pm) && (Double.isNaN(bestPeer) || pm < bestPeer)) {
                bestPeer = pm;
                peerThreads = n;
            }
        }
        if (peerNet != null) for (String line : peerNet.checks()) out.println("# " + c.template() + " " + line);
        out.printf(Locale.ROOT, "# %s each at its faster thread count: ResLab threads=%d%s%n", c.template(), reslabThreads,
                peerNet == null ? "" : ", " + peer.name() + " threads=" + peerThreads);
        return new Result(bestReslab, reslabThreads, bestPeer, peerThreads, flops);
    }

    /** ResLab's mean loss on {@code b} in training mode with the template's initial weights (a fresh copy of the network). */
    private static double initialLoss(Template t, TrainingConfig config, Batches.Batch b) {
        CompiledNetwork fresh = CompiledNetwork.compile(t.spec(), config.dataType(), config.seed());
        Loss loss = Loss.of(t.spec().loss());
        double v = loss.forward(fresh.forward(b.x(), true), b.oneHot());
        fresh.clearCaches();
        return v;
    }

    /**
     * Times each step (wall clock) and the turn's process CPU time (all threads: ND4J's OpenMP
     * workers, the garbage collector), which the operating system counts in 10 ms ticks, so
     * only its total over many steps means something.
     */
    private static void time(int steps, Runnable step, List<Double> wallMs, double[] cpuMs) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run();
            wallMs.add((System.nanoTime() - t0) / 1e6);
        }
        cpuMs[0] += (os.getProcessCpuTime() - c0) / 1e6;
    }

    /** {@link #sgemmGflops} at each thread count, printed. */
    private static double[] sgemmAtEach(int[] threads, String when, PrintStream out) {
        double[] gflops = new double[threads.length];
        for (int t = 0; t < threads.length; t++) {
            ComputeThreads.limit(threads[t]);
            gflops[t] = sgemmGflops();
            out.printf(Locale.ROOT, "# sgemm 1024x1024 float, threads=%d, %s: %.1f GFLOP/s%n", threads[t], when, gflops[t]);
        }
        return gflops;
    }

    /** ND4J float matmul 1024 x 1024 x 1024: median GFLOP/s of 40 after 3 warm-ups. */
    public static double sgemmGflops() {
        int n = 1024;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n), b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, n, n);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 43; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            if (i >= 3) ms.add((System.nanoTime() - t0) / 1e6);
        }
        return 2.0 * n * n * n / (median(ms) / 1e3) / 1e9;
    }

    private static String nativeBuild() {
        try {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN() ? "with oneDNN" : "oneDNN off";
        } catch (RuntimeException | LinkageError e) {
            return "(oneDNN unknown)";
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return 0;
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) return Double.NaN;
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Thread counts 1 .. the number of cores. */
    public static int[] defaultThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return java.util.stream.IntStream.rangeClosed(1, Math.max(1, cores)).toArray();
    }
}
