package reslab.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.zoo.Templates;

class ProjectFileTest {
    @TempDir
    Path dir;

    /** Every layer kind once (the graph need not be valid: a saved design may be unfinished). */
    static NetworkSpec everyKind() {
        return new NetworkSpec("every kind", List.of(
                NodeSpec.of("in", new InputSpec(Shape.of(3, 32, 32))),
                NodeSpec.of("conv", new Conv2DSpec(16, 3, 5, 1, 2, Padding.explicit(1, 2), false, Init.HE_NORMAL), "in"),
                NodeSpec.of("bn", new BatchNormSpec(1e-3, 0.01), "conv").inBlock("stem"),
                NodeSpec.of("relu", new ReluSpec(), "bn").inBlock("stem"),
                NodeSpec.of("max", MaxPoolSpec.of(3, 2, Padding.SAME), "relu"),
                NodeSpec.of("avg", AvgPoolSpec.of(2, 2, Padding.VALID), "max"),
                NodeSpec.of("a", new ZeroPadShortcutSpec(32, 2), "avg"),
                NodeSpec.of("b", new ProjectionShortcutSpec(32, 2, true, Init.constant(0.25)), "avg"),
                NodeSpec.of("add", new AddSpec(), "a", "b"),
                NodeSpec.of("gate", new GateSpec(GateSpec.Kind.PLAIN), "a", "add"),
                NodeSpec.of("gap", new GlobalAvgPoolSpec(), "gate"),
                NodeSpec.of("flat", new FlattenSpec(), "gap"),
                NodeSpec.of("drop", new DropoutSpec(0.3), "flat"),
                NodeSpec.of("leaky", new LeakyReluSpec(0.01), "drop"),
                NodeSpec.of("tanh", new TanhSpec(), "leaky"),
                NodeSpec.of("sig", new SigmoidSpec(), "tanh"),
                NodeSpec.of("out", new DenseSpec(10, Init.GLOROT_NORMAL, true), "sig")),
                "out", LossKind.MEAN_SQUARED_ERROR);
    }

    private ProjectDocument doc(NetworkSpec spec) {
        return new ProjectDocument("My net", spec,
                Map.of("in", new ProjectDocument.NodePosition(10, 20.5)), List.of("stem"));
    }

    @Test
    void everyLayerKindSurvivesSaveAndOpen() throws Exception {
        Path f = dir.resolve("every.reslab");
        ProjectDocument saved = doc(everyKind());
        ProjectFile.write(f, saved);
        ProjectDocument opened = ProjectFile.read(f);
        assertEquals(saved, opened);
        assertEquals("stem", opened.network().node("bn").orElseThrow().block());
    }

    @Test
    void templatesSurviveSaveAndOpen() throws Exception {
        for (String id : List.of("chain-sigmoid-20", "chain-relu-6-residual")) {
            Path f = dir.resolve(id + ".reslab");
            NetworkSpec spec = Templates.find(id).orElseThrow().spec();
            ProjectFile.write(f, doc(spec));
            assertEquals(spec, ProjectFile.read(f).network());
        }
    }

    @Test
    void jsonNamesLayersByTypeAndWritesNoDerivedFields() {
        String json = SpecJson.write(everyKind());
        assertTrue(json.contains("\"type\" : \"conv2d\""), json);
        assertTrue(json.contains("\"init\" : \"constant(0.25)\""), json);
        assertTrue(json.contains("\"shape\" : [ 3, 32, 32 ]"), json);
        assertFalse(json.contains("\"kind\""), "kind() is derived, not stored");
        assertFalse(json.contains("\"arity\""), "arity() is derived, not stored");
    }

    @Test
    void savingReplacesTheOldFileAndLeavesNoTemporaryFiles() throws Exception {
        Path f = dir.resolve("p.reslab");
        ProjectFile.write(f, doc(everyKind()));
        ProjectFile.write(f, doc(Templates.find("chain-tanh-3").orElseThrow().spec()));
        assertEquals("chain-tanh-3", ProjectFile.read(f).network().name());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("p.reslab"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void savingIntoAMissingFolderFailsWithAMessage() {
        Path f = dir.resolve("no/such/folder/p.reslab");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFile.write(f, doc(everyKind())));
        assertTrue(e.getMessage().contains("could not be saved"), e.getMessage());
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return f;
    }

    private static String manifest(int version) {
        return "{\"format\":\"reslab-project\",\"formatVersion\":" + version + ",\"parts\":{\"design\":\"design.json\"}}";
    }

    private static String message(Path f) {
        return assertThrows(ProjectFileException.class, () -> ProjectFile.read(f)).getMessage();
    }

    @Test
    void aFileThatIsNotAZipIsRefused() throws IOException {
        Path f = dir.resolve("notes.reslab");
        Files.writeString(f, "just some text");
        assertTrue(message(f).contains("not a ResLab project"), message(f));
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path f = dir.resolve("full.reslab");
        ProjectFile.write(f, doc(everyKind()));
        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.reslab");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String m = message(cut);
        assertTrue(m.contains("damaged") || m.contains("truncated") || m.contains("incomplete") || m.contains("not a ResLab"), m);
    }

    @Test
    void aNewerFormatAsksForANewerResLab() throws IOException {
        Path f = zip("new.reslab", Map.of("manifest.json", manifest(99), "design.json", "{}"));
        assertTrue(message(f).contains("newer version of ResLab"), message(f));
    }

    @Test
    void anUnknownLayerTypeIsNamed() throws IOException {
        String design = "{\"name\":\"x\",\"network\":{\"name\":\"x\",\"output\":\"a\",\"loss\":\"SOFTMAX_CROSS_ENTROPY\","
                + "\"nodes\":[{\"id\":\"a\",\"layer\":{\"type\":\"hypernet\"},\"inputs\":[]}]}}";
        Path f = zip("unknown.reslab", Map.of("manifest.json", manifest(1), "design.json", design));
        assertTrue(message(f).contains("'hypernet'"), message(f));
    }

    @Test
    void brokenJsonSaysWhere() throws IOException {
        Path f = zip("broken.reslab", Map.of("manifest.json", manifest(1), "design.json", "{\"name\": \"x\", \"network\": {"));
        String m = message(f);
        assertTrue(m.contains("design.json") && m.contains("line"), m);
    }

    @Test
    void aMissingRequiredFieldIsRefused() throws IOException {
        String design = "{\"name\":\"x\",\"network\":{\"name\":\"x\",\"output\":\"a\",\"loss\":\"SOFTMAX_CROSS_ENTROPY\","
                + "\"nodes\":[{\"id\":\"a\",\"layer\":{\"type\":\"dense\",\"init\":\"he_normal\"},\"inputs\":[]}]}}";
        Path f = zip("missing.reslab", Map.of("manifest.json", manifest(1), "design.json", design));
        assertTrue(message(f).contains("damaged design"), message(f));
    }

    @Test
    void aMissingDesignPartIsNamed() throws IOException {
        Path f = zip("nodesign.reslab", Map.of("manifest.json", manifest(1)));
        assertTrue(message(f).contains("design.json") && message(f).contains("missing"), message(f));
    }

    @Test
    void aZipWithoutManifestIsNotAProject() throws IOException {
        Path f = zip("other.reslab", Map.of("readme.txt", "hello"));
        assertTrue(message(f).contains("no manifest"), message(f));
    }

    @Test
    void aMissingFileIsReportedAsSuch() {
        assertTrue(message(dir.resolve("gone.reslab")).contains("does not exist"));
    }
}
