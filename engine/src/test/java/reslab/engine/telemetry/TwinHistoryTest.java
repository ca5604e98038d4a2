package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwinHistoryTest {
    private static TwinSnapshot pair(long run, long step, boolean preview) {
        StepSnapshot a = new StepSnapshot(run, step, 1.0 / (step + 1), 0.5, preview, List.of());
        StepSnapshot b = new StepSnapshot(run, step, 2.0 / (step + 1), 0.6, preview, List.of());
        return new TwinSnapshot(run, step, preview, new TwinSnapshot.Run("plain", a, step, null),
                new TwinSnapshot.Run("residual", b, step, null));
    }

    @Test
    void aPreviewPairIsReplacedByTheRealStep() {
        TwinHistory h = new TwinHistory(100);
        h.append(pair(1, 0, true));
        h.append(pair(1, 0, false));
        h.append(pair(1, 1, false));
        assertEquals(List.of(pair(1, 0, false), pair(1, 1, false)), h.snapshots());
    }

    @Test
    void aNewRunStartsAFreshHistory() {
        TwinHistory h = new TwinHistory(100);
        h.append(pair(1, 0, false));
        h.append(pair(2, 0, true));
        assertEquals(List.of(pair(2, 0, true)), h.snapshots());
    }

    @Test
    void thinningKeepsBothRunsOfEachKeptStepAndTheEnds() {
        TwinHistory h = new TwinHistory(10);
        for (long s = 0; s < 1000; s++) h.append(pair(1, s, false));
        List<TwinSnapshot> kept = h.snapshots();
        assertTrue(kept.size() <= 10, "size " + kept.size());
        assertEquals(0, kept.get(0).step());
        assertEquals(999, kept.get(kept.size() - 1).step());
        for (int i = 0; i < kept.size(); i++) {
            TwinSnapshot p = kept.get(i);
            assertEquals(p.step(), p.a().snapshot().step());
            assertEquals(p.step(), p.b().snapshot().step());
            if (i > 0) assertTrue(p.step() > kept.get(i - 1).step());
        }
    }

    @Test
    void afterGivesOnlyWhatAReaderHasNotSeen() {
        TwinHistory h = new TwinHistory(100);
        for (long s = 0; s < 5; s++) h.append(pair(3, s, false));
        assertEquals(List.of(pair(3, 3, false), pair(3, 4, false)), h.after(3, 2));
        assertEquals(5, h.after(2, 4).size(), "another run: everything");
        long r = h.revision();
        h.clear();
        assertTrue(h.revision() > r);
        assertEquals(List.of(), h.after(3, 0));
    }
}
