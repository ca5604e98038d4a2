package reslab.app.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * The open project: its design (through the {@link CommandManager}), its file, recent files
 * and autosave. Opening checks the whole file before anything changes, so a bad file leaves
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
        Thread t = new Thread(r, "reslab-autosave");
        t.setDaemon(true);
        return t;
    });
    private ProjectDocument lastAutosaved;

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

    /** Opens a file; on any problem throws with a message and changes nothing. */
    public void open(Path path) throws ProjectFileException {
        ProjectDocument doc = ProjectFile.read(path);
        commands.reset(doc);
        file.set(path);
        remember(path);
    }

    /** Saves to the current file; false if there is none yet (the caller asks for a name). */
    public boolean save() throws ProjectFileException {
        if (file.get() == null) return false;
        saveAs(file.get());
        return true;
    }

    public void saveAs(Path path) throws ProjectFileException {
        Path target = path.getFileName().toString().endsWith(ProjectFile.EXTENSION) ? path
                : path.resolveSibling(path.getFileName() + ProjectFile.EXTENSION);
        ProjectDocument doc = commands.current();
        ProjectFile.write(target, doc.withName(baseName(target)));
        file.set(target);
        commands.markSaved();
        remember(target);
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
    public ReadOnlyObjectProperty<Path> fileProperty() { return file.getReadOnlyProperty(); }
    public ObservableList<Path> recentFiles() { return recent; }
}
