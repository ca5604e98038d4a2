package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

class RunRecordingTest {
    /** Snapshots of a real run of a residual chain (Add nodes have the shortcut split, ReLUs the dead fraction). */
    static List<StepSnapshot> run(int steps, boolean preview) {
        Template t = Templates.find("chain-relu-4-residual").orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), DatasetCatalog.load("spirals").orElseThrow(),
                t.training().withBatchSize(32).withEvalEvery(5), 4);
        List<StepSnapshot> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            if (preview) out.add(s.preview());
            out.add(s.step());
        }
        return out;
    }

    /** A snapshot with only a loss: what telemetry-off runs publish. */
    static StepSnapshot bare(long step, double loss) {
        return new StepSnapshot(1, step, loss, 0.5, false, List.of());
    }

    @Test
    void aRecordingReplaysEveryStepWithTheLossesExactAndTheNodeNumbersAsFloats() {
        List<StepSnapshot> snaps = run(12, false);
        RunRecording r = RunRecording.of("chain", "residual", snaps);
        assertEquals(12, r.rows());
        assertEquals(12, r.nodeRows());
        assertEquals(4, r.runId());
        for (int i = 0; i < snaps.size(); i++) {
            StepSnapshot want = snaps.get(i), got = r.snapshot(i);
            assertEquals(want.step(), got.step());
            assertEquals(want.loss(), got.loss(), 0.0);
            assertEquals(want.accuracy(), got.accuracy(), 0.0);
            assertEquals(want.testLoss(), got.testLoss(), 0.0);         // NaN == NaN for assertEquals
            assertEquals(want.nodes().size(), got.nodes().size());
            for (int n = 0; n < want.nodes().size(); n++) {
                NodeTelemetry a = want.nodes().get(n), b = got.nodes().get(n);
                assertEquals(a.node(), b.node());
                assertEquals(a.kind(), b.kind());
                for (TelemetryMetric m : TelemetryMetric.values()) {
                    assertEquals((float) m.of(a), (float) m.of(b), 0f, a.node() + " " + m.id() + " at step " + i);
                }
            }
        }
    }

    @Test
    void columnsExistOnlyWhereAMetricApplies() {
        RunRecording r = RunRecording.of("chain", "", run(3, false));
        int dense = r.indexOf("dense1"), relu = r.indexOf("relu1"), add = r.indexOf("add1");
        assertTrue(r.has(TelemetryMetric.WEIGHT_GRAD_NORM, dense));
        assertFalse(r.has(TelemetryMetric.WEIGHT_GRAD_NORM, relu));
        assertTrue(r.has(TelemetryMetric.DEAD_FRAC, relu));
        assertFalse(r.has(TelemetryMetric.DEAD_FRAC, dense));
        assertTrue(r.has(TelemetryMetric.SHORTCUT_GRAD_RMS, add));
        assertFalse(r.has(TelemetryMetric.GATE, add));
        assertTrue(Float.isNaN(r.value(TelemetryMetric.GATE, add, 0)));
    }

    @Test
    void aPreviewIsReplacedByTheStepThatFollowsIt() {
        List<StepSnapshot> snaps = run(4, true);
        RunRecording r = RunRecording.of("chain", "", snaps);
        assertEquals(4, r.rows());
        assertEquals(4, r.nodeRows());
        for (int i = 0; i < 4; i++) {
            StepSnapshot real = snaps.get(2 * i + 1);
            assertEquals(real.loss(), r.loss(i), 0.0);
            // the preview has no update; the step does: the recorded row is the step's
            assertFalse(Float.isNaN(r.value(TelemetryMetric.UPDATE_RATIO, r.indexOf("dense1"), i)));
        }
    }

    @Test
    void aRecordingHoldsOneRun() {
        RunRecording.Recorder rec = new RunRecording.Recorder("x", "");
        rec.append(bare(0, 1));
        rec.append(bare(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rec.append(bare(1, 0.5)));
        assertTrue(e.getMessage().contains("one run"), e.getMessage());
    }

    @Test
    void aLongRunKeepsItsWholeShapeWithinTheCapacity() {
        RunRecording.Recorder rec = new RunRecording.Recorder("x", "", 16, 8);
        for (int s = 0; s < 1000; s++) rec.append(bare(s, 1.0 / (s + 1)));
        RunRecording r = rec.recording();
        assertTrue(r.rows() <= 16 && r.rows() >= 8, "rows " + r.rows());
        assertEquals(0, r.step(0), "the first step stays");
        assertEquals(999, r.step(r.rows() - 1), "the last step stays");
        for (int i = 0; i < r.rows(); i++) assertEquals(1.0 / (r.step(i) + 1), r.loss(i), 0.0, "loss kept exactly");
        for (int i = 1; i < r.rows(); i++) assertTrue(r.step(i) > r.step(i - 1));
        // recent steps are denser than old ones
        assertTrue(r.step(r.rows() - 1) - r.step(r.rows() - 2) < r.step(1) - r.step(0));
    }

    @Test
    void theNodeTableIsBoundedToo() {
        List<StepSnapshot> snaps = run(40, false);
        RunRecording.Recorder rec = new RunRecording.Recorder("x", "", 64, 10);
        snaps.forEach(rec::append);
        RunRecording r = rec.recording();
        assertEquals(40, r.rows());
        assertTrue(r.nodeRows() <= 10, "node rows " + r.nodeRows());
        assertEquals(39, r.nodeStep(r.nodeRows() - 1));
        StepSnapshot last = r.snapshot(r.nodeRows() - 1);
        assertEquals(snaps.get(39).loss(), last.loss(), 0.0);
    }

    @Test
    void aResumedRunGoesOnInTheSameRecording() {
        List<StepSnapshot> snaps = run(10, false);
        RunRecording first = RunRecording.of("chain", "a", snaps.subList(0, 6));
        RunRecording.Recorder rec = new RunRecording.Recorder(first);
        snaps.subList(6, 10).forEach(rec::append);
        RunRecording whole = rec.recording(), direct = RunRecording.of("chain", "a", snaps);
        assertEquals(direct.rows(), whole.rows());
        assertEquals(direct.nodeRows(), whole.nodeRows());
        for (int i = 0; i < direct.rows(); i++) assertEquals(direct.loss(i), whole.loss(i), 0.0);
        for (TelemetryMetric m : TelemetryMetric.values()) {
            for (int n = 0; n < direct.nodes().size(); n++) {
                assertEquals(java.util.Arrays.toString(direct.series(m, n)), java.util.Arrays.toString(whole.series(m, n)));
            }
        }
    }
}
