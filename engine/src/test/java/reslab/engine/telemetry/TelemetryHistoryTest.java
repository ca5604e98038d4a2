package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryHistoryTest {
    private static StepSnapshot snap(long run, long step, boolean preview) {
        return new StepSnapshot(run, step, 1.0 / (step + 1), 0.5, preview, List.of());
    }

    @Test
    void aPreviewIsReplacedByTheRealStep() {
        TelemetryHistory h = new TelemetryHistory(100);
        h.append(snap(1, 0, true));
        h.append(snap(1, 0, false));
        h.append(snap(1, 1, false));
        assertEquals(List.of(snap(1, 0, false), snap(1, 1, false)), h.snapshots());
    }

    @Test
    void aNewRunStartsAFreshHistory() {
        TelemetryHistory h = new TelemetryHistory(100);
        h.append(snap(1, 0, false));
        h.append(snap(1, 1, false));
        h.append(snap(2, 0, true));
        assertEquals(List.of(snap(2, 0, true)), h.snapshots());
    }

    @Test
    void pastCapacityTheOldHalfIsThinnedKeepingTheEnds() {
        TelemetryHistory h = new TelemetryHistory(10);
        for (long s = 0; s < 1000; s++) h.append(snap(1, s, false));
        List<StepSnapshot> kept = h.snapshots();
        assertTrue(kept.size() <= 10, "size " + kept.size());
        assertEquals(0, kept.get(0).step(), "the start of the run stays");
        assertEquals(999, kept.get(kept.size() - 1).step(), "the newest step stays");
        for (int i = 1; i < kept.size(); i++) assertTrue(kept.get(i).step() > kept.get(i - 1).step(), "in order");
    }

    @Test
    void revisionChangesOnEveryAppendAndClear() {
        TelemetryHistory h = new TelemetryHistory(10);
        long r0 = h.revision();
        h.append(snap(1, 0, false));
        long r1 = h.revision();
        h.clear();
        assertTrue(r1 > r0 && h.revision() > r1);
        assertEquals(0, h.size());
    }
}
