package reslab.engine.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import reslab.engine.spec.NetworkSpec;

/**
 * The ResLab project file ({@code .reslab}): a zip with a versioned {@code manifest.json}
 * that names the parts, and {@code design.json}. Writing goes to a temporary file in the same
 * folder, which then replaces the target: a crash never leaves a half-written project.
 * Reading checks everything before returning, so a bad file leaves the caller's state alone.
 */
public final class ProjectFile {
    public static final String EXTENSION = ".reslab";
    public static final String FORMAT = "reslab-project";
    /** The newest format this version writes and reads. */
    public static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String DESIGN = "design.json";
    private static final long MAX_ENTRY_BYTES = 512L * 1024 * 1024;

    private ProjectFile() {}

    public static void write(Path target, ProjectDocument doc) throws ProjectFileException {
        ObjectMapper json = SpecJson.mapper();
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
        try {
            ObjectNode manifest = json.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("formatVersion", FORMAT_VERSION);
            manifest.put("createdBy", "ResLab");
            manifest.putObject("parts").put("design", DESIGN);
            ObjectNode design = json.createObjectNode();
            design.put("name", doc.name());
            design.set("network", json.valueToTree(doc.network()));
            design.set("layout", json.valueToTree(doc.layout()));
            design.set("collapsedBlocks", json.valueToTree(doc.collapsedBlocks()));
            if (doc.dataset() != null) design.put("dataset", doc.dataset());
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                putEntry(zip, MANIFEST, json.writeValueAsBytes(manifest));
                putEntry(zip, DESIGN, json.writeValueAsBytes(design));
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the .part file is hidden; nothing else to do
            }
            throw new ProjectFileException(target, "could not be saved: " + describe(e), e);
        }
    }

    public static ProjectDocument read(Path file) throws ProjectFileException {
        Map<String, byte[]> entries = readEntries(file);
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) throw new ProjectFileException(file, "is not a ResLab project (it has no manifest)");
        ObjectMapper json = SpecJson.mapper();
        JsonNode manifest = parse(file, MANIFEST, manifestBytes);
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new ProjectFileException(file, "is not a ResLab project (its manifest names format '"
                    + manifest.path("format").asText() + "')");
        }
        int version = manifest.path("formatVersion").asInt(-1);
        if (version < 1) throw new ProjectFileException(file, "has a damaged manifest (no format version)");
        if (version > FORMAT_VERSION) {
            throw new ProjectFileException(file, "was made by a newer version of ResLab (file format " + version
                    + "; this version reads up to " + FORMAT_VERSION + "). Please update ResLab to open it.");
        }
        String designName = manifest.path("parts").path("design").asText(DESIGN);
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
            java.util.List<String> collapsed = new java.util.ArrayList<>();
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

    private static Map<String, byte[]> readEntries(Path file) throws ProjectFileException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                entries.put(e.getName(), readLimited(zip, file, e.getName()));
            }
        } catch (NoSuchFileException e) {
            throw new ProjectFileException(file, "does not exist", e);
        } catch (ZipException | java.io.EOFException e) {
            throw new ProjectFileException(file, "is damaged or truncated (" + describe(e) + ")", e);
        } catch (IOException e) {
            throw new ProjectFileException(file, "could not be read: " + describe(e), e);
        }
        if (entries.isEmpty()) throw new ProjectFileException(file, "is not a ResLab project (not a zip archive, or empty)");
        return entries;
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
