package reslab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reslab.engine.shape.GraphEdit;
import reslab.engine.shape.NetworkEdits;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.zoo.Templates;

/** {@code summary} on the zoo's networks: rows, block column, exact totals, memory, problems. */
class SummaryCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Rows by node id, split on runs of spaces (empty block cells vanish, ids and numbers do not). */
    private static Map<String, String[]> rows(String out) {
        Map<String, String[]> rows = new HashMap<>();
        for (String line : out.lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            rows.put(cells[0], cells);
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "lenet5, 61706, 416520",
            "vgg16, 138357544, 15470264320",
            "resnet18, 11689512, 1814073344",
            "resnet20, 269722, 40551040",
    })
    void referenceNetworksPrintTheirPublishedTotals(String id, long params, long macs) {
        Run r = run("summary", id);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        int nodes = Templates.find(id).orElseThrow().spec().nodes().size();
        assertEquals(1 + nodes + 2, lines.size(), "header, one row per node, two totals");
        assertEquals("total params: " + params, lines.get(lines.size() - 2));
        assertEquals("total multiply-adds: " + macs, lines.get(lines.size() - 1));
    }

    @Test
    void blockColumnShowsWhichBlockEachNodeIsIn() {
        Run r = run("summary", "resnet20");
        String header = r.out().lines().findFirst().orElseThrow();
        assertTrue(header.matches("node\\s+block\\s+kind\\s+output\\s+params\\s+multiply-adds"), header);
        Map<String, String[]> rows = rows(r.out());
        String[] conv = rows.get("layer2.0.conv1");
        assertEquals(List.of("layer2.0.conv1", "layer2.0", "Conv2D", "32x16x16", Long.toString(16 * 32 * 9),
                Long.toString(16L * 16 * 32 * 16 * 9)), List.of(conv));
        assertEquals("Shortcut", rows.get("layer2.0.shortcut")[2]);
        assertEquals(5, rows.get("conv1").length, "the stem is in no block: an empty cell");
    }

    @Test
    void designsWithoutBlocksKeepTheFiveColumns() {
        String header = run("summary", "chain-sigmoid-4").out().lines().findFirst().orElseThrow();
        assertTrue(header.matches("node\\s+kind\\s+output\\s+params\\s+multiply-adds"), header);
    }

    @Test
    void batchOptionAddsTheActivationMemoryAfterTheTotals() {
        Run r = run("summary", "lenet5", "--batch", "10");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        // Outputs per example: 6x28x28 twice (c1, tanh1), 6x14x14, 16x10x10 twice, 16x5x5, 400, 120 twice, 84 twice, 10.
        long elements = 2 * 6 * 28 * 28 + 6 * 14 * 14 + 2 * 16 * 10 * 10 + 16 * 5 * 5 + 400 + 2 * 120 + 2 * 84 + 10;
        String memory = lines.stream().filter(l -> l.startsWith("activation memory")).findFirst().orElseThrow();
        assertTrue(memory.startsWith("activation memory at batch 10, float32: " + elements * 10 * 4 + " bytes"), memory);
        assertTrue(memory.contains("input excluded") && memory.contains("gradients excluded"), memory);
        assertTrue(lines.contains("input batch: " + 32 * 32 * 10 * 4 + " bytes (0.0 MiB)"), r.out());
        int totals = lines.indexOf("total multiply-adds: 416520");
        assertTrue(totals >= 0 && totals < lines.indexOf(memory), "memory comes after the totals");
    }

    @Test
    void problemsArePrintedWithTheirFixesAndCosts() {
        NetworkSpec broken = NetworkEdits.apply(Templates.find("resnet18").orElseThrow().spec(),
                new GraphEdit.RemoveNode("layer2.0.shortcut"));
        String text = SummaryTable.render(broken, ShapeInference.analyze(broken));
        List<String> lines = text.lines().toList();
        int problem = lines.indexOf(lines.stream().filter(l -> l.startsWith("problem: layer2.0.add: adds inputs")).findFirst().orElseThrow());
        assertTrue(lines.get(problem + 1).startsWith("  fix: option A") && lines.get(problem + 1).endsWith("[0 params, 0 multiply-adds]"),
                lines.get(problem + 1));
        assertTrue(lines.get(problem + 2).endsWith("[8448 params, 6422528 multiply-adds]"), lines.get(problem + 2));
        assertTrue(lines.get(problem + 3).startsWith("  fix: option C"), lines.get(problem + 3));
        // From the mismatched Add on nothing has a shape: layer2.0's add and relu2, three blocks of 7 nodes,
        // layer3.0 and layer4.0 with 8 (their projection), avgpool and output.
        assertTrue(lines.contains("note: " + (2 + 3 * 7 + 2 * 8 + 2) + " nodes have no shape and count 0 in the totals"), text);
    }

    @Test
    void familyDepthOutsideThePaperIsAUsageErrorThatListsTheDepths() {
        Run r = run("summary", "resnet21");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: 'resnet21': ResNets come in the paper's depths"), r.err());
        assertFalse(run("summary", "resnet20", "--batch", "0").err().isEmpty(), "batch must be at least 1");
    }
}
