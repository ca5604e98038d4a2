package reslab.app.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import reslab.app.design.CommandManager;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.ProjectFile;
import reslab.engine.io.ProjectFileException;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.telemetry.StepSnapshot;

/**
 * The open project: its design (through the {@link CommandManager}), its trained run (through
 * {@link RunAccess}), its file, recent files and autosave. Saving and opening run off the UI
 * thread and finish in {@link #onFrame}. Opening checks the whole file before anything changes, so a bad file leaves
 * the current design untouched. Autosave writes a recovery copy off the UI thread; a clean
 * close deletes it, so finding one at start means the last session ended abruptly.
 */
public final class ProjectViewModel implements AutoCloseable {
    public static final int MAX_RECENT = 8;
    static final String RECOVERY_FILE = "autosave" + ProjectFile.EXTENSION;
    static final String RECOVERY_ORIGIN = "autosave.origin";

    private final CommandManager commands;
    private final ProjectStore store;
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reslab-files");
        t.setDaemon(true);
        return t;
    });
    private ProjectDocument lastAutosaved;
    private RunAccess run = RunAccess.NONE;
    private Pending pending;
    private final javafx.beans.property.ReadOnlyBooleanWrapper busy = new javafx.beans.property.ReadOnlyBooleanWrapper(this, "busy");

    public ProjectViewModel(CommandManager commands, ProjectStore store) {
        this.commands = commands;
        this.store = store;
        recent.setAll(store.recentFiles());
    }

    /** A fresh design (after the caller asked about unsaved changes). */
    public void newProject(ProjectDocument blank) {
        commands.reset(blank);
        file.set(null);
    }

    /** Connects training, so saves include the trained run and opening continues it. */
    public void setRunAccess(RunAccess access) {
        this.run = access == null ? RunAccess.NONE : access;
    }

    /**
     * Opens a file: read and checked off the UI thread, then (in {@link #onFrame}) the design
     * replaces the current one and training continues the saved run. The future completes on
     * the UI thread with what the file lacked (empty if nothing), or fails with a
     * {@link ProjectFileException} and nothing changed.
     */
    public CompletableFuture<List<String>> open(Path path) {
        return begin(CompletableFuture.supplyAsync(() -> {
            try {
                return ProjectFile.open(path);
            } catch (ProjectFileException e) {
                throw new CompletionException(e);
            }
        }, writer).thenApply(contents -> {
            Optional<SavedRun> saved = contents.checkpoint().map(cp -> new SavedRun(cp, contents.runs(),
                    replayOf(contents.runs()), -1));
            return new Finished(() -> {
                run.resumeOnOpen(saved, contents.document().dataset());
                commands.reset(contents.document());
                file.set(path);
                remember(path);
            }, contents.warnings());
        }), path);
    }

    /** The last recorded run as snapshots, for curves and replay after reopening. */
    private static List<StepSnapshot> replayOf(List<RunRecording> runs) {
        if (runs.isEmpty()) return List.of();
        RunRecording last = runs.get(runs.size() - 1);
        List<StepSnapshot> out = new ArrayList<>(last.nodeRows());
        for (int row = 0; row < last.nodeRows(); row++) out.add(last.snapshot(row));
        return out;
    }

    /**
     * Saves to the current file; empty if there is none yet (the caller asks for a name).
     * See {@link #saveAs}.
     */
    public Optional<CompletableFuture<List<String>>> save() {
        return file.get() == null ? Optional.empty() : Optional.of(saveAs(file.get()));
    }

    /**
     * Saves the design and, if one was trained, the run (weights, optimizer state, settings,
     * recordings): the run is copied on the training thread, the file written on a worker to a
     * temporary file and renamed. The future completes on the UI thread ({@link #onFrame}) with
     * what could not be saved (empty if nothing), or fails with the reason; a failed save
     * leaves the old file as it was.
     */
    public CompletableFuture<List<String>> saveAs(Path path) {
        Path target = path.getFileName().toString().endsWith(ProjectFile.EXTENSION) ? path
                : path.resolveSibling(path.getFileName() + ProjectFile.EXTENSION);
        ProjectDocument edited = commands.current();
        ProjectDocument doc = edited.withName(baseName(target)).withDataset(run.dataset() != null ? run.dataset() : edited.dataset());
        List<String> notes = new ArrayList<>();
        CompletableFuture<Optional<SavedRun>> captured = run.capture().exceptionally(e -> {
            // Weights that cannot be copied (the run failed to load) must not stop the design's save.
            notes.add("the trained weights were not saved: " + rootMessage(e));
            return Optional.empty();
        });
        return begin(captured.thenApplyAsync(r -> {
            try {
                List<String> warnings = new ArrayList<>(notes);
                warnings.addAll(ProjectFile.save(target, doc, r.map(SavedRun::checkpoint).orElse(null),
                        r.map(SavedRun::runs).orElse(List.of())));
                return new Finished(() -> {
                    file.set(target);
                    commands.markSaved(edited);
                    run.markSaved(r);
                    remember(target);
                }, warnings);
            } catch (ProjectFileException e) {
                throw new CompletionException(e);
            }
        }, writer), target);
    }

    /** Finishes saves and opens whose work is done; call once per frame on the UI thread. */
    public void onFrame() {
        if (pending == null || !pending.work().isDone()) return;
        Pending p = pending;
        pending = null;
        busy.set(false);
        try {
            Finished f = p.work().join();
            f.apply().run();
            p.result().complete(f.warnings());
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            p.result().completeExceptionally(cause instanceof ProjectFileException ? cause
                    : new ProjectFileException(p.file(), rootMessage(cause), cause));
        }
    }

    /** What a finished background task does on the UI thread, and its warnings. */
    private record Finished(Runnable apply, List<String> warnings) {}

    private record Pending(CompletableFuture<Finished> work, CompletableFuture<List<String>> result, Path file) {}

    private CompletableFuture<List<String>> begin(CompletableFuture<Finished> work, Path target) {
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        if (pending != null) {
            result.completeExceptionally(new ProjectFileException(target, "another save or open is still running"));
            return result;
        }
        pending = new Pending(work, result, target);
        busy.set(true);
        return result;
    }

    private static String rootMessage(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** True when closing would lose something: an unsaved design or training since the last save. */
    public boolean hasUnsavedWork() {
        return commands.modifiedProperty().get() || run.hasUnsavedRun();
    }

    /** Writes a recovery copy if the design changed since the last one. Returns the pending write, if any. */
    public Optional<Future<?>> autosave() {
        ProjectDocument doc = commands.current();
        if (writer.isShutdown() || !commands.modifiedProperty().get() || doc.equals(lastAutosaved)) return Optional.empty();
        lastAutosaved = doc;
        Path origin = file.get();
        Path folder = store.recoveryFolder();
        return Optional.of(writer.submit(() -> {
            try {
                Files.createDirectories(folder);
                ProjectFile.write(folder.resolve(RECOVERY_FILE), doc);
                Files.writeString(folder.resolve(RECOVERY_ORIGIN), origin == null ? "" : origin.toString());
            } catch (IOException | ProjectFileException e) {
                // Autosave is best effort; the next tick tries again.
                lastAutosaved = null;
            }
            return null;
        }));
    }

    /** A recovery copy left by a session that did not close cleanly. */
    public record Recovery(ProjectDocument document, Path origin, Instant savedAt) {}

    public Optional<Recovery> findRecovery() {
        Path f = store.recoveryFolder().resolve(RECOVERY_FILE);
        if (!Files.exists(f)) return Optional.empty();
        try {
            ProjectDocument doc = ProjectFile.read(f);
            Path originFile = store.recoveryFolder().resolve(RECOVERY_ORIGIN);
            String origin = Files.exists(originFile) ? Files.readString(originFile).trim() : "";
            return Optional.of(new Recovery(doc, origin.isEmpty() ? null : Path.of(origin),
                    Files.getLastModifiedTime(f).toInstant()));
        } catch (ProjectFileException | IOException e) {
            discardRecovery();
            return Optional.empty();
        }
    }

    /** Restores the recovered design as an unsaved change of its original file. */
    public void restore(Recovery r) {
        // Unsaved: the recovered design is newer than anything on disk.
        commands.resetUnsaved(r.document());
        file.set(r.origin());
        discardRecovery();
    }

    public void discardRecovery() {
        try {
            Files.deleteIfExists(store.recoveryFolder().resolve(RECOVERY_FILE));
            Files.deleteIfExists(store.recoveryFolder().resolve(RECOVERY_ORIGIN));
        } catch (IOException ignored) {
            // nothing to recover then
        }
    }

    /** A clean close: pending autosaves finish, then the recovery copy goes. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        discardRecovery();
    }

    private void remember(Path path) {
        List<Path> list = new ArrayList<>(recent);
        list.removeIf(p -> p.toAbsolutePath().equals(path.toAbsolutePath()));
        list.add(0, path.toAbsolutePath());
        while (list.size() > MAX_RECENT) list.remove(list.size() - 1);
        recent.setAll(list);
        store.setRecentFiles(list);
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(ProjectFile.EXTENSION) ? n.substring(0, n.length() - ProjectFile.EXTENSION.length()) : n;
    }

    public CommandManager commands() { return commands; }
    /** True while a save or open runs in the background. */
    public javafx.beans.property.ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Path> fileProperty() { return file.getReadOnlyProperty(); }
    public ObservableList<Path> recentFiles() { return recent; }
}
