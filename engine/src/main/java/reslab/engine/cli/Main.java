package reslab.engine.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.DatasetException;
import reslab.engine.data.Split;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.train.DivergenceException;
import reslab.engine.train.LearningRateSchedule;
import reslab.engine.train.OptimizerConfig;
import reslab.engine.train.OptimizerKind;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * The headless command line. Bad input prints one line starting with "error:" and exits
 * with status 2; no stack traces.
 */
public final class Main {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: reslab <command> [arguments]",
            "  summary <template> [--batch N]             one row per node, then the totals;",
            "                                             with --batch, the activation memory (float32)",
            "  train <template> --steps N [--seed S] [--csv FILE] [--dataset ID|PATH]",
            "        [--optimizer sgd|momentum|nesterov|adam|adamw] [--lr X] [--batch N] [--momentum X]",
            "        [--weight-decay X] [--lr-step N | --lr-milestones S1,S2,...] [--lr-gamma X] [--eval-every N]",
            "                                             train headless; write step,node,metric,value CSV",
            "  export <template|project.reslab> [--onnx FILE] [--project FILE] [--steps N] [--seed S] [--dataset ID|PATH]",
            "                                             write the network as ONNX and/or a project file with its",
            "                                             weights and run; --steps trains N (more) steps first",
            "  bench [--threads N[,N...]] [--nets ID[,ID...]]",
            "                                             ResLab against DL4J (build with -Pbench) and sgemm",
            "  bench telemetry [template] [--threads N] [--rounds N] [--steps N]",
            "                                             steps/second with telemetry on and off",
            "  bench memory [template] [--steps N] [--every N] [--batch N] [--threads N]",
            "                                             heap and native memory while training on one batch",
            "  bench layers [template] [--threads N] [--steps N]",
            "                                             milliseconds per step in each kind of layer",
            "templates: " + Templates.knownIdsHint().replace("known: ", ""),
            "datasets: " + String.join(", ", DatasetCatalog.ids()) + ", or cifar10:FOLDER, idx:FOLDER, csv:FILE");

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        if (code != 0) System.exit(code);
    }

    /** Runs a command; returns the exit status. Separate from main so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
                out.println(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            switch (args[0]) {
                case "summary" -> summary(rest, out);
                case "train" -> train(rest, out);
                case "export" -> ExportCommand.run(rest, out, err);
                case "bench" -> bench(rest, out);
                default -> throw new UsageException("unknown command '" + args[0] + "' (try: summary, train, export, bench)");
            }
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (DivergenceException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory; try a smaller batch or network");
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        }
    }

    private static Template template(Args a) throws UsageException {
        if (a.positional().size() != 1) throw new UsageException("expected one template id, e.g. chain-sigmoid-20");
        String id = a.positional().get(0);
        return Templates.find(id).orElseThrow(() -> new UsageException(Templates.whyUnknown(id)));
    }

    private static void summary(List<String> argv, PrintStream out) throws UsageException {
        Args a = new Args(argv, Set.of("batch"));
        Template t = template(a);
        long batch = a.integer("batch", 0, 1, 1_000_000);
        NetworkAnalysis analysis = ShapeInference.analyze(t.spec());
        out.print(SummaryTable.render(t.spec(), analysis));
        if (batch > 0) out.print(SummaryTable.memory(analysis.activationMemory(batch, Float.BYTES)));
    }

    private static void train(List<String> argv, PrintStream out) throws UsageException {
        Args a = new Args(argv, Set.of("steps", "seed", "csv", "lr", "batch", "dataset", "optimizer", "momentum",
                "weight-decay", "lr-step", "lr-milestones", "lr-gamma", "eval-every"));
        Template t = template(a);
        long steps = a.integer("steps", -1, 0, 10_000_000);
        if (steps < 0) throw new UsageException("--steps N is required");
        TrainingConfig config = trainingConfig(a, t.training());
        Split data = dataset(a.string("dataset", t.dataset()), t);
        String csv = a.string("csv", null);
        Path target = csv == null ? null : Path.of(csv).toAbsolutePath();
        Path temp = target == null ? null : createTemp(target);

        // Everything after the temp file exists runs inside this try: whatever fails (even
        // running out of memory), no partial file is left behind.
        try (BufferedWriter w = temp == null ? null : Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            TrainingSession session = new TrainingSession(t.spec(), data, config, 1);
            if (w != null) TelemetryCsv.writeHeader(w);
            StepSnapshot last = null, evaluated = null;
            for (long i = 0; i < steps; i++) {
                last = session.step();
                if (last.evaluated()) evaluated = last;
                if (w != null) TelemetryCsv.write(w, last);
            }
            if (last != null) {
                out.printf(Locale.ROOT, "trained %s for %d steps: loss %.4f, batch accuracy %.3f%s%n", t.id(), steps, last.loss(),
                        last.accuracy(), evaluated == null ? "" : String.format(Locale.ROOT, "; at step %d test loss %.4f, test accuracy %.3f",
                                evaluated.step(), evaluated.testLoss(), evaluated.testAccuracy()));
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UsageException("cannot write " + target + ": " + reason(e));
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
        if (temp != null) {
            moveIntoPlace(temp, target);
            out.println("wrote " + target);
        }
    }

    /** The template's settings with the command line's changes, each checked with the option's name. */
    private static TrainingConfig trainingConfig(Args a, TrainingConfig defaults) throws UsageException {
        long seed = a.integer("seed", defaults.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
        int batch = (int) a.integer("batch", defaults.batchSize(), 1, 100_000);
        int evalEvery = (int) a.integer("eval-every", defaults.evalEvery(), 0, 1_000_000_000);
        OptimizerConfig opt = defaults.optimizer();
        String kindText = a.string("optimizer", null);
        if (kindText != null) {
            OptimizerKind kind;
            try {
                kind = OptimizerKind.parse(kindText);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--optimizer: " + e.getMessage());
            }
            boolean adam = kind == OptimizerKind.ADAM || kind == OptimizerKind.ADAMW;
            opt = opt.withKind(kind);
            // Adam's steps are about lr in size whatever the gradient: SGD's rates are far too large for it.
            if (adam && opt.kind() != defaults.optimizer().kind()) opt = opt.withLearningRate(OptimizerConfig.ADAM_LEARNING_RATE);
        }
        opt = opt.withLearningRate(a.decimal("lr", opt.learningRate(), 0, 100));
        if (a.string("momentum", null) != null) {
            if (opt.kind() != OptimizerKind.MOMENTUM && opt.kind() != OptimizerKind.NESTEROV) {
                throw new UsageException("--momentum applies to --optimizer momentum or nesterov, not " + opt.kind().id());
            }
            double mu = number(a, "momentum");
            if (!(mu >= 0 && mu < 1) || (mu == 0 && opt.kind() == OptimizerKind.NESTEROV)) {
                throw new UsageException("--momentum must be at least 0 (above 0 for nesterov) and below 1, got " + a.string("momentum", ""));
            }
            opt = opt.withMomentum(mu);
        }
        if (a.string("weight-decay", null) != null) {
            double wd = number(a, "weight-decay");
            if (wd < 0) throw new UsageException("--weight-decay must be 0 or more, got " + a.string("weight-decay", ""));
            opt = opt.withWeightDecay(wd);
        }
        return defaults.withSeed(seed).withBatchSize(batch).withEvalEvery(evalEvery).withOptimizer(opt).withTelemetry(true)
                .withSchedule(schedule(a, defaults.schedule()));
    }

    private static LearningRateSchedule schedule(Args a, LearningRateSchedule fallback) throws UsageException {
        String every = a.string("lr-step", null), milestones = a.string("lr-milestones", null);
        boolean hasGamma = a.string("lr-gamma", null) != null;
        if (every != null && milestones != null) throw new UsageException("give --lr-step or --lr-milestones, not both");
        if (every == null && milestones == null) {
            if (hasGamma) throw new UsageException("--lr-gamma needs --lr-step N or --lr-milestones S1,S2,...");
            return fallback;
        }
        double gamma = hasGamma ? number(a, "lr-gamma") : 0.1; // PyTorch's StepLR default
        if (!(gamma > 0)) throw new UsageException("--lr-gamma must be above 0, got " + a.string("lr-gamma", ""));
        if (every != null) return LearningRateSchedule.stepEvery(a.integer("lr-step", 1, 1, 1_000_000_000), gamma);
        List<Long> steps = new java.util.ArrayList<>();
        for (String part : milestones.split(",", -1)) {
            try {
                steps.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("--lr-milestones must be whole numbers separated by commas, got '" + milestones + "'");
            }
        }
        try {
            return LearningRateSchedule.atMilestones(gamma, steps);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--lr-milestones: " + e.getMessage());
        }
    }

    /** A finite number, or a usage error naming the option. */
    private static double number(Args a, String name) throws UsageException {
        String v = a.string(name, "");
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a number, got '" + v + "'");
    }

    /** The dataset by id or path, fitted to the template's network. */
    private static Split dataset(String idOrPath, Template t) throws UsageException {
        try {
            return DatasetCatalog.fit(DatasetCatalog.resolve(idOrPath), t.spec());
        } catch (DatasetException e) {
            throw new UsageException("--dataset " + e.getMessage());
        }
    }

    private static final String BENCH_USAGE = "usage: bench [--threads N[,N...]] [--nets ID[,ID...]] | "
            + "bench telemetry [template] [--threads N] [--rounds N] [--steps N] | "
            + "bench memory [template] [--steps N] [--every N] [--batch N] [--threads N] | "
            + "bench layers [template] [--threads N] [--steps N]";

    private static void bench(List<String> argv, PrintStream out) throws UsageException {
        Args a = new Args(argv, Set.of("threads", "rounds", "steps", "nets", "every", "batch"));
        List<String> pos = a.positional();
        if (!pos.isEmpty() && pos.get(0).equals("memory")) {
            benchMemory(a, out);
            return;
        }
        if (!pos.isEmpty() && pos.get(0).equals("layers")) {
            benchLayers(a, out);
            return;
        }
        if (a.string("every", null) != null || a.string("batch", null) != null) throw new UsageException(BENCH_USAGE);
        if (pos.isEmpty()) {
            if (a.string("rounds", null) != null || a.string("steps", null) != null) throw new UsageException(BENCH_USAGE);
            int[] threads = threadList(a.string("threads", null));
            List<String> nets = a.string("nets", null) == null ? List.of() : List.of(a.string("nets", "").split(","));
            for (String n : nets) {
                if (reslab.engine.bench.PeerBenchmark.CASES.stream().noneMatch(c -> c.template().equals(n))) {
                    throw new UsageException("--nets: the comparison has chain-sigmoid-20, lenet5 and resnet20, not '" + n + "'");
                }
            }
            reslab.engine.bench.PeerBenchmark.run(threads, nets, out);
            return;
        }
        if (!pos.get(0).equals("telemetry") || pos.size() > 2 || a.string("nets", null) != null) throw new UsageException(BENCH_USAGE);
        String id = pos.size() == 2 ? pos.get(1) : "chain-sigmoid-20";
        Template t = Templates.find(id).orElseThrow(() ->
                new UsageException("unknown template '" + id + "'; " + Templates.knownIdsHint()));
        int threads = (int) a.integer("threads", 1, 1, 256);
        int rounds = (int) a.integer("rounds", 5, 1, 1000);
        int steps = (int) a.integer("steps", 300, 1, 1_000_000);
        reslab.engine.bench.TelemetryOverheadBenchmark.run(t, threads, rounds, steps, out);
    }

    /** bench memory [template] [--steps N] [--every N] [--batch N] [--threads N]: resnet20, 5000 steps, batch 64. */
    private static void benchMemory(Args a, PrintStream out) throws UsageException {
        List<String> pos = a.positional();
        if (pos.size() > 2 || a.string("nets", null) != null || a.string("rounds", null) != null) throw new UsageException(BENCH_USAGE);
        String id = pos.size() == 2 ? pos.get(1) : "resnet20";
        Template t = Templates.find(id).orElseThrow(() ->
                new UsageException("unknown template '" + id + "'; " + Templates.knownIdsHint()));
        int steps = (int) a.integer("steps", 5000, 1, 10_000_000);
        int every = (int) a.integer("every", 250, 1, 10_000_000);
        int batch = (int) a.integer("batch", 64, 1, 100_000);
        int threads = (int) a.integer("threads", 1, 1, 256);
        reslab.engine.bench.MemoryFlatnessBenchmark.run(t, steps, every, batch, threads, out);
    }

    /** bench layers [template] [--threads N] [--steps N]: resnet20, 1 thread, 20 steps. */
    private static void benchLayers(Args a, PrintStream out) throws UsageException {
        List<String> pos = a.positional();
        if (pos.size() > 2 || a.string("nets", null) != null || a.string("rounds", null) != null
                || a.string("every", null) != null || a.string("batch", null) != null) {
            throw new UsageException(BENCH_USAGE);
        }
        String id = pos.size() == 2 ? pos.get(1) : "resnet20";
        Template t = Templates.find(id).orElseThrow(() ->
                new UsageException("unknown template '" + id + "'; " + Templates.knownIdsHint()));
        int threads = (int) a.integer("threads", 1, 1, 256);
        int steps = (int) a.integer("steps", 20, 1, 1_000_000);
        reslab.engine.bench.LayerTimesBenchmark.run(t, threads, steps, out);
    }

    /** "1,2" to {1, 2}; null: 1 up to the number of cores. */
    private static int[] threadList(String text) throws UsageException {
        if (text == null) return reslab.engine.bench.PeerBenchmark.defaultThreads();
        String[] parts = text.split(",");
        int[] t = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                t[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                t[i] = 0;
            }
            if (t[i] < 1 || t[i] > 256) throw new UsageException("--threads must be whole numbers from 1 to 256, e.g. 1,2; got '" + text + "'");
        }
        return t;
    }

    /** Fails before any training if the CSV cannot be written there. */
    private static Path createTemp(Path target) throws UsageException {
        Path dir = target.getParent();
        if (Files.isDirectory(target)) throw new UsageException("cannot write CSV to " + target + ": it is a directory");
        if (dir == null || !Files.isDirectory(dir)) throw new UsageException("cannot write CSV to " + target + ": folder " + dir + " does not exist");
        try {
            // Not Files.createTempFile: that makes the file private (0600) and the result should
            // have the permissions of any file the user writes.
            Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
            Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW).close();
            return temp;
        } catch (IOException | SecurityException e) {
            throw new UsageException("cannot write CSV to " + target + ": " + reason(e));
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws UsageException {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UsageException("cannot write " + target + ": " + reason(e));
        }
    }

    /** The cause in words: Java's file exceptions often carry only a path. */
    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException || e instanceof SecurityException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the temp file is hidden and marked .part
        }
    }
}
