package reslab.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.telemetry.TelemetryMetric;
import reslab.engine.train.LearningRateSchedule;
import reslab.engine.train.OptimizerConfig;
import reslab.engine.train.TrainingCheckpoint;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Templates;

/** Trained projects: save, reopen, continue; and every way a file can be incomplete. */
class ProjectFileTrainingTest {
    static final double TOLERANCE = 1e-6;

    @TempDir
    Path dir;

    static NetworkSpec mlp() {
        return Templates.find("chain-relu-4-residual").orElseThrow().spec();
    }

    static TrainingConfig momentum() {
        return TrainingConfig.defaults(3).withBatchSize(64).withOptimizer(OptimizerConfig.momentum(0.05, 0.9))
                .withSchedule(LearningRateSchedule.stepEvery(25, 0.5)).withEvalEvery(10);
    }

    static TrainingConfig adam() {
        return TrainingConfig.defaults(5).withBatchSize(100).withOptimizer(OptimizerConfig.adam(1e-3)).withEvalEvery(7);
    }

    static ProjectDocument doc(NetworkSpec spec, String dataset) {
        return new ProjectDocument("trained", spec, Map.of(), List.of(), dataset);
    }

    static List<StepSnapshot> steps(TrainingSession s, int n) {
        List<StepSnapshot> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(s.step());
        return out;
    }

    private void savedAfter20ReopensAndTrains20MoreAsTheRunOf40(NetworkSpec spec, String dataset, TrainingConfig config)
            throws Exception {
        Split data = DatasetCatalog.load(dataset).orElseThrow();
        List<StepSnapshot> whole = steps(new TrainingSession(spec, data, config, 1), 40);

        TrainingSession first = new TrainingSession(spec, data, config, 2);
        List<StepSnapshot> firstHalf = steps(first, 20);
        RunRecording recording = RunRecording.of(spec.name(), "first", firstHalf);
        Path f = dir.resolve(spec.name() + ".reslab");
        assertEquals(List.of(), ProjectFile.save(f, doc(spec, dataset), first.checkpoint(), List.of(recording)));

        ProjectContents opened = ProjectFile.open(f);
        assertEquals(List.of(), opened.warnings());
        assertEquals(ProjectFile.FORMAT_VERSION, opened.formatVersion());
        assertEquals(dataset, opened.document().dataset());
        TrainingCheckpoint c = opened.checkpoint().orElseThrow();
        assertEquals(config, c.config());
        TrainingSession resumed = new TrainingSession(opened.document().network(),
                DatasetCatalog.load(opened.document().dataset()).orElseThrow(), c.config(), 3);
        assertEquals(List.of(), resumed.restore(c));
        List<StepSnapshot> secondHalf = steps(resumed, 20);
        for (int i = 0; i < 20; i++) {
            StepSnapshot want = whole.get(20 + i), got = secondHalf.get(i);
            assertEquals(want.step(), got.step());
            assertEquals(want.loss(), got.loss(), TOLERANCE, "loss of step " + want.step());
            assertEquals(want.testLoss(), got.testLoss(), TOLERANCE, "test loss of step " + want.step());
        }

        RunRecording back = opened.runs().get(0);
        assertEquals(recording.rows(), back.rows());
        assertArrayEquals(recording.losses(), back.losses(), 0.0);
        assertArrayEquals(recording.testLosses(), back.testLosses(), 0.0);
        assertEquals(recording.nodes(), back.nodes());
        for (TelemetryMetric m : TelemetryMetric.values()) {
            for (int n = 0; n < recording.nodes().size(); n++) {
                assertEquals(recording.has(m, n), back.has(m, n));
                assertArrayEquals(recording.series(m, n), back.series(m, n), 0f, m.id() + " of " + recording.nodes().get(n));
            }
        }
        // The recording goes on where it stopped.
        RunRecording.Recorder rec = new RunRecording.Recorder(back);
        secondHalf.forEach(rec::append);
        assertEquals(40, rec.recording().rows());
    }

    @Test
    void anMlpOnMomentumReopensAndTrainsOnAsIfNeverInterrupted() throws Exception {
        savedAfter20ReopensAndTrains20MoreAsTheRunOf40(mlp(), "spirals", momentum());
    }

    @Test
    void aConvNetWithBatchNormAndAdamReopensAndTrainsOnAsIfNeverInterrupted() throws Exception {
        savedAfter20ReopensAndTrains20MoreAsTheRunOf40(reslab.engine.train.ResumeTestNets.convNet(), "synthetic", adam());
    }

    // ---- files that are not complete ----

    /** A trained chain-relu-4-residual project (3 steps, momentum). */
    private Path trained(String name) throws Exception {
        TrainingSession s = new TrainingSession(mlp(), DatasetCatalog.load("spirals").orElseThrow(), momentum(), 1);
        RunRecording r = RunRecording.of(mlp().name(), "", steps(s, 3));
        Path f = dir.resolve(name);
        ProjectFile.save(f, doc(mlp(), "spirals"), s.checkpoint(), List.of(r));
        return f;
    }

    static Map<String, byte[]> entries(Path f) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(f); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) m.put(e.getName(), z.readAllBytes());
        }
        return m;
    }

    static void rewrite(Path f, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> m = change.apply(entries(f));
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    /** The entry holding tensor {@code key} of the checkpoint's parameters. */
    static String entryOf(Path f, String key) throws IOException {
        var root = SpecJson.mapper().readTree(entries(f).get("training/checkpoint.json"));
        return root.path("parameters").path(key).asText();
    }

    static String joined(List<String> warnings) {
        return String.join("\n", warnings);
    }

    @Test
    void aVersionOneFileOpensAsTheDesignAlone() throws Exception {
        Path f = dir.resolve("old.reslab");
        String design = "{\"name\":\"old\",\"network\":" + SpecJson.write(mlp()) + ",\"layout\":{},\"collapsedBlocks\":[]}";
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("manifest.json"));
            z.write("{\"format\":\"reslab-project\",\"formatVersion\":1,\"createdBy\":\"ResLab\",\"parts\":{\"design\":\"design.json\"}}"
                    .getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("design.json"));
            z.write(design.getBytes(StandardCharsets.UTF_8));
        }
        ProjectContents c = ProjectFile.open(f);
        assertEquals(mlp(), c.document().network());
        assertEquals(1, c.formatVersion());
        assertTrue(c.checkpoint().isEmpty());
        assertEquals(List.of(), c.runs());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void aFileFromANewerVersionOpensWhatItCanAndSaysSo() throws Exception {
        Path f = trained("newer.reslab");
        rewrite(f, m -> {
            String manifest = new String(m.get("manifest.json"), StandardCharsets.UTF_8)
                    .replace("\"formatVersion\" : 2", "\"formatVersion\" : 3")
                    .replace("\"parts\" : {", "\"parts\" : {\n    \"hologram\" : \"hologram.bin\",");
            m.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            m.put("hologram.bin", new byte[] {1, 2, 3});
            return m;
        });
        ProjectContents c = ProjectFile.open(f);
        assertEquals(3, c.formatVersion());
        assertTrue(c.checkpoint().isPresent(), "the training this version understands is kept");
        assertEquals(1, c.runs().size());
        String w = joined(c.warnings());
        assertTrue(w.contains("newer version of ResLab") && w.contains("hologram"), w);
    }

    @Test
    void weightsThatDoNotFitTheDesignAreReportedAndNotLoaded() throws Exception {
        TrainingSession s = new TrainingSession(mlp(), DatasetCatalog.load("spirals").orElseThrow(), momentum(), 1);
        steps(s, 2);
        TrainingCheckpoint c = s.checkpoint();
        // The design changed after training: the output layer has 3 units now, so its weights no longer fit.
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : mlp().nodes()) {
            nodes.add(n.id().equals("output") ? new NodeSpec("output", new DenseSpec(3, ((DenseSpec) n.layer()).init()), n.inputs()) : n);
        }
        NetworkSpec edited = new NetworkSpec(mlp().name(), nodes, mlp().output(), mlp().loss());
        Path f = dir.resolve("edited.reslab");
        List<String> saveWarnings = ProjectFile.save(f, doc(edited, "spirals"), c, List.of());
        assertTrue(joined(saveWarnings).contains("output.W"), joined(saveWarnings));

        ProjectContents opened = ProjectFile.open(f);
        String w = joined(opened.warnings());
        assertTrue(w.contains("output.W") && w.contains("[32, 2]") && w.contains("[32, 3]") && w.contains("not loaded"), w);
        assertTrue(w.contains("output.b"), w);
        TrainingCheckpoint loaded = opened.checkpoint().orElseThrow();
        assertFalse(loaded.parameters().containsKey("output.W"));
        assertFalse(loaded.parameters().containsKey("output.b"));
        assertTrue(loaded.optimizer().slots().get("output.W") == null, "its optimizer state is not loaded either");
        assertTrue(w.contains("optimizer state of output.W is not loaded"), w);
        assertEquals(c.parameters().get("dense1.W"), loaded.parameters().get("dense1.W"), "what fits is loaded");

        TrainingSession onEdited = new TrainingSession(edited, DatasetCatalog.load("spirals").orElseThrow(), momentum(), 2);
        List<String> notes = onEdited.restore(loaded);
        assertTrue(notes.stream().anyMatch(n -> n.contains("output.W")), notes.toString());
        assertEquals(c.parameters().get("dense1.W"), onEdited.network().parameter("dense1.W").value());
    }

    @Test
    void aMissingTensorIsNamedAndTheRestLoads() throws Exception {
        Path f = trained("missing.reslab");
        String entry = entryOf(f, "dense2.b");
        rewrite(f, m -> {
            m.remove(entry);
            return m;
        });
        ProjectContents c = ProjectFile.open(f);
        String w = joined(c.warnings());
        assertTrue(w.contains("dense2.b") && w.contains("missing"), w);
        assertEquals(1, c.warnings().size(), w);
        assertFalse(c.checkpoint().orElseThrow().parameters().containsKey("dense2.b"));
        assertTrue(c.checkpoint().orElseThrow().parameters().containsKey("dense2.W"));
    }

    @Test
    void aDamagedTensorIsNamed() throws Exception {
        Path f = trained("damaged.reslab");
        String entry = entryOf(f, "output.W");
        rewrite(f, m -> {
            byte[] b = m.get(entry);
            m.put(entry, java.util.Arrays.copyOf(b, b.length - 4));
            return m;
        });
        ProjectContents c = ProjectFile.open(f);
        String w = joined(c.warnings());
        assertTrue(w.contains("output.W") && w.contains("damaged"), w);
        assertFalse(c.checkpoint().orElseThrow().parameters().containsKey("output.W"));
    }

    @Test
    void aMissingTrainingPartOpensTheDesignUntrainedAndSaysSo() throws Exception {
        Path f = trained("notraining.reslab");
        rewrite(f, m -> {
            m.remove("training/checkpoint.json");
            return m;
        });
        ProjectContents c = ProjectFile.open(f);
        assertTrue(c.checkpoint().isEmpty());
        assertEquals(mlp(), c.document().network());
        assertEquals(1, c.runs().size(), "the recording is still there");
        assertTrue(joined(c.warnings()).contains("training/checkpoint.json"), joined(c.warnings()));
    }

    @Test
    void aDamagedRecordingIsLeftOutWithAWarning() throws Exception {
        Path f = trained("badrun.reslab");
        rewrite(f, m -> {
            m.remove("runs/0/loss.npy");
            return m;
        });
        ProjectContents c = ProjectFile.open(f);
        assertEquals(List.of(), c.runs());
        assertTrue(c.checkpoint().isPresent());
        assertTrue(joined(c.warnings()).contains("runs/0/loss.npy"), joined(c.warnings()));
    }

    @Test
    void aTruncatedFileKeepsTheDesignBeforeTheDamage() throws Exception {
        Path f = trained("cut.reslab");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, (int) (bytes.length * 0.6)));
        ProjectContents c = ProjectFile.open(f);
        assertEquals(mlp(), c.document().network());
        String w = joined(c.warnings());
        assertTrue(w.contains("truncated"), w);
        assertTrue(w.contains("not loaded") || w.contains("missing") || c.checkpoint().isEmpty(), w);
    }

    // ---- writing ----

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCancelledSaveLeavesTheOldFileAndNoPartialOne() throws Exception {
        Path f = dir.resolve("p.reslab");
        ProjectFile.write(f, doc(mlp(), "spirals"));
        byte[] before = Files.readAllBytes(f);
        TrainingSession s = new TrainingSession(mlp(), DatasetCatalog.load("spirals").orElseThrow(), momentum(), 1);
        steps(s, 1);
        Thread.currentThread().interrupt();                       // what cancelling the saving task does
        ProjectFileException e;
        try {
            e = assertThrows(ProjectFileException.class, () -> ProjectFile.save(f, doc(mlp(), "spirals"), s.checkpoint(), List.of()));
        } finally {
            Thread.interrupted();
        }
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of("p.reslab"), filesInDir());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNoFile() throws Exception {
        Path f = dir.resolve("half.onnx");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void aWriteReplacesTheTargetWhole() throws Exception {
        Path f = dir.resolve("x.bin");
        Files.write(f, new byte[1000]);
        AtomicFile.write(f, out -> out.write(new byte[] {7, 8}));
        assertArrayEquals(new byte[] {7, 8}, Files.readAllBytes(f));
        assertEquals(List.of("x.bin"), filesInDir());
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(dir, out -> out.write(1)));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
    }
}
