package reslab.app.project;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the project needs from training to save and reopen trained runs; the dashboard's
 * view-model provides it. Every method is called on the UI thread.
 */
public interface RunAccess {
    /** No training at all: designs only. */
    RunAccess NONE = new RunAccess() {
        @Override public CompletableFuture<Optional<SavedRun>> capture() { return CompletableFuture.completedFuture(Optional.empty()); }
        @Override public void resumeOnOpen(Optional<SavedRun> run, String dataset) { }
        @Override public String dataset() { return null; }
        @Override public boolean hasUnsavedRun() { return false; }
        @Override public void markSaved(Optional<SavedRun> run) { }
    };

    /**
     * The current run's state, copied on the training thread between steps; empty when nothing
     * has been trained since the design was loaded.
     */
    CompletableFuture<Optional<SavedRun>> capture();

    /**
     * Called just before an opened project's design replaces the current one: the run it
     * saved (if any) is what training continues from, on {@code dataset} (a catalogue id or null).
     */
    void resumeOnOpen(Optional<SavedRun> run, String dataset);

    /** The dataset the run trains on (a catalogue id), written into the project. */
    String dataset();

    /** The file now holds {@code run} (from {@link #capture}): training after it is unsaved again. */
    void markSaved(Optional<SavedRun> run);

    /** True when training has moved on since the last save or open: closing would lose it. */
    boolean hasUnsavedRun();
}
