package reslab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.io.ProjectContents;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.ProjectFile;
import reslab.engine.io.onnx.OnnxExport;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.train.TrainingCheckpoint;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

class ExportCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One line on err, "error: ...", exit status 2, no stack trace, and no file written. */
    private void assertUsageError(Run r, String mentions) throws IOException {
        assertEquals(2, r.code(), "exit status; err: " + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "exactly one line on err: " + r.err());
        assertTrue(lines.get(0).startsWith("error: "), r.err());
        assertTrue(lines.get(0).contains(mentions), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace on err: " + r.err());
        assertTrue(files().stream().noneMatch(f -> f.endsWith(".onnx") || f.endsWith(".part")), "no export written: " + files());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void exportsATrainedTemplateAsOnnxAndAsAProject() throws Exception {
        Run r = run("export", "chain-sigmoid-4", "--steps", "5", "--onnx", file("net.onnx"), "--project", file("net.reslab"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("input 'input' [batch, 2], output 'probabilities' [batch, 2]"), r.out());
        assertTrue(r.out().contains("after 5 steps"), r.out());
        assertEquals(List.of("net.onnx", "net.reslab"), files());

        ProjectContents p = ProjectFile.open(dir.resolve("net.reslab"));
        assertEquals(List.of(), p.warnings());
        TrainingCheckpoint c = p.checkpoint().orElseThrow();
        assertEquals(5, c.step());
        assertEquals("spirals", p.document().dataset());
        assertEquals(5, p.runs().get(0).rows());
        // The ONNX file holds exactly the weights the project saved.
        byte[] expected = OnnxExport.toBytes(OnnxExport.trained(p.document().network(), c));
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("net.onnx")));
    }

    @Test
    void anUntrainedTemplateSaysSo() throws Exception {
        Run r = run("export", "lenet5", "--onnx", file("lenet.onnx"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("untrained (initial weights from seed 42)"), r.out());
        assertTrue(r.out().contains("input 'input' [batch, 1, 32, 32]"), r.out());
    }

    @Test
    void aProjectTrainsOnExactlyWhereItStopped() throws Exception {
        assertEquals(0, run("export", "chain-tanh-3-residual", "--steps", "6", "--project", file("a.reslab")).code());
        Run r = run("export", file("a.reslab"), "--steps", "6", "--project", file("b.reslab"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        RunRecording rec = ProjectFile.open(dir.resolve("b.reslab")).runs().get(0);
        assertEquals(12, rec.rows(), "the recording goes on");

        Template t = Templates.find("chain-tanh-3-residual").orElseThrow();
        TrainingSession direct = new TrainingSession(t.spec(), DatasetCatalog.load("spirals").orElseThrow(), t.training(), 1);
        for (int i = 0; i < 12; i++) {
            assertEquals(i, rec.step(i));
            assertEquals(direct.step().loss(), rec.loss(i), 1e-6, "step " + i);
        }
    }

    @Test
    void anInvalidDesignIsRefusedWithItsDiagnostic() throws Exception {
        NetworkSpec broken = new NetworkSpec("broken", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(4))),
                NodeSpec.of("wide", new DenseSpec(8, Init.GLOROT_UNIFORM), "input"),
                NodeSpec.of("add", new AddSpec(), "input", "wide"),
                NodeSpec.of("output", new DenseSpec(2, Init.GLOROT_UNIFORM), "add")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        Path f = dir.resolve("broken.reslab");
        ProjectFile.write(f, new ProjectDocument("broken", broken, Map.of(), List.of()));
        Run r = run("export", f.toString(), "--onnx", file("broken.onnx"));
        assertUsageError(r, "cannot export 'broken': add: ");
    }

    @Test
    void badInputIsOneLineAndExitStatus2() throws Exception {
        assertUsageError(run("export", "resnet21", "--onnx", file("x.onnx")), "resnet21");
        assertUsageError(run("export", file("nowhere.reslab"), "--onnx", file("x.onnx")), "does not exist");
        Path text = dir.resolve("notes.reslab");
        Files.writeString(text, "not a project");
        assertUsageError(run("export", text.toString(), "--onnx", file("x.onnx")), "not a ResLab project");
        assertUsageError(run("export", "chain-sigmoid-4"), "--onnx FILE and/or --project FILE");
        assertUsageError(run("export", "chain-sigmoid-4", "--onnx", file("no/such/x.onnx")), "does not exist");
        assertUsageError(run("export", "chain-sigmoid-4", "--onnx", dir.toString()), "is a folder");
        assertUsageError(run("export", "chain-sigmoid-4", "--onnx", file("x.onnx"), "--steps", "-1"), "--steps");
        assertUsageError(run("export", "chain-sigmoid-4", "--onnx", file("x.onnx"), "--dataset", "mnist"), "--dataset");
        assertUsageError(run("export", "chain-sigmoid-4", "--onnx", file("x.onnx"), "--format", "tflite"), "--format");
        assertEquals(0, run("export", "chain-sigmoid-4", "--steps", "1", "--project", file("p.reslab")).code());
        assertUsageError(run("export", file("p.reslab"), "--seed", "3", "--onnx", file("x.onnx")), "--seed");
    }

    @Test
    void aProjectWithWarningsStillExportsAndSaysWhatItLacked() throws Exception {
        assertEquals(0, run("export", "chain-relu-2", "--steps", "2", "--project", file("p.reslab")).code());
        // Take the optimizer state out of the project: it opens, warns, and trains on from zero moments.
        Path f = dir.resolve("p.reslab");
        Path stripped = dir.resolve("stripped.reslab");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(f));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(stripped))) {
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] b = in.readAllBytes();
                if (e.getName().equals("training/checkpoint.json")) {
                    var root = (com.fasterxml.jackson.databind.node.ObjectNode) reslab.engine.io.SpecJson.mapper().readTree(b);
                    root.remove("optimizer");
                    b = reslab.engine.io.SpecJson.mapper().writeValueAsBytes(root);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(b);
            }
        }
        Run r = run("export", stripped.toString(), "--onnx", file("x.onnx"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("warning: ")), r.err());
        assertTrue(r.err().contains("optimizer"), r.err());
        assertTrue(Files.exists(dir.resolve("x.onnx")));
    }
}
