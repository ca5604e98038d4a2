package reslab.app.shell;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
import reslab.app.export.ExportActions;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;

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
    private ExportActions exports;

    @FXML private BorderPane root;
    @FXML private Menu recentMenu;
    @FXML private Menu languageMenu;
    @FXML private Menu exportMenu;
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
        if (trainView instanceof javafx.scene.Parent train) exports.install(builderView.root(), train);
    }

    @FXML
    private void initialize() {
        var commands = app.commands();
        newItem.setOnAction(e -> newProject());
        openItem.setOnAction(e -> files.chooseProjectToOpen().ifPresent(this::openChecked));
        saveItem.setOnAction(e -> save());
        saveAsItem.setOnAction(e -> saveAs());
        quitItem.setOnAction(e -> confirmUnsaved().thenAccept(ok -> { if (ok) quit.run(); }));
        saveItem.disableProperty().bind(app.project().busyProperty());
        saveAsItem.disableProperty().bind(app.project().busyProperty());
        openItem.disableProperty().bind(app.project().busyProperty());
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
        exports = new ExportActions(app, m, files, confirm, this::projectName, tabs);
        exports.fill(exportMenu);
        root.setBottom(exports.bar());
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
                openChecked(p);
            });
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    public void newProject() {
        confirmUnsaved().thenAccept(ok -> {
            if (ok) app.project().newProject(AppViewModel.documentOf(reslab.engine.zoo.Templates.find("chain-relu-2").orElseThrow())
                    .withName(m.get("project.untitled")));
        });
    }

    /** Opens after asking about unsaved changes; used by the menu. */
    private void openChecked(Path path) {
        confirmUnsaved().thenAccept(ok -> { if (ok) open(path); });
    }

    /**
     * Opens a project (read off the UI thread); completes with false if it could not be
     * opened, which is reported and changes nothing. What the file lacked is listed.
     */
    public CompletableFuture<Boolean> open(Path path) {
        return app.project().open(path).handle((warnings, e) -> {
            if (e != null) {
                confirm.error(m.get("file.open.failed"), message(e));
                return false;
            }
            if (!warnings.isEmpty()) confirm.error(m.get("file.open.partial"), String.join("\n", warnings));
            return true;
        });
    }

    /** Saves (asking for a name the first time); completes with false if cancelled or failed. */
    public CompletableFuture<Boolean> save() {
        return app.project().save().map(this::reportSave).orElseGet(this::saveAs);
    }

    public CompletableFuture<Boolean> saveAs() {
        Optional<Path> target = files.chooseProjectToSave(app.commands().current().name());
        if (target.isEmpty()) return CompletableFuture.completedFuture(false);
        return reportSave(app.project().saveAs(target.get()));
    }

    private CompletableFuture<Boolean> reportSave(CompletableFuture<java.util.List<String>> saving) {
        return saving.handle((warnings, e) -> {
            if (e != null) {
                confirm.error(m.get("file.save.failed"), message(e));
                return false;
            }
            if (!warnings.isEmpty()) confirm.error(m.get("file.save.partial"), String.join("\n", warnings));
            return true;
        });
    }

    private static String message(Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    /**
     * Completes with true if it is fine to drop the current project: saved, discarded, or
     * nothing unsaved (neither the design nor training since the last save). Completes on
     * the UI thread, at once unless the user chose to save. Training pauses while the
     * question is open, so Save keeps the run the user was asked about; it resumes if the
     * project stays (Cancel, or a save that did not happen).
     */
    public CompletableFuture<Boolean> confirmUnsaved() {
        if (!app.project().hasUnsavedWork()) return CompletableFuture.completedFuture(true);
        boolean wasTraining = app.training().canPause().get();
        if (wasTraining) app.training().pause();
        CompletableFuture<Boolean> answer = switch (confirm.unsavedChanges(projectName())) {
            case SAVE -> save();
            case DISCARD -> CompletableFuture.completedFuture(true);
            case CANCEL -> CompletableFuture.completedFuture(false);
        };
        if (!wasTraining) return answer;
        return answer.thenApply(dropIt -> {
            if (!dropIt) app.training().play();
            return dropIt;
        });
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
