package reslab.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.stage.Stage;
import reslab.app.i18n.Messages;
import reslab.app.project.ProjectStore;
import reslab.app.shell.Confirmations;
import reslab.app.shell.FileDialogs;

/**
 * Dialog answers for window tests: native file choosers cannot be driven headless, so a test
 * says beforehand which file the user "picks" and how they answer questions. Everything
 * else, including reading and writing the files, is real.
 */
public final class TestDialogs implements MainWindow.Dialogs, FileDialogs, Confirmations {
    public Path nextOpen;
    public Path nextSave;
    /** The file an export "chooses"; null cancels the dialog. */
    public Path nextExport;
    /** The file types exports asked for, in order. */
    public final List<FileType> exportTypes = new ArrayList<>();
    public UnsavedChoice unsavedAnswer = UnsavedChoice.DISCARD;
    public final List<String> errors = new ArrayList<>();

    @Override
    public FileDialogs files(Stage owner, Messages m) {
        return this;
    }

    @Override
    public Confirmations confirmations(Stage owner, Messages m) {
        return this;
    }

    @Override
    public Optional<Path> chooseProjectToOpen() {
        return Optional.ofNullable(nextOpen);
    }

    @Override
    public Optional<Path> chooseProjectToSave(String suggestedName) {
        return Optional.ofNullable(nextSave);
    }

    @Override
    public Optional<Path> chooseExportTarget(FileType type, String suggestedName) {
        exportTypes.add(type);
        return Optional.ofNullable(nextExport);
    }

    @Override
    public UnsavedChoice unsavedChanges(String projectName) {
        return unsavedAnswer;
    }

    @Override
    public void error(String title, String message) {
        errors.add(title + ": " + message);
    }

    @Override
    public boolean restoreRecovery(String savedAt) {
        return false;
    }

    /** A project store in a fresh temporary folder. */
    public static ProjectStore tempStore() {
        Path dir;
        try {
            dir = Files.createTempDirectory("reslab-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> recent = new ArrayList<>();
        return new ProjectStore() {
            public List<Path> recentFiles() { return List.copyOf(recent); }
            public void setRecentFiles(List<Path> files) { recent.clear(); recent.addAll(files); }
            public Path recoveryFolder() { return dir.resolve("recovery"); }
        };
    }
}
