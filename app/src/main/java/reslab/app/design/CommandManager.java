package reslab.app.design;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import reslab.engine.io.ProjectDocument;

/**
 * Every edit of the design goes through here as a named command. Documents are immutable,
 * so a command is remembered as (name, document before, document after) and undo/redo just
 * switch between them. Refuses re-entrant use: a command that triggers another while it runs
 * is a bug, not a feature (Scene Builder's JobManager does the same).
 */
public final class CommandManager {
    /** One step of the history. */
    public record Entry(Description description, ProjectDocument before, ProjectDocument after) {}

    /** A function from one design to the next that may refuse. */
    @FunctionalInterface
    public interface Edit {
        ProjectDocument apply(ProjectDocument d) throws DesignEdits.EditRefused;
    }

    private final ReadOnlyObjectWrapper<ProjectDocument> document = new ReadOnlyObjectWrapper<>(this, "document");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyBooleanWrapper modified = new ReadOnlyBooleanWrapper(this, "modified");
    private final ReadOnlyObjectWrapper<Description> undoDescription = new ReadOnlyObjectWrapper<>(this, "undoDescription");
    private final ReadOnlyObjectWrapper<Description> redoDescription = new ReadOnlyObjectWrapper<>(this, "redoDescription");
    private final Deque<Entry> undo = new ArrayDeque<>();
    private final Deque<Entry> redo = new ArrayDeque<>();
    private ProjectDocument saved;
    private boolean busy;

    public CommandManager(ProjectDocument initial) {
        reset(initial);
    }

    /**
     * Runs {@code edit} on the current design and records it. Returns false (and changes
     * nothing) if the edit leaves the design as it was.
     */
    public boolean execute(Description description, Edit edit) throws DesignEdits.EditRefused {
        if (busy) throw new IllegalStateException("a command ran while another was running: " + description.key());
        busy = true;
        try {
            ProjectDocument before = document.get();
            ProjectDocument after = edit.apply(before);
            if (after == null || after.equals(before)) return false;
            undo.push(new Entry(description, before, after));
            redo.clear();
            show(after);
            return true;
        } finally {
            busy = false;
        }
    }

    public void undo() {
        if (undo.isEmpty()) return;
        Entry e = undo.pop();
        redo.push(e);
        show(e.before());
    }

    public void redo() {
        if (redo.isEmpty()) return;
        Entry e = redo.pop();
        undo.push(e);
        show(e.after());
    }

    /** A new or opened project: the history starts over and the design counts as saved. */
    public void reset(ProjectDocument doc) {
        undo.clear();
        redo.clear();
        saved = doc;
        show(doc);
    }

    /** Like {@link #reset} but the design counts as not saved (a recovered autosave). */
    public void resetUnsaved(ProjectDocument doc) {
        undo.clear();
        redo.clear();
        saved = null;
        show(doc);
    }

    /** The current design was written to disk. */
    public void markSaved() {
        markSaved(document.get());
    }

    /** {@code doc} was saved (a save that ran in the background): edits made meanwhile stay unsaved. */
    public void markSaved(ProjectDocument doc) {
        saved = doc;
        modified.set(!Objects.equals(document.get(), saved));
    }

    /** Newest first. */
    public java.util.List<Entry> history() {
        return java.util.List.copyOf(undo);
    }

    private void show(ProjectDocument d) {
        document.set(d);
        revision.set(revision.get() + 1);
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoDescription.set(undo.isEmpty() ? null : undo.peek().description());
        redoDescription.set(redo.isEmpty() ? null : redo.peek().description());
        modified.set(!Objects.equals(d, saved));
    }

    public ProjectDocument current() { return document.get(); }
    public ReadOnlyObjectProperty<ProjectDocument> documentProperty() { return document.getReadOnlyProperty(); }
    /** Increases with every change of the shown design (edit, undo, redo, reset). */
    public ReadOnlyLongProperty revisionProperty() { return revision.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    /** True when the design differs from the last saved (or opened) one. */
    public ReadOnlyBooleanProperty modifiedProperty() { return modified.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Description> undoDescriptionProperty() { return undoDescription.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Description> redoDescriptionProperty() { return redoDescription.getReadOnlyProperty(); }
}
