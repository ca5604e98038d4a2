package reslab.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.app.AppViewModel;
import reslab.app.main.Metric;
import reslab.engine.io.ProjectDocument;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.shape.ShapeInference;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Templates;

/**
 * The CSV exports through the view-model, with the runs and designs of real templates; no
 * window and no JavaFX thread (results are handed over directly).
 */
class CsvExportTest {
    @TempDir
    Path dir;
    private ExportViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) vm.close();
    }

    private ExportViewModel exports(List<StepSnapshot> run, ProjectDocument design) {
        vm = new ExportViewModel(() -> run, () -> Metric.BACKPROPAGATED_GRADIENT, ExportFixtures.NO_MODEL, new SimpleObjectProperty<>(design), Runnable::run);
        return vm;
    }

    private static ExportViewModel.Outcome await(java.util.concurrent.CompletableFuture<ExportViewModel.Outcome> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static ProjectDocument design(String templateId) {
        return AppViewModel.documentOf(Templates.find(templateId).orElseThrow());
    }

    /** The fields of one RFC 4180 line. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cur.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    @Test
    void telemetryHasEveryNumberOfEveryRecordedStepInTheCliForm() throws Exception {
        List<StepSnapshot> run = ExportFixtures.run("chain-sigmoid-6-residual", 5);
        Path target = dir.resolve("run.csv");
        ExportViewModel.Outcome o = await(exports(run, design("chain-sigmoid-6-residual")).telemetry(target));

        assertEquals(ExportViewModel.Outcome.Status.DONE, o.status(), String.valueOf(o.failure()));
        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals("step,node,metric,value", lines.get(0));
        List<List<String>> rows = lines.subList(1, lines.size()).stream().map(CsvExportTest::fields).toList();
        int expected = 0;
        for (StepSnapshot s : run) {
            String step = Long.toString(s.step());
            assertTrue(rows.contains(List.of(step, "network", "loss", Double.toString(s.loss()))), "loss of step " + step);
            for (double v : new double[] {s.loss(), s.accuracy(), s.testLoss(), s.testAccuracy()}) if (!Double.isNaN(v)) expected++;
            if (s.evaluated()) assertTrue(rows.contains(List.of(step, "network", "test_loss", Double.toString(s.testLoss()))));
            for (NodeTelemetry n : s.nodes()) {
                double[] values = {n.weightGradNorm(), n.weightGradRms(), n.biasGradNorm(), n.deltaRms(), n.updateRatio(), n.actMean(),
                    n.actStd(), n.saturatedFrac(), n.deadFrac(), n.shortcutGradRms(), n.branchGradRms(), n.gate()};
                for (double v : values) if (!Double.isNaN(v)) expected++;
                if (!Double.isNaN(n.deltaRms())) {
                    assertTrue(rows.contains(List.of(step, n.node(), "delta_rms", Double.toString(n.deltaRms()))), n.node() + " at " + step);
                }
            }
        }
        assertEquals(expected, rows.size(), "one row per number that applies, nothing else");
    }

    @Test
    void summaryHasOneQuotedRowPerNodeWithTheAnalysisNumbers() throws Exception {
        ProjectDocument d = design("resnet20");
        Path target = dir.resolve("summary.csv");
        ExportViewModel.Outcome o = await(exports(List.of(), d).summary(target));

        assertEquals(ExportViewModel.Outcome.Status.DONE, o.status(), String.valueOf(o.failure()));
        List<List<String>> rows = Files.readAllLines(target).stream().map(CsvExportTest::fields).toList();
        assertEquals(List.of("node", "block", "kind", "output", "params", "multiply-adds"), rows.get(0), "resnet20 has blocks");
        NetworkAnalysis a = ShapeInference.analyze(d.network());
        assertEquals(a.nodes().size(), rows.size() - 1);
        long params = 0, macs = 0;
        for (int i = 0; i < a.nodes().size(); i++) {
            NodeInfo n = a.nodes().get(i);
            List<String> row = rows.get(i + 1);
            assertEquals(n.id(), row.get(0));
            assertEquals(d.network().node(n.id()).orElseThrow().block() == null ? "" : d.network().node(n.id()).orElseThrow().block(), row.get(1));
            assertEquals(n.kind(), row.get(2));
            assertEquals(n.outputShape().toString(), row.get(3));
            params += Long.parseLong(row.get(4));
            macs += Long.parseLong(row.get(5));
        }
        assertEquals(a.totalParams(), params);
        assertEquals(a.totalMultiplyAdds(), macs);
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuoted() {
        assertEquals("conv1", Csv.field("conv1"));
        assertEquals("\"a,b\"", Csv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
        assertEquals(List.of("a,b", "say \"hi\"", "x"), fields(Csv.field("a,b") + "," + Csv.field("say \"hi\"") + ",x"));
    }

    @Test
    void telemetryOfARunNotStartedIsRefusedAndWritesNothing() throws Exception {
        Path target = dir.resolve("nothing.csv");
        ExportViewModel.Outcome o = await(exports(List.of(), design("chain-sigmoid-4")).telemetry(target));
        assertEquals(ExportViewModel.Outcome.Status.FAILED, o.status());
        assertEquals(ExportFailure.Reason.NOTHING_RECORDED, o.failure().reason());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void aTargetInAMissingFolderFailsWithTheFolderAndLeavesNoFile() throws Exception {
        Path missing = dir.resolve("no-such-folder");
        Path target = missing.resolve("summary.csv");
        ExportViewModel.Outcome o = await(exports(List.of(), design("chain-sigmoid-4")).summary(target));
        assertEquals(ExportViewModel.Outcome.Status.FAILED, o.status());
        assertEquals(ExportFailure.Reason.NO_FOLDER, o.failure().reason());
        assertEquals(missing.toAbsolutePath().toString(), o.failure().detail());
        assertFalse(Files.exists(missing));
        assertEquals(List.of(), listing(dir));
    }

    /**
     * A folder the export may not write into: read-only for an ordinary user; when the tests run
     * as root (who may write anywhere), sysfs, which refuses new files even from root.
     */
    private Path lockedFolder() throws IOException {
        Path locked = dir.resolve("locked");
        Files.createDirectory(locked);
        try {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        if (!Files.isWritable(locked)) return locked;
        Path sys = Path.of("/sys");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys.resolve("kernel")), "no folder here refuses root");
        return sys;
    }

    @Test
    void aFolderThatCannotBeWrittenIsReportedAndLeavesNoFile() throws Exception {
        Path locked = lockedFolder();
        Path target = locked.resolve("reslab-summary.csv");
        try {
            ExportViewModel.Outcome o = await(exports(List.of(), design("chain-sigmoid-4")).summary(target));
            assertEquals(ExportViewModel.Outcome.Status.FAILED, o.status());
            assertEquals(ExportFailure.Reason.NOT_WRITABLE, o.failure().reason(), String.valueOf(o.failure()));
            assertEquals(locked.toAbsolutePath().toString(), o.failure().detail());
            assertFalse(Files.exists(target));
            try (Stream<Path> s = Files.list(locked)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("reslab-summary")), "no temporary file");
            }
        } finally {
            if (locked.startsWith(dir)) {
                Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileAndNoTemporaryOne() throws IOException {
        Path target = dir.resolve("kept.csv");
        Files.writeString(target, "the previous export\n");
        IOException failure = new IOException("disk full");
        IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ExportFile.write(target, out -> {
            out.write("half of a new file".getBytes(StandardCharsets.UTF_8));
            throw failure;
        }));
        assertEquals(failure, thrown);
        assertEquals("the previous export\n", Files.readString(target));
        assertEquals(List.of("kept.csv"), listing(dir));
    }

    @Test
    void aCompleteWriteReplacesTheFileInOneStep() throws IOException {
        Path target = dir.resolve("replaced.csv");
        Files.writeString(target, "old");
        ExportFile.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("replaced.csv"), listing(dir));
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
