package reslab.engine.telemetry;

import java.util.ArrayList;
import java.util.List;

/**
 * The paired snapshots of the current twin run, oldest first, bounded like
 * {@link TelemetryHistory}: past the capacity the oldest half is thinned to every second
 * pair, so a long run keeps its whole shape and both runs always keep the same steps.
 * Thread-safe: the trainer appends, the UI copies once per frame.
 */
public final class TwinHistory {
    private final int capacity;
    private final List<TwinSnapshot> pairs = new ArrayList<>();
    private long revision;

    public TwinHistory(int capacity) {
        if (capacity < 4) throw new IllegalArgumentException("capacity must be at least 4");
        this.capacity = capacity;
    }

    public synchronized void append(TwinSnapshot s) {
        if (!pairs.isEmpty() && pairs.get(pairs.size() - 1).runId() != s.runId()) pairs.clear();
        if (!pairs.isEmpty() && pairs.get(pairs.size() - 1).preview()) {
            pairs.remove(pairs.size() - 1); // a preview is replaced by the real step
        }
        pairs.add(s);
        if (pairs.size() > capacity) thin();
        revision++;
    }

    public synchronized void clear() {
        pairs.clear();
        revision++;
    }

    /** Increases on every change; lets a reader skip copying when nothing happened. */
    public synchronized long revision() {
        return revision;
    }

    public synchronized List<TwinSnapshot> snapshots() {
        return List.copyOf(pairs);
    }

    /**
     * The pairs a reader has not seen yet: those of run {@code runId} after step
     * {@code afterStep}, or the whole history if the current run is another one.
     */
    public synchronized List<TwinSnapshot> after(long runId, long afterStep) {
        if (pairs.isEmpty()) return List.of();
        if (pairs.get(pairs.size() - 1).runId() != runId) return List.copyOf(pairs);
        int i = pairs.size();
        while (i > 0 && pairs.get(i - 1).step() > afterStep) i--;
        return List.copyOf(pairs.subList(i, pairs.size()));
    }

    public synchronized int size() {
        return pairs.size();
    }

    private void thin() {
        int half = pairs.size() / 2;
        List<TwinSnapshot> kept = new ArrayList<>(capacity);
        for (int i = 0; i < half; i += 2) kept.add(pairs.get(i));
        kept.addAll(pairs.subList(half, pairs.size()));
        pairs.clear();
        pairs.addAll(kept);
    }
}
