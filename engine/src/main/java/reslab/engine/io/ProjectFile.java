package reslab.engine.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.train.TrainingCheckpoint;

/**
 * The ResLab project file ({@code .reslab}): a zip with a versioned {@code manifest.json}
 * that names the parts. Format 2:
 * <pre>
 *   manifest.json              {"format": "reslab-project", "formatVersion": 2, "createdBy": "ResLab",
 *                               "parts": {"design": "design.json", "training": "training/checkpoint.json",
 *                                         "runs": ["runs/0/recording.json", ...]}}
 *   design.json                the design, its layout, collapsed blocks, dataset id (format 1 had only this)
 *   training/checkpoint.json   settings, step, batch-stream position, dropout counters, tensor index
 *   training/tensors/N.npy     weights, running statistics, optimizer moments (NumPy .npy)
 *   runs/K/recording.json      a recorded run: nodes and the columns below
 *   runs/K/*.npy               its run table (steps, loss, accuracy, ...) and node table (a matrix per metric)
 * </pre>
 * Only the design is required. Writing goes to a temporary file in the same folder, which then
 * replaces the target: a crash or a cancelled save never leaves a half-written project.
 * {@link #open} reads what it can and lists what it could not (a newer version's parts, a
 * missing or damaged part, weights that do not fit the design) rather than failing or
 * dropping anything silently; only a file without a readable design is refused.
 */
public final class ProjectFile {
    public static final String EXTENSION = ".reslab";
    public static final String FORMAT = "reslab-project";
    /** The newest format this version writes and reads; it reads every older one. */
    public static final int FORMAT_VERSION = 2;
    static final String MANIFEST = "manifest.json";
    static final String DESIGN = "design.json";
    private static final Set<String> KNOWN_PARTS = Set.of("design", "training", "runs");
    private static final long MAX_ENTRY_BYTES = 2L * 1024 * 1024 * 1024 - 64;

    private ProjectFile() {}

    /** Saves the design alone (no training, no recordings). */
    public static void write(Path target, ProjectDocument doc) throws ProjectFileException {
        save(target, doc, null, List.of());
    }

    /**
     * Saves the design, the trained state of its run if any, and recorded runs.
     *
     * @param checkpoint the run to resume later ({@code TrainingSession#checkpoint}, taken
     *                   between steps), or null
     * @param runs       recorded telemetry, oldest first (may be empty)
     * @return what will not load with this design (trained weights whose layer was removed or
     *         changed since training); saved anyway, and reported again when the file opens
     * @throws ProjectFileException if the file could not be written or the thread was
     *                              interrupted (a cancelled save); the target is then unchanged
     */
    public static List<String> save(Path target, ProjectDocument doc, TrainingCheckpoint checkpoint, List<RunRecording> runs)
            throws ProjectFileException {
        ObjectMapper json = SpecJson.mapper();
        List<String> warnings = checkpoint == null ? List.of() : fit(doc, checkpoint);
        try {
            ObjectNode manifest = json.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("formatVersion", FORMAT_VERSION);
            manifest.put("createdBy", "ResLab");
            ObjectNode parts = manifest.putObject("parts");
            parts.put("design", DESIGN);
            ObjectNode design = json.createObjectNode();
            design.put("name", doc.name());
            design.set("network", json.valueToTree(doc.network()));
            design.set("layout", json.valueToTree(doc.layout()));
            design.set("collapsedBlocks", json.valueToTree(doc.collapsedBlocks()));
            if (doc.dataset() != null) design.put("dataset", doc.dataset());

            Map<String, CheckpointCodec.Part> entries = new LinkedHashMap<>();
            entries.put(MANIFEST, null);                                  // made last, written first
            byte[] designBytes = json.writeValueAsBytes(design);
            entries.put(DESIGN, () -> designBytes);
            if (checkpoint != null) {
                parts.put("training", CheckpointCodec.JSON);
                entries.putAll(CheckpointCodec.write(checkpoint));
            }
            ArrayNode runList = parts.putArray("runs");
            for (int k = 0; k < runs.size(); k++) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("cancelled");
                RecordingCodec.write(k, runs.get(k)).forEach((name, bytes) -> entries.put(name, () -> bytes));
                runList.add(RecordingCodec.jsonName(k));
            }
            byte[] manifestBytes = json.writeValueAsBytes(manifest);
            entries.put(MANIFEST, () -> manifestBytes);
            AtomicFile.write(target, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.setLevel(Deflater.BEST_SPEED);
                for (Map.Entry<String, CheckpointCodec.Part> e : entries.entrySet()) {
                    if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("cancelled");
                    putEntry(zip, e.getKey(), e.getValue().bytes());
                }
                zip.finish();
            });
        } catch (InterruptedIOException e) {
            throw new ProjectFileException(target, "was not saved: saving was cancelled", e);
        } catch (IOException e) {
            throw new ProjectFileException(target, "could not be saved: " + describe(e), e);
        }
        return warnings;
    }

    /** Trained tensors of the checkpoint that the document's design has no place for. */
    private static List<String> fit(ProjectDocument doc, TrainingCheckpoint c) {
        List<String> problems = new ArrayList<>();
        DesignTensors expected = DesignTensors.of(doc.network()).orElse(null);
        if (expected == null) {
            problems.add("the design is not valid, so its trained weights cannot be matched to its layers");
            return problems;
        }
        check(c.parameters(), expected.parameters(), "trained weights", problems);
        check(c.layerState(), expected.state(), "running statistics", problems);
        return problems;
    }

    private static void check(Map<String, INDArray> saved, Map<String, long[]> expected, String what, List<String> problems) {
        for (Map.Entry<String, INDArray> e : saved.entrySet()) {
            long[] shape = expected.get(e.getKey());
            if (shape == null) {
                problems.add(what + " " + e.getKey() + " belong to no layer of the design");
            } else if (!Arrays.equals(shape, e.getValue().shape())) {
                problems.add(what + " " + e.getKey() + " are " + Arrays.toString(e.getValue().shape())
                        + " but the design needs " + Arrays.toString(shape));
            }
        }
    }

    /** The design of a project file, without reading its training or recordings. */
    public static ProjectDocument read(Path file) throws ProjectFileException {
        return open(file, false).document();
    }

    /**
     * Everything the file holds that this version can read: the design (required), the saved
     * training and the recorded runs, with a warning for each thing it could not read or load.
     *
     * @throws ProjectFileException if the file is missing, not a project, or its design cannot be read
     */
    public static ProjectContents open(Path file) throws ProjectFileException {
        return open(file, true);
    }

    private static ProjectContents open(Path file, boolean everything) throws ProjectFileException {
        Entries read = readEntries(file, everything);
        Map<String, byte[]> entries = read.entries();
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) throw new ProjectFileException(file, "is not a ResLab project (it has no manifest)");
        JsonNode manifest = parse(file, MANIFEST, manifestBytes);
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new ProjectFileException(file, "is not a ResLab project (its manifest names format '"
                    + manifest.path("format").asText() + "')");
        }
        int version = manifest.path("formatVersion").asInt(-1);
        if (version < 1) throw new ProjectFileException(file, "has a damaged manifest (no format version)");
        List<String> warnings = new ArrayList<>();
        if (read.damage() != null) warnings.add(read.damage());
        String newer = version > FORMAT_VERSION ? "was made by a newer version of ResLab (file format " + version
                + "; this version reads up to " + FORMAT_VERSION + ")" : null;
        if (newer != null) warnings.add("the file " + newer + ": opened what this version understands");
        JsonNode parts = manifest.path("parts");
        ProjectDocument doc;
        try {
            doc = design(file, entries, parts.path("design").asText(DESIGN));
        } catch (ProjectFileException e) {
            if (read.damage() != null) throw new ProjectFileException(file, "is damaged or truncated, and its design is lost ("
                    + read.damage() + ")", e);
            if (newer == null) throw e;
            String why = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw new ProjectFileException(file, newer + " and its design cannot be read here (" + why
                    + "). Please update ResLab to open it.", e);
        }
        parts.fieldNames().forEachRemaining(p -> {
            if (!KNOWN_PARTS.contains(p)) warnings.add("the file has a part this version does not read ('" + p + "'): left out");
        });
        if (!everything) return new ProjectContents(doc, Optional.empty(), List.of(), warnings, version);

        CheckpointCodec.Entries reader = entries::get;
        Optional<TrainingCheckpoint> checkpoint = Optional.empty();
        String training = parts.path("training").asText(null);
        if (training != null) checkpoint = training(doc, training, entries, reader, warnings);
        List<RunRecording> runs = new ArrayList<>();
        int k = 0;
        for (JsonNode name : parts.path("runs")) {
            k++;
            byte[] bytes = entries.get(name.asText());
            if (bytes == null) {
                warnings.add("recorded run " + k + " (" + name.asText() + ") is missing from the file: not shown");
                continue;
            }
            try {
                runs.add(RecordingCodec.read(SpecJson.mapper().readTree(bytes), reader, warnings));
            } catch (IOException | RuntimeException e) {
                warnings.add("recorded run " + k + " could not be read (" + firstLine(e.getMessage()) + "): not shown");
            }
        }
        return new ProjectContents(doc, checkpoint, runs, warnings, version);
    }

    private static Optional<TrainingCheckpoint> training(ProjectDocument doc, String name, Map<String, byte[]> entries,
                                                         CheckpointCodec.Entries reader, List<String> warnings) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            warnings.add("the saved training (" + name + ") is missing from the file: the network starts untrained");
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = SpecJson.mapper().readTree(bytes);
            if (root == null || !root.isObject()) throw new IOException("not a JSON object");
        } catch (IOException e) {
            warnings.add("the saved training (" + name + ") is damaged (" + firstLine(e.getMessage())
                    + "): the network starts untrained");
            return Optional.empty();
        }
        Optional<DesignTensors> expected = DesignTensors.of(doc.network());
        if (expected.isEmpty()) {
            warnings.add("the design is not valid, so its saved weights cannot be matched to its layers: not loaded");
            return Optional.empty();
        }
        return CheckpointCodec.read(root, reader, expected.get(), warnings);
    }

    private static ProjectDocument design(Path file, Map<String, byte[]> entries, String designName) throws ProjectFileException {
        ObjectMapper json = SpecJson.mapper();
        byte[] designBytes = entries.get(designName);
        if (designBytes == null) throw new ProjectFileException(file, "is incomplete: the design (" + designName + ") is missing");
        JsonNode design = parse(file, designName, designBytes);
        try {
            NetworkSpec network = json.treeToValue(design.path("network"), NetworkSpec.class);
            if (network == null || network.nodes() == null) {
                throw new ProjectFileException(file, "is damaged: the design has no network");
            }
            Map<String, ProjectDocument.NodePosition> layout = new HashMap<>();
            design.path("layout").fields().forEachRemaining(f -> layout.put(f.getKey(),
                    new ProjectDocument.NodePosition(f.getValue().path("x").asDouble(), f.getValue().path("y").asDouble())));
            List<String> collapsed = new ArrayList<>();
            design.path("collapsedBlocks").forEach(n -> collapsed.add(n.asText()));
            String name = design.path("name").asText(network.name());
            String dataset = design.hasNonNull("dataset") ? design.get("dataset").asText() : null;
            return new ProjectDocument(name, network, layout, collapsed, dataset);
        } catch (InvalidTypeIdException e) {
            throw new ProjectFileException(file, "uses a layer type this version does not know ('" + e.getTypeId()
                    + "'); it was probably made by a newer ResLab", e);
        } catch (JsonProcessingException e) {
            throw new ProjectFileException(file, "has a damaged design: " + firstLine(e.getOriginalMessage())
                    + where(e.getLocation()), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProjectFileException(file, "has a damaged design: " + e.getMessage(), e);
        }
    }

    /** The zip's entries; {@code damage} says where reading stopped early, or is null. */
    private record Entries(Map<String, byte[]> entries, String damage) {}

    /**
     * Reads every entry up to the first damaged one: a truncated file or one with a bad
     * checksum still yields the parts before the damage.
     */
    private static Entries readEntries(Path file, boolean tensors) throws ProjectFileException {
        Map<String, byte[]> entries = new HashMap<>();
        String damage = null;
        String current = null;
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory() || (!tensors && e.getName().endsWith(".npy"))) continue;
                current = e.getName();
                byte[] bytes = readLimited(zip, file, current);
                entries.put(current, bytes);
                current = null;
            }
        } catch (NoSuchFileException e) {
            throw new ProjectFileException(file, "does not exist", e);
        } catch (ZipException | java.io.EOFException e) {
            if (entries.isEmpty()) throw new ProjectFileException(file, "is damaged or truncated (" + describe(e) + ")", e);
            damage = "the file is damaged or truncated" + (current == null ? "" : " at " + current) + " (" + describe(e)
                    + "): the parts after that are lost";
        } catch (IOException e) {
            throw new ProjectFileException(file, "could not be read: " + describe(e), e);
        }
        if (entries.isEmpty()) throw new ProjectFileException(file, "is not a ResLab project (not a zip archive, or empty)");
        return new Entries(entries, damage);
    }

    private static byte[] readLimited(InputStream in, Path file, String name) throws IOException, ProjectFileException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_ENTRY_BYTES) throw new ProjectFileException(file, "part " + name + " is implausibly large");
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static JsonNode parse(Path file, String entry, byte[] bytes) throws ProjectFileException {
        try {
            JsonNode node = SpecJson.mapper().readTree(bytes);
            if (node == null || !node.isObject()) throw new ProjectFileException(file, entry + " is empty or not a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw new ProjectFileException(file, entry + " is damaged: " + firstLine(e.getOriginalMessage()) + where(e.getLocation()), e);
        } catch (IOException e) {
            throw new ProjectFileException(file, entry + " could not be read: " + describe(e), e);
        }
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable JSON";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
