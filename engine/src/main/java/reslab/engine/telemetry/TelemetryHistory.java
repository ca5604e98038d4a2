package reslab.engine.telemetry;

import java.util.ArrayList;
import java.util.List;

/**
 * The snapshots of the current run, oldest first, bounded: past the capacity the oldest
 * half is thinned to every second snapshot, so a long run keeps its whole shape.
 * Thread-safe: the trainer appends, the UI copies.
 */
public final class TelemetryHistory {
    private final int capacity;
    private final List<StepSnapshot> snapshots = new ArrayList<>();
    private long revision;

    public TelemetryHistory(int capacity) {
        if (capacity < 4) throw new IllegalArgumentException("capacity must be at least 4");
        this.capacity = capacity;
    }

    public synchronized void append(StepSnapshot s) {
        if (!snapshots.isEmpty() && snapshots.get(snapshots.size() - 1).runId() != s.runId()) {
            snapshots.clear();
        }
        if (!snapshots.isEmpty() && snapshots.get(snapshots.size() - 1).preview()) {
            snapshots.remove(snapshots.size() - 1); // a preview is replaced by the real step
        }
        snapshots.add(s);
        if (snapshots.size() > capacity) thin();
        revision++;
    }

    public synchronized void clear() {
        snapshots.clear();
        revision++;
    }

    /** Increases on every change; lets a reader skip copying when nothing happened. */
    public synchronized long revision() {
        return revision;
    }

    public synchronized List<StepSnapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    /**
     * The snapshots a reader has not seen yet: those of run {@code runId} after step
     * {@code afterStep}, or the whole history if the current run is another one (the reader
     * then starts over). Previews are included.
     */
    public synchronized List<StepSnapshot> after(long runId, long afterStep) {
        if (snapshots.isEmpty()) return List.of();
        if (snapshots.get(snapshots.size() - 1).runId() != runId) return List.copyOf(snapshots);
        int i = snapshots.size();
        while (i > 0 && snapshots.get(i - 1).step() > afterStep) i--;
        return List.copyOf(snapshots.subList(i, snapshots.size()));
    }

    public synchronized int size() {
        return snapshots.size();
    }

    private void thin() {
        int half = snapshots.size() / 2;
        List<StepSnapshot> kept = new ArrayList<>(capacity);
        for (int i = 0; i < half; i += 2) kept.add(snapshots.get(i));
        kept.addAll(snapshots.subList(half, snapshots.size()));
        snapshots.clear();
        snapshots.addAll(kept);
    }
}
