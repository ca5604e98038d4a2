package reslab.app.shell;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import reslab.app.AppViewModel;
import reslab.app.builder.BuilderView;
import reslab.app.design.Description;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;
import reslab.engine.io.ProjectFileException;

/**
 * The window's frame: menus and the Design / Train tabs. File commands ask about unsaved
 * changes first; a file that cannot be opened is reported and changes nothing.
 */
public final class ShellView {
    private final AppViewModel app;
    private final Messages m;
    private final ObjectProperty<Language> language;
    private final FileDialogs files;
    private final Confirmations confirm;
    private final Runnable quit;
    private BuilderView builder;

    @FXML private BorderPane root;
    @FXML private Menu recentMenu;
    @FXML private Menu languageMenu;
    @FXML private MenuItem newItem, openItem, saveItem, saveAsItem, quitItem;
    @FXML private MenuItem undoItem, redoItem, copyItem, pasteItem, duplicateItem, deleteItem, selectAllItem;
    @FXML private MenuItem designItem, trainItem, fitItem, zoomInItem, zoomOutItem, layoutItem, aboutItem, presenterItem;
    @FXML private TabPane tabs;
    @FXML private javafx.scene.control.ComboBox<Language> languageChooser;
    @FXML private Tab designTab;
    @FXML private Tab trainTab;

    public ShellView(AppViewModel app, Messages messages, ObjectProperty<Language> language, FileDialogs files,
                     Confirmations confirm, Runnable quit) {
        this.app = app;
        this.m = messages;
        this.language = language;
        this.files = files;
        this.confirm = confirm;
        this.quit = quit;
    }

    public BorderPane root() { return root; }
    public TabPane tabs() { return tabs; }

    /** Puts the two screens into their tabs. */
    public void setContent(BuilderView builderView, Node trainView) {
        this.builder = builderView;
        designTab.setContent(builderView.root());
        trainTab.setContent(trainView);
    }

    @FXML
    private void initialize() {
        var commands = app.commands();
        newItem.setOnAction(e -> newProject());
        openItem.setOnAction(e -> files.chooseProjectToOpen().ifPresent(this::openChecked));
        saveItem.setOnAction(e -> save());
        saveAsItem.setOnAction(e -> saveAs());
        quitItem.setOnAction(e -> {
            if (confirmUnsaved()) quit.run();
        });
        rebuildRecent();
        app.project().recentFiles().addListener((ListChangeListener<Path>) c -> rebuildRecent());

        undoItem.textProperty().bind(Bindings.createStringBinding(() -> label("menu.edit.undo", commands.undoDescriptionProperty().get()),
                commands.undoDescriptionProperty()));
        redoItem.textProperty().bind(Bindings.createStringBinding(() -> label("menu.edit.redo", commands.redoDescriptionProperty().get()),
                commands.redoDescriptionProperty()));
        undoItem.disableProperty().bind(commands.canUndoProperty().not());
        redoItem.disableProperty().bind(commands.canRedoProperty().not());
        undoItem.setOnAction(e -> onText(TextInputControl::undo, () -> app.builder().undo()));
        redoItem.setOnAction(e -> onText(TextInputControl::redo, () -> app.builder().redo()));
        copyItem.setOnAction(e -> onText(TextInputControl::copy, () -> app.builder().copy()));
        pasteItem.setOnAction(e -> onText(TextInputControl::paste, () -> app.builder().paste()));
        duplicateItem.setOnAction(e -> onText(t -> { }, () -> app.builder().duplicate()));
        deleteItem.setOnAction(e -> onText(t -> t.deleteNextChar(), () -> app.builder().deleteSelection()));
        selectAllItem.setOnAction(e -> onText(TextInputControl::selectAll, () -> app.builder().selectAll()));

        designItem.setOnAction(e -> tabs.getSelectionModel().select(designTab));
        trainItem.setOnAction(e -> tabs.getSelectionModel().select(trainTab));
        fitItem.setOnAction(e -> builderCanvas().ifPresent(c -> c.fitToView()));
        zoomInItem.setOnAction(e -> builderCanvas().ifPresent(c -> c.zoomBy(1.25)));
        zoomOutItem.setOnAction(e -> builderCanvas().ifPresent(c -> c.zoomBy(0.8)));
        layoutItem.setOnAction(e -> {
            app.builder().autoLayout();
            builderCanvas().ifPresent(c -> c.fitToView());
        });
        presenterItem.setOnAction(e -> app.training().presenterProperty().set(!app.training().presenterProperty().get()));
        ToggleGroup langs = new ToggleGroup();
        for (Language l : Language.values()) {
            RadioMenuItem item = new RadioMenuItem(l.nativeName());
            item.setToggleGroup(langs);
            item.setSelected(l == language.get());
            item.setOnAction(e -> language.set(l));
            languageMenu.getItems().add(item);
        }
        aboutItem.setOnAction(e -> confirm.error(m.get("about.title"), m.get("about.text")));
        languageChooser.getItems().setAll(Language.values());
        languageChooser.setValue(language.get());
        languageChooser.valueProperty().addListener((o, a, lang) -> {
            if (lang != null && lang != language.get()) language.set(lang);
        });
    }

    private Optional<reslab.app.builder.NetworkCanvas> builderCanvas() {
        tabs.getSelectionModel().select(designTab);
        return Optional.ofNullable(builder).map(BuilderView::canvas);
    }

    /** Edit commands go to a focused text field if there is one, else to the design. */
    private void onText(java.util.function.Consumer<TextInputControl> onField, Runnable onDesign) {
        Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        if (focus instanceof TextInputControl t) onField.accept(t);
        else onDesign.run();
    }

    private String label(String key, Description d) {
        if (d == null) return m.get(key);
        return m.format(key + ".named", builder == null ? d.key() : builder.describe(d));
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : app.project().recentFiles()) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> {
                if (confirmUnsaved()) openChecked(p);
            });
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    public void newProject() {
        if (!confirmUnsaved()) return;
        app.project().newProject(AppViewModel.documentOf(reslab.engine.zoo.Templates.find("chain-relu-2").orElseThrow())
                .withName(m.get("project.untitled")));
    }

    /** Opens after asking about unsaved changes; used by the menu. */
    private void openChecked(Path path) {
        if (app.commands().modifiedProperty().get() && !confirmUnsaved()) return;
        open(path);
    }

    public boolean open(Path path) {
        try {
            app.project().open(path);
            return true;
        } catch (ProjectFileException e) {
            confirm.error(m.get("file.open.failed"), e.getMessage());
            return false;
        }
    }

    /** Saves (asking for a name the first time); false if cancelled or failed. */
    public boolean save() {
        try {
            if (app.project().save()) return true;
        } catch (ProjectFileException e) {
            confirm.error(m.get("file.save.failed"), e.getMessage());
            return false;
        }
        return saveAs();
    }

    public boolean saveAs() {
        Optional<Path> target = files.chooseProjectToSave(app.commands().current().name());
        if (target.isEmpty()) return false;
        try {
            app.project().saveAs(target.get());
            return true;
        } catch (ProjectFileException e) {
            confirm.error(m.get("file.save.failed"), e.getMessage());
            return false;
        }
    }

    /** True if it is fine to drop the current design (saved, discarded, or unchanged). */
    public boolean confirmUnsaved() {
        if (!app.commands().modifiedProperty().get()) return true;
        return switch (confirm.unsavedChanges(projectName())) {
            case SAVE -> save();
            case DISCARD -> true;
            case CANCEL -> false;
        };
    }

    /** Offers a design autosaved by a session that ended abruptly. */
    public void offerRecovery() {
        app.project().findRecovery().ifPresent(r -> {
            String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(m.language().locale())
                    .withZone(ZoneId.systemDefault()).format(r.savedAt());
            if (confirm.restoreRecovery(when)) app.project().restore(r);
            else app.project().discardRecovery();
        });
    }

    public String projectName() {
        Path f = app.project().fileProperty().get();
        if (f != null) {
            String n = f.getFileName().toString();
            return n.endsWith(reslab.engine.io.ProjectFile.EXTENSION) ? n.substring(0, n.length() - 7) : n;
        }
        return app.commands().current().name();
    }
}
