package reslab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;

class TelemetryCsvTest {
    private static final double NA = Double.NaN;

    /** RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static List<List<String>> write(String nodeId) throws IOException {
        NodeTelemetry n = new NodeTelemetry(nodeId, "Tanh", NA, NA, NA, 0.25, NA, 0.0, 1.0, 0.5, NA);
        StringWriter w = new StringWriter();
        TelemetryCsv.writeHeader(w);
        TelemetryCsv.write(w, new StepSnapshot(1, 3, 0.7, 0.5, false, List.of(n)));
        return w.toString().lines().map(TelemetryCsvTest::fields).toList();
    }

    @Test
    void writesOneRowPerApplicableNumberAndSkipsTheRest() throws IOException {
        List<List<String>> rows = write("tanh1");
        assertEquals(List.of("step", "node", "metric", "value"), rows.get(0));
        assertEquals(List.of(
                List.of("3", "network", "loss", "0.7"),
                List.of("3", "network", "accuracy", "0.5"),
                List.of("3", "tanh1", "delta_rms", "0.25"),
                List.of("3", "tanh1", "act_mean", "0.0"),
                List.of("3", "tanh1", "act_std", "1.0"),
                List.of("3", "tanh1", "saturated_frac", "0.5")), rows.subList(1, rows.size()));
    }

    @Test
    void aGateWritesItsValueAndTheGradientSplit() throws IOException {
        NodeTelemetry n = new NodeTelemetry("gate1", "Gate", NA, NA, NA, 0.5, NA, 0.1, 1.0, NA, NA, 0.125, 0.25, 0.75);
        StringWriter w = new StringWriter();
        TelemetryCsv.write(w, new StepSnapshot(1, 4, 0.7, 0.5, false, List.of(n)));
        List<List<String>> rows = w.toString().lines().map(TelemetryCsvTest::fields).toList();
        assertEquals(List.of(
                List.of("4", "gate1", "shortcut_grad_rms", "0.125"),
                List.of("4", "gate1", "branch_grad_rms", "0.25"),
                List.of("4", "gate1", "gate", "0.75")), rows.subList(rows.size() - 3, rows.size()));
    }

    @Test
    void nodeNamesWithCommasOrQuotesStayOneField() throws IOException {
        String id = "block 1, \"main\" branch";
        for (List<String> row : write(id).subList(3, 7)) {
            assertEquals(4, row.size(), row.toString());
            assertEquals(id, row.get(1));
        }
    }

    /** The CSV of a saved recording is the CSV the run wrote live: the same rows, node numbers at float precision. */
    @Test
    void aRecordingWritesTheCsvTheRunWroteLive() throws IOException {
        reslab.engine.zoo.Template t = reslab.engine.zoo.Templates.find("chain-tanh-3-residual").orElseThrow();
        reslab.engine.train.TrainingSession s = new reslab.engine.train.TrainingSession(t.spec(),
                reslab.engine.data.DatasetCatalog.load("spirals").orElseThrow(), t.training().withEvalEvery(4), 1);
        StringWriter live = new StringWriter();
        List<StepSnapshot> snaps = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            StepSnapshot snap = s.step();
            snaps.add(snap);
            TelemetryCsv.write(live, snap);
        }
        StringWriter replayed = new StringWriter();
        TelemetryCsv.write(replayed, reslab.engine.telemetry.RunRecording.of(t.id(), "", snaps));
        List<List<String>> a = live.toString().lines().map(TelemetryCsvTest::fields).toList();
        List<List<String>> b = replayed.toString().lines().map(TelemetryCsvTest::fields).toList();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).subList(0, 3), b.get(i).subList(0, 3), "row " + i);
            if (a.get(i).get(1).equals(TelemetryCsv.NETWORK)) {
                assertEquals(a.get(i).get(3), b.get(i).get(3), "loss and accuracy exactly, row " + i);
            } else {
                assertEquals((float) Double.parseDouble(a.get(i).get(3)), Float.parseFloat(b.get(i).get(3)), 0f, "row " + i);
            }
        }
    }
}
