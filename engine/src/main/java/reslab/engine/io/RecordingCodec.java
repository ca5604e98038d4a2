package reslab.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.telemetry.TelemetryMetric;

/**
 * One recorded run in a project file: {@code runs/<k>/recording.json} names the run, its
 * nodes, and the .npy columns next to it: {@code steps} (int64), {@code loss},
 * {@code accuracy}, {@code test_loss}, {@code test_accuracy} (float64, the run table),
 * {@code node_steps} (int64) and one float32 matrix [node rows, nodes] per metric that applies
 * anywhere, NaN where it does not (the node table).
 */
final class RecordingCodec {
    private RecordingCodec() {}

    static String jsonName(int k) {
        return "runs/" + k + "/recording.json";
    }

    static Map<String, byte[]> write(int k, RunRecording r) throws IOException {
        String dir = "runs/" + k + "/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        ObjectNode root = SpecJson.mapper().createObjectNode();
        root.put("runId", r.runId());
        root.put("network", r.network());
        root.put("label", r.label());
        int rows = r.rows();
        root.put("rows", rows);
        ObjectNode run = root.putObject("run");
        run.put("steps", put(files, dir + "steps.npy", Npy.of(r.steps(), rows)));
        run.put("loss", put(files, dir + "loss.npy", Npy.of(r.losses(), rows)));
        run.put("accuracy", put(files, dir + "accuracy.npy", Npy.of(r.accuracies(), rows)));
        run.put("test_loss", put(files, dir + "test_loss.npy", Npy.of(r.testLosses(), rows)));
        run.put("test_accuracy", put(files, dir + "test_accuracy.npy", Npy.of(r.testAccuracies(), rows)));
        ArrayNode nodes = root.putArray("nodes");
        for (RunRecording.Node n : r.nodes()) nodes.addObject().put("id", n.id()).put("kind", n.kind());
        int nodeRows = r.nodeRows(), width = r.nodes().size();
        root.put("nodeRows", nodeRows);
        ObjectNode table = root.putObject("nodeTable");
        table.put("steps", put(files, dir + "node_steps.npy", Npy.of(r.nodeSteps(), nodeRows)));
        ObjectNode metrics = table.putObject("metrics");
        for (TelemetryMetric m : TelemetryMetric.values()) {
            boolean any = false;
            for (int n = 0; n < width; n++) any |= r.has(m, n);
            if (!any) continue;
            float[] matrix = new float[nodeRows * width];              // [row, node], row-major
            for (int n = 0; n < width; n++) {
                float[] c = r.series(m, n);
                for (int row = 0; row < nodeRows; row++) matrix[row * width + n] = c[row];
            }
            metrics.put(m.id(), put(files, dir + m.id() + ".npy", Npy.of(matrix, nodeRows, width)));
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        ordered.put(jsonName(k), SpecJson.mapper().writeValueAsBytes(root));
        ordered.putAll(files);
        return ordered;
    }

    private static String put(Map<String, byte[]> files, String name, byte[] bytes) {
        files.put(name, bytes);
        return name;
    }

    /** @throws IOException saying what is missing or damaged; unknown metrics only add a warning */
    static RunRecording read(JsonNode root, CheckpointCodec.Entries entries, List<String> warnings) throws IOException {
        int rows = root.path("rows").asInt(-1), nodeRows = root.path("nodeRows").asInt(-1);
        if (rows < 0 || nodeRows < 0) throw new IOException("its row counts are missing");
        JsonNode run = root.path("run");
        long[] steps = array(entries, run, "steps", "i8", rows).longs();
        double[] loss = array(entries, run, "loss", "f8", rows).doubles();
        double[] acc = array(entries, run, "accuracy", "f8", rows).doubles();
        double[] testLoss = array(entries, run, "test_loss", "f8", rows).doubles();
        double[] testAcc = array(entries, run, "test_accuracy", "f8", rows).doubles();
        List<RunRecording.Node> nodes = new ArrayList<>();
        for (JsonNode n : root.path("nodes")) {
            if (!n.hasNonNull("id")) throw new IOException("a node has no id");
            nodes.add(new RunRecording.Node(n.get("id").asText(), n.path("kind").asText("")));
        }
        int width = nodes.size();
        JsonNode table = root.path("nodeTable");
        long[] nodeSteps = array(entries, table, "steps", "i8", nodeRows).longs();
        float[][][] columns = new float[TelemetryMetric.values().length][width][];
        Iterator<Map.Entry<String, JsonNode>> it = table.path("metrics").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            TelemetryMetric m = TelemetryMetric.byId(e.getKey()).orElse(null);
            if (m == null) {
                warnings.add("recorded metric '" + e.getKey() + "' is unknown to this version: not shown");
                continue;
            }
            float[] matrix = array(entries, table.path("metrics"), e.getKey(), "f4", nodeRows, width).floats();
            for (int n = 0; n < width; n++) {
                float[] c = new float[nodeRows];
                boolean any = false;
                for (int row = 0; row < nodeRows; row++) {
                    c[row] = matrix[row * width + n];
                    any |= !Float.isNaN(c[row]);
                }
                columns[m.ordinal()][n] = any ? c : null;
            }
        }
        try {
            return RunRecording.fromColumns(root.path("runId").asLong(0), root.path("network").asText(""),
                    root.path("label").asText(""), steps, loss, acc, testLoss, testAcc, nodes, nodeSteps, columns);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Npy.Array array(CheckpointCodec.Entries entries, JsonNode index, String field, String type, long... shape)
            throws IOException {
        String name = index.path(field).asText(null);
        if (name == null) throw new IOException("its column '" + field + "' is not listed");
        byte[] bytes = entries.get(name);
        if (bytes == null) throw new IOException("its column " + name + " is missing");
        Npy.Array a;
        try {
            a = Npy.read(bytes);
        } catch (IOException e) {
            throw new IOException("its column " + name + " is damaged: " + e.getMessage(), e);
        }
        if (!a.type().equals(type) || !Arrays.equals(a.shape(), shape)) {
            throw new IOException("its column " + name + " is " + a.type() + " " + Arrays.toString(a.shape()) + ", expected "
                    + type + " " + Arrays.toString(shape));
        }
        return a;
    }
}
