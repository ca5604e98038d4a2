package reslab.app.shell;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import reslab.app.i18n.Messages;
import reslab.engine.io.ProjectFile;

/** The real dialogs: the system file chooser and JavaFX alerts, in the UI's language. */
public final class SystemDialogs implements FileDialogs, Confirmations {
    private final Window owner;
    private final Messages m;
    private File lastFolder;
    private File lastExportFolder;

    public SystemDialogs(Window owner, Messages messages) {
        this.owner = owner;
        this.m = messages;
    }

    private FileChooser chooser(String titleKey) {
        FileChooser c = new FileChooser();
        c.setTitle(m.get(titleKey));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(m.get("file.filter"), "*" + ProjectFile.EXTENSION));
        if (lastFolder != null && lastFolder.isDirectory()) c.setInitialDirectory(lastFolder);
        return c;
    }

    @Override
    public Optional<Path> chooseProjectToOpen() {
        File f = chooser("file.open.title").showOpenDialog(owner);
        if (f != null) lastFolder = f.getParentFile();
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseProjectToSave(String suggestedName) {
        FileChooser c = chooser("file.save.title");
        c.setInitialFileName(suggestedName + ProjectFile.EXTENSION);
        File f = c.showSaveDialog(owner);
        if (f != null) lastFolder = f.getParentFile();
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseExportTarget(FileType type, String suggestedName) {
        FileChooser c = new FileChooser();
        c.setTitle(m.get("export.dialog.title"));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(type.description(), "*." + type.extension()));
        File folder = lastExportFolder != null ? lastExportFolder : lastFolder;
        if (folder != null && folder.isDirectory()) c.setInitialDirectory(folder);
        c.setInitialFileName(suggestedName + "." + type.extension());
        File f = c.showSaveDialog(owner);
        if (f == null) return Optional.empty();
        lastExportFolder = f.getParentFile();
        // Some systems' dialogs return the name as typed, without the filter's extension.
        String name = f.getName();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith("." + type.extension())) f = new File(f.getParentFile(), name + "." + type.extension());
        return Optional.of(f.toPath());
    }

    @Override
    public UnsavedChoice unsavedChanges(String projectName) {
        ButtonType save = new ButtonType(m.get("unsaved.save"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(m.get("unsaved.discard"), ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType(m.get("unsaved.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, m.format("unsaved.message", projectName), save, discard, cancel);
        a.initOwner(owner);
        a.setTitle(m.get("unsaved.title"));
        a.setHeaderText(null);
        ButtonType r = a.showAndWait().orElse(cancel);
        return r == save ? UnsavedChoice.SAVE : r == discard ? UnsavedChoice.DISCARD : UnsavedChoice.CANCEL;
    }

    @Override
    public void error(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        // Tall enough for every line: some desktops otherwise cut a long message to one line and "...".
        a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        a.showAndWait();
    }

    @Override
    public boolean restoreRecovery(String savedAt) {
        ButtonType restore = new ButtonType(m.get("recovery.restore"), ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(m.get("recovery.discard"), ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, m.format("recovery.message", savedAt), restore, discard);
        a.initOwner(owner);
        a.setTitle(m.get("recovery.title"));
        a.setHeaderText(m.get("recovery.header"));
        return a.showAndWait().orElse(discard) == restore;
    }
}
