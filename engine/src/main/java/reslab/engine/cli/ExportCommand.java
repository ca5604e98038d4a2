package reslab.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.DatasetException;
import reslab.engine.data.Split;
import reslab.engine.io.ProjectContents;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.ProjectFile;
import reslab.engine.io.ProjectFileException;
import reslab.engine.io.onnx.OnnxExport;
import reslab.engine.shape.Diagnostic;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.train.TrainingCheckpoint;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * {@code export <template-or-project> [--onnx FILE] [--project FILE] [--steps N] [--seed S]
 * [--dataset ID|PATH]}: a template (initial weights from its seed) or a project file (its
 * saved training, if any), optionally trained N more steps, written as an ONNX model and/or a
 * project file with the weights, the run's state and its recorded telemetry. A project's
 * saved run continues exactly where it stopped.
 */
final class ExportCommand {
    private ExportCommand() {}

    static final String USAGE = "export <template|project.reslab> [--onnx FILE] [--project FILE] [--steps N] [--seed S] "
            + "[--dataset ID|PATH]";

    /** Where the network comes from: the design, its dataset, its settings, and a run to resume. */
    private record Source(String label, ProjectDocument document, TrainingConfig config, TrainingCheckpoint checkpoint,
                          List<RunRecording> runs) {}

    static void run(List<String> argv, PrintStream out, PrintStream err) throws UsageException {
        Args a = new Args(argv, Set.of("onnx", "project", "steps", "seed", "dataset"));
        if (a.positional().size() != 1) throw new UsageException("expected one template id or project file; usage: " + USAGE);
        Path onnx = target(a, "onnx"), project = target(a, "project");
        if (onnx == null && project == null) throw new UsageException("nothing to write: give --onnx FILE and/or --project FILE");
        long steps = a.integer("steps", 0, 0, 10_000_000);
        Source src = source(a.positional().get(0), a, err);
        NetworkSpec spec = src.document().network();
        NetworkAnalysis analysis = ShapeInference.analyze(spec);
        if (!analysis.valid()) {
            List<Diagnostic> ds = analysis.diagnostics();
            throw new UsageException("cannot export '" + src.label() + "': " + ds.get(0)
                    + (ds.size() > 1 ? " (and " + (ds.size() - 1) + " more problem" + (ds.size() > 2 ? "s" : "") + ")" : ""));
        }
        String datasetId = a.string("dataset", datasetOf(src.document()));
        Split data;
        try {
            data = DatasetCatalog.fit(DatasetCatalog.resolve(datasetId), spec);
        } catch (DatasetException e) {
            throw new UsageException("--dataset " + e.getMessage());
        }

        TrainingSession session = new TrainingSession(spec, data, src.config(), 1);
        if (src.checkpoint() != null) {
            for (String note : session.restore(src.checkpoint())) err.println("warning: " + note);
        }
        RunRecording.Recorder recorder = recorder(src, session);
        for (long i = 0; i < steps; i++) recorder.append(session.step());
        boolean trained = steps > 0 || src.checkpoint() != null;

        if (onnx != null) {
            OnnxExport.Summary s;
            try {
                s = OnnxExport.write(session.network(), onnx);
            } catch (IOException e) {
                throw new UsageException("cannot write " + onnx + ": " + reason(e));
            }
            out.printf(Locale.ROOT, "wrote %s: ONNX opset %d, input '%s' [batch, %s], output '%s' [batch, %s]%s, %s%n", onnx,
                    OnnxExport.OPSET, s.input(), dims(s.inputShape()), s.output(), dims(s.outputShape()),
                    s.softmax() ? " (softmax of the logits)" : "",
                    trained ? "weights after " + session.stepCount() + " steps" : "untrained (initial weights from seed " + src.config().seed() + ")");
        }
        if (project != null) {
            List<RunRecording> runs = new ArrayList<>(src.runs());
            RunRecording recorded = recorder.recording();
            if (recorded.rows() > 0) {
                if (!runs.isEmpty() && continues(src)) runs.set(runs.size() - 1, recorded);
                else runs.add(recorded);
            }
            ProjectDocument doc = src.document().dataset() == null && a.string("dataset", null) == null ? src.document()
                    : new ProjectDocument(src.document().name(), spec, src.document().layout(), src.document().collapsedBlocks(), datasetId);
            try {
                ProjectFile.save(project, doc, trained ? session.checkpoint() : null, runs).forEach(w -> err.println("warning: " + w));
            } catch (ProjectFileException e) {
                throw new UsageException(e.getMessage());
            }
            out.printf(Locale.ROOT, "wrote %s: the design%s, %d recorded run%s%n", project,
                    trained ? ", its training after " + session.stepCount() + " steps" : " (untrained)", runs.size(), runs.size() == 1 ? "" : "s");
        }
    }

    /** A new recording, or the project's last one when this run continues it. */
    private static RunRecording.Recorder recorder(Source src, TrainingSession session) {
        if (continues(src)) return new RunRecording.Recorder(src.runs().get(src.runs().size() - 1));
        return new RunRecording.Recorder(session.network().spec().name(), "");
    }

    /** The project's last recording ends where its saved run stopped: training on extends it. */
    private static boolean continues(Source src) {
        if (src.checkpoint() == null || src.runs().isEmpty()) return false;
        RunRecording last = src.runs().get(src.runs().size() - 1);
        return last.rows() > 0 && last.step(last.rows() - 1) < src.checkpoint().step();
    }

    private static Source source(String arg, Args a, PrintStream err) throws UsageException {
        boolean isProject = arg.endsWith(ProjectFile.EXTENSION) || Files.isRegularFile(Path.of(arg));
        if (!isProject) {
            Template t = Templates.find(arg).orElseThrow(() -> new UsageException(Templates.whyUnknown(arg)));
            TrainingConfig c = t.training().withSeed(a.integer("seed", t.training().seed(), Long.MIN_VALUE, Long.MAX_VALUE));
            return new Source(t.id(), new ProjectDocument(t.id(), t.spec(), Map.of(), List.of(), t.dataset()), c, null, List.of());
        }
        ProjectContents p;
        try {
            p = ProjectFile.open(Path.of(arg));
        } catch (ProjectFileException e) {
            throw new UsageException(e.getMessage());
        }
        for (String w : p.warnings()) err.println("warning: " + w);
        Optional<TrainingCheckpoint> c = p.checkpoint();
        if (c.isPresent() && a.string("seed", null) != null) {
            throw new UsageException("--seed: the project's saved run has its seed (" + c.get().config().seed() + "); it continues with it");
        }
        TrainingConfig config = c.map(TrainingCheckpoint::config).orElseGet(() -> {
            TrainingConfig d = Templates.find(p.document().network().name()).map(Template::training)
                    .orElse(TrainingConfig.defaults(Templates.DEFAULT_SEED));
            return d;
        });
        if (c.isEmpty()) config = config.withSeed(a.integer("seed", config.seed(), Long.MIN_VALUE, Long.MAX_VALUE));
        return new Source(p.document().name(), p.document(), config, c.orElse(null), p.runs());
    }

    /** The design's dataset, else as the app chooses: the spirals for 2-D points, else synthetic data. */
    private static String datasetOf(ProjectDocument d) {
        if (d.dataset() != null) return d.dataset();
        for (NodeSpec n : d.network().nodes()) {
            if (n.layer() instanceof InputSpec in && in.shape().rank() == 1 && in.shape().dim(0) == 2) return "spirals";
        }
        return "synthetic";
    }

    /** The file an option names, checked before any training: its folder must exist. */
    private static Path target(Args a, String option) throws UsageException {
        String v = a.string(option, null);
        if (v == null) return null;
        Path p = Path.of(v).toAbsolutePath();
        if (Files.isDirectory(p)) throw new UsageException("--" + option + " " + v + " is a folder; give a file name");
        if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
            throw new UsageException("--" + option + ": folder " + p.getParent() + " does not exist");
        }
        return p;
    }

    private static String dims(reslab.engine.spec.Shape s) {
        return s.toString().replace("x", ", ");
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
