package reslab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.train.LearningRateSchedule;
import reslab.engine.train.OptimizerConfig;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One line on err, "error: ...", exit status 2, and nothing that looks like a stack trace. */
    private static void assertUsageError(Run r) {
        assertEquals(2, r.code(), "exit status; err: " + r.err());
        assertEquals(1, r.errLines().size(), "exactly one line on err: " + r.err());
        assertTrue(r.errLines().get(0).startsWith("error: "), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace on err: " + r.err());
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- summary ----

    @Test
    void summaryPrintsOneRowPerNodeThenTheTotals() {
        Template t = Templates.find("chain-sigmoid-4").orElseThrow();
        Run r = run("summary", "chain-sigmoid-4");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        List<NodeSpec> nodes = t.spec().nodes();
        // header, one row per node, two totals
        assertEquals(1 + nodes.size() + 2, lines.size(), r.out());
        for (int i = 0; i < nodes.size(); i++) {
            String[] cells = lines.get(1 + i).trim().split("\\s+");
            assertEquals(nodes.get(i).id(), cells[0], "row " + i);
        }
        long params = (2 * 32 + 32) + 3 * (32 * 32 + 32) + (32 * 2 + 2);
        long macs = 2 * 32 + 3 * 32 * 32 + 32 * 2;
        assertEquals("total params: " + params, lines.get(lines.size() - 2));
        assertEquals("total multiply-adds: " + macs, lines.get(lines.size() - 1));
    }

    @Test
    void summaryRowsShowEachNodesParams() {
        Run r = run("summary", "chain-relu-2-residual");
        assertEquals(0, r.code(), r.err());
        Map<String, String[]> rows = new HashMap<>();
        for (String line : r.out().lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            rows.put(cells[0], cells);
        }
        String[] dense2 = rows.get("dense2"), pad = rows.get("pad1");
        assertEquals(Long.toString(32 * 32 + 32), dense2[dense2.length - 2], "dense2 params");
        assertEquals(Long.toString(32 * 32), dense2[dense2.length - 1], "dense2 multiply-adds");
        assertEquals("0", pad[pad.length - 2], "the option A shortcut has no parameters");
    }

    @Test
    void summaryOfAnUnknownTemplateIsAUsageError() {
        assertUsageError(run("summary", "chain-softsign-4"));
    }

    // ---- train ----

    private static List<String[]> csvRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,node,metric,value", lines.get(0));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] cells = l.split(",", -1);
            assertEquals(4, cells.length, l);
            rows.add(cells);
        }
        return rows;
    }

    @Test
    void trainWritesLongFormCsvWithTheDesignMetricNames() throws IOException {
        Path csv = dir.resolve("run.csv");
        Run r = run("train", "chain-sigmoid-4", "--steps", "3", "--seed", "1", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String[]> rows = csvRows(csv);

        Set<String> designMetrics = Set.of("loss", "accuracy", "weight_grad_norm", "weight_grad_rms", "bias_grad_norm",
                "delta_rms", "update_ratio", "act_mean", "act_std", "saturated_frac", "dead_frac",
                "shortcut_grad_rms", "branch_grad_rms", "gate", "test_loss", "test_accuracy");
        Map<String, Set<String>> metricsByStepAndNode = new HashMap<>();
        Set<Long> steps = new TreeSet<>();
        for (String[] row : rows) {
            steps.add(Long.parseLong(row[0]));
            assertTrue(designMetrics.contains(row[2]), "metric not named as in DESIGN.md: " + row[2]);
            assertTrue(Double.isFinite(Double.parseDouble(row[3])), String.join(",", row));
            metricsByStepAndNode.computeIfAbsent(row[0] + "/" + row[1], k -> new HashSet<>()).add(row[2]);
        }
        assertEquals(Set.of(0L, 1L, 2L), steps);

        Template t = Templates.find("chain-sigmoid-4").orElseThrow();
        for (long step = 0; step < 3; step++) {
            Set<String> network = step == 0 ? Set.of("loss", "accuracy", "test_loss", "test_accuracy") : Set.of("loss", "accuracy");
            assertEquals(network, metricsByStepAndNode.get(step + "/network"), "the test split is evaluated at step 0, 100, ...");
            assertFalse(metricsByStepAndNode.containsKey(step + "/input"), "the data input has no metrics");
            for (NodeSpec n : t.spec().nodes()) {
                Set<String> expected;
                if (n.layer() instanceof DenseSpec) {
                    expected = Set.of("weight_grad_norm", "weight_grad_rms", "bias_grad_norm", "delta_rms",
                            "update_ratio", "act_mean", "act_std");
                } else if (n.layer() instanceof SigmoidSpec) {
                    expected = Set.of("delta_rms", "act_mean", "act_std", "saturated_frac");
                } else {
                    continue;
                }
                assertEquals(expected, metricsByStepAndNode.get(step + "/" + n.id()), "step " + step + " " + n.id());
            }
        }
    }

    @Test
    void trainCsvLossIsThatOfASessionWithTheGivenSeed() throws IOException {
        Path csv = dir.resolve("run.csv");
        assertEquals(0, run("train", "chain-sigmoid-4", "--steps", "3", "--seed", "1", "--csv", csv.toString()).code());
        Template t = Templates.find("chain-sigmoid-4").orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), DatasetCatalog.load(t.dataset()).orElseThrow(),
                t.training().withSeed(1), 1);
        List<String[]> losses = csvRows(csv).stream().filter(r -> r[1].equals("network") && r[2].equals("loss")).toList();
        assertEquals(3, losses.size());
        for (String[] row : losses) {
            assertEquals(s.step().loss(), Double.parseDouble(row[3]), 0.0, "step " + row[0]);
        }
    }

    @Test
    void successfulTrainLeavesOnlyTheCsv() throws IOException {
        Path csv = dir.resolve("run.csv");
        assertEquals(0, run("train", "chain-sigmoid-4", "--steps", "2", "--csv", csv.toString()).code());
        assertEquals(List.of("run.csv"), filesInDir());
    }

    @Test
    void unknownTemplateIsAUsageError() throws IOException {
        assertUsageError(run("train", "chain-sigmoid-4-wide", "--steps", "3", "--csv", dir.resolve("a.csv").toString()));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void negativeStepsIsAUsageError() throws IOException {
        assertUsageError(run("train", "chain-sigmoid-4", "--steps", "-1", "--csv", dir.resolve("a.csv").toString()));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void missingStepsIsAUsageError() throws IOException {
        assertUsageError(run("train", "chain-sigmoid-4", "--csv", dir.resolve("a.csv").toString()));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void optionWithoutItsValueIsAUsageError() {
        assertUsageError(run("train", "chain-sigmoid-4", "--steps"));
    }

    @Test
    void nonNumericSeedIsAUsageError() throws IOException {
        assertUsageError(run("train", "chain-sigmoid-4", "--steps", "3", "--seed", "forty-two", "--csv", dir.resolve("a.csv").toString()));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void unknownOptionIsAUsageError() throws IOException {
        assertUsageError(run("train", "chain-sigmoid-4", "--steps", "3", "--epochs", "2", "--csv", dir.resolve("a.csv").toString()));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertUsageError(run("fit", "chain-sigmoid-4"));
    }

    @Test
    void csvInAFolderThatDoesNotExistIsAUsageError() throws IOException {
        Run r = run("train", "chain-sigmoid-4", "--steps", "3", "--csv", dir.resolve("missing").resolve("a.csv").toString());
        assertUsageError(r);
        assertTrue(r.err().contains("missing"), r.err());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void csvPathThatIsADirectoryIsAUsageError() throws IOException {
        Files.createDirectory(dir.resolve("out"));
        assertUsageError(run("train", "chain-sigmoid-4", "--steps", "3", "--csv", dir.resolve("out").toString()));
        assertEquals(List.of("out"), filesInDir());
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertEquals(0, s.count(), "nothing written inside the directory");
        }
    }

    @Test
    void csvInAnUnwritableFolderIsAUsageError() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "running as root: a read-only folder is still writable");
            assertUsageError(run("train", "chain-sigmoid-4", "--steps", "3", "--csv", locked.resolve("a.csv").toString()));
            try (Stream<Path> s = Files.list(locked)) {
                assertEquals(0, s.count());
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void divergedTrainingLeavesNoPartialCsvAndKeepsAnOldOne() throws IOException {
        Path csv = dir.resolve("run.csv");
        Files.writeString(csv, "old results\n");
        Run r = run("train", "chain-relu-4", "--steps", "200", "--lr", "100", "--csv", csv.toString());
        assertEquals(1, r.code(), "precondition: lr 100 makes this network diverge; out: " + r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("error: training diverged"), r.err());
        assertEquals(List.of("run.csv"), filesInDir(), "no temporary file left behind");
        assertEquals("old results\n", Files.readString(csv));
    }

    // ---- train: optimizer, schedule, dataset and evaluation options ----

    private static List<String[]> metric(List<String[]> rows, String name) {
        return rows.stream().filter(r -> r[1].equals("network") && r[2].equals(name)).toList();
    }

    @Test
    void trainOptionsReachTheSession() throws IOException {
        Path csv = dir.resolve("run.csv");
        Run r = run("train", "chain-sigmoid-4", "--steps", "4", "--seed", "3", "--optimizer", "nesterov", "--lr", "0.05",
                "--momentum", "0.8", "--weight-decay", "0.001", "--batch", "16", "--lr-step", "2", "--lr-gamma", "0.5",
                "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        Template t = Templates.find("chain-sigmoid-4").orElseThrow();
        TrainingConfig c = t.training().withSeed(3).withBatchSize(16)
                .withOptimizer(OptimizerConfig.nesterov(0.05, 0.8).withWeightDecay(0.001))
                .withSchedule(LearningRateSchedule.stepEvery(2, 0.5));
        TrainingSession s = new TrainingSession(t.spec(), DatasetCatalog.load(t.dataset()).orElseThrow(), c, 1);
        List<String[]> losses = metric(csvRows(csv), "loss");
        assertEquals(4, losses.size());
        for (String[] row : losses) assertEquals(s.step().loss(), Double.parseDouble(row[3]), 0.0, "step " + row[0]);
    }

    @Test
    void adamWithoutALearningRateUsesAdamsDefault() throws IOException {
        Path csv = dir.resolve("run.csv");
        assertEquals(0, run("train", "chain-sigmoid-4", "--steps", "3", "--optimizer", "adam", "--csv", csv.toString()).code());
        Template t = Templates.find("chain-sigmoid-4").orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), DatasetCatalog.load(t.dataset()).orElseThrow(),
                t.training().withOptimizer(OptimizerConfig.adam(1e-3)), 1);
        for (String[] row : metric(csvRows(csv), "loss")) assertEquals(s.step().loss(), Double.parseDouble(row[3]), 0.0);
    }

    @Test
    void evalEveryWritesTestMetricsAtThoseSteps() throws IOException {
        Path csv = dir.resolve("run.csv");
        Run r = run("train", "chain-tanh-2", "--steps", "5", "--eval-every", "2", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = csvRows(csv);
        assertEquals(List.of("0", "2", "4"), metric(rows, "test_loss").stream().map(x -> x[0]).toList());
        assertEquals(List.of("0", "2", "4"), metric(rows, "test_accuracy").stream().map(x -> x[0]).toList());
        assertTrue(r.out().contains("at step 4 test loss"), r.out());
    }

    @Test
    void trainTakesABuiltInDatasetOrAFile() throws IOException {
        assertEquals(0, run("train", "chain-tanh-2", "--steps", "2", "--dataset", "circles").code());
        assertEquals(0, run("train", "chain-tanh-2", "--steps", "2", "--dataset", "synthetic").code());
        StringBuilder table = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) table.append(i).append(',').append(i % 7).append(',').append(i % 2).append('\n');
        Path file = Files.writeString(dir.resolve("points.csv"), table);
        Run r = run("train", "chain-tanh-2", "--steps", "2", "--dataset", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("trained chain-tanh-2 for 2 steps"), r.out());
    }

    @Test
    void aDamagedDatasetFileIsAUsageErrorNamingTheFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,0\n3,x,1\n");
        Run r = run("train", "chain-tanh-2", "--steps", "2", "--dataset", file.toString());
        assertUsageError(r);
        assertTrue(r.err().contains(file.toString()) && r.err().contains("line 3"), r.err());
    }

    @Test
    void aDatasetThatDoesNotFitTheNetworkIsAUsageError() {
        Run r = run("train", "chain-tanh-2", "--steps", "2", "--dataset", "mnist");
        assertUsageError(r);
        assertTrue(r.err().contains("10 classes but the network has 2 outputs"), r.err());
    }

    @Test
    void badTrainingOptionsAreOneLineUsageErrors() {
        String[][] cases = {
                {"--optimizer", "rmsprop"},
                {"--optimizer", "adam", "--momentum", "0.9"},
                {"--momentum", "1.5"},
                {"--optimizer", "nesterov", "--momentum", "0"},
                {"--momentum", "fast"},
                {"--weight-decay", "-0.1"},
                {"--weight-decay", "NaN"},
                {"--lr", "0"},
                {"--lr", "-1"},
                {"--batch", "0"},
                {"--eval-every", "-1"},
                {"--lr-gamma", "0.5"},
                {"--lr-step", "10", "--lr-milestones", "5"},
                {"--lr-step", "0"},
                {"--lr-milestones", "10,5"},
                {"--lr-milestones", "10,x"},
                {"--lr-step", "10", "--lr-gamma", "0"},
                {"--dataset", "moons"},
                {"--dataset", "cifar10"},
                {"--dataset", "cifar10:" + dir.resolve("missing")},
        };
        for (String[] extra : cases) {
            List<String> args = new ArrayList<>(List.of("train", "chain-tanh-2", "--steps", "2"));
            args.addAll(List.of(extra));
            Run r = run(args.toArray(new String[0]));
            assertUsageError(r);
            assertTrue(r.err().contains(extra[extra.length - 2].substring(2)), String.join(" ", extra) + " -> " + r.err());
        }
    }

    // ---- bench memory ----

    @Test
    void benchMemoryPrintsAMeasurementEveryNStepsAndTheGrowth() {
        Run r = run("bench", "memory", "chain-sigmoid-4", "--steps", "6", "--every", "3", "--batch", "16");
        assertEquals(0, r.code(), r.err());
        List<String> steps = r.out().lines().filter(l -> l.startsWith("step ")).map(l -> l.split("\\s+")[1]).toList();
        assertEquals(List.of("0", "3", "6"), steps, r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith("step ")).allMatch(l -> l.contains(" heap ") && l.contains(" rss ")
                && l.contains(" nd4j_arrays ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("BENCH memory chain-sigmoid-4 steps=6 from_step=3 heap_growth_mb=")),
                r.out());
    }

    @Test
    void badBenchMemoryArgumentsAreOneLineUsageErrors() {
        String[][] cases = {
                {"bench", "memory", "resnet21"},
                {"bench", "memory", "--steps", "0"},
                {"bench", "memory", "--steps", "many"},
                {"bench", "memory", "--every", "-1"},
                {"bench", "memory", "--batch", "0"},
                {"bench", "memory", "--threads", "0"},
                {"bench", "memory", "resnet20", "extra"},
                {"bench", "memory", "--rounds", "3"},
                {"bench", "memory", "--nets", "lenet5"},
                {"bench", "memory", "--epochs", "3"},
                {"bench", "telemetry", "--every", "3"},
                {"bench", "--batch", "3"},
        };
        for (String[] args : cases) assertUsageError(run(args));
    }

    // ---- bench layers ----

    /** Every kind of layer of the net gets a line, and the kinds' times add up to the layers' total printed. */
    @Test
    void benchLayersPrintsMillisecondsPerKindOfLayer() {
        Run r = run("bench", "layers", "chain-relu-4-residual", "--steps", "3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("# layer kind")).findFirst().orElseThrow());
        List<String> rows = lines.subList(header + 1, lines.size()).stream().takeWhile(l -> !l.startsWith("# layers ")).toList();
        assertEquals(List.of("Dense", "ReLU", "Shortcut A", "Add"),
                rows.stream().map(l -> l.substring(2, 18).trim()).toList(), r.out());
        double sum = rows.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        String[] dense = rows.get(0).substring(18).trim().split("\\s+");          // nodes, forward, backward, total
        assertEquals("5", dense[0], rows.get(0));
        assertTrue(Double.parseDouble(dense[1]) > 0 && Double.parseDouble(dense[2]) > 0, "forward and backward timed: " + rows.get(0));
        String bench = lines.stream().filter(l -> l.startsWith("BENCH layers chain-relu-4-residual threads=1 step_ms=")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
        double layers = Double.parseDouble(bench.replaceAll(".* layers_ms=", ""));
        assertTrue(layers > 0, bench);
        assertEquals(layers, sum, 0.005 * (rows.size() + 1), "the kinds' totals against " + bench);
    }

    @Test
    void badBenchLayersArgumentsAreOneLineUsageErrors() {
        String[][] cases = {
                {"bench", "layers", "resnet21"},
                {"bench", "layers", "--steps", "0"},
                {"bench", "layers", "--threads", "0"},
                {"bench", "layers", "resnet20", "extra"},
                {"bench", "layers", "--batch", "8"},
                {"bench", "layers", "--rounds", "3"},
        };
        for (String[] args : cases) assertUsageError(run(args));
    }
}
