package reslab.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.prefs.Preferences;
import javafx.animation.AnimationTimer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import reslab.app.builder.BuilderView;
import reslab.app.builder.TemplateGallery;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;
import reslab.app.main.MainView;
import reslab.app.shell.Confirmations;
import reslab.app.shell.FileDialogs;
import reslab.app.shell.ShellView;

/**
 * The main window: one stage and one {@link AppViewModel} for its lifetime; the views are
 * rebuilt from FXML whenever the language changes. Samples the trainer once per frame,
 * autosaves every 30 s, and shuts training down when the window closes.
 */
public final class MainWindow {
    private static final Preferences PREFS = Preferences.userNodeForPackage(MainWindow.class);
    private static final String LANGUAGE_KEY = "language";
    public static final Duration AUTOSAVE_EVERY = Duration.seconds(30);

    /** Makes the dialogs for a window in a language (system dialogs in the app, fixed answers in tests). */
    public interface Dialogs {
        FileDialogs files(Stage owner, Messages m);

        Confirmations confirmations(Stage owner, Messages m);
    }

    private final Stage stage;
    private final AppViewModel app;
    private final ObjectProperty<Language> language;
    private final Runnable exit;
    private final Consumer<Language> rememberLanguage;
    private final Dialogs dialogs;
    private final AnimationTimer frameClock = new AnimationTimer() {
        @Override
        public void handle(long now) {
            app.onFrame();
        }
    };
    private final Timeline autosave;
    private ShellView shell;
    private BuilderView builderView;
    private boolean closing;

    /**
     * @param exit             runs on the FX thread once training has stopped after the
     *                         window closed; the app exits the JavaFX platform, tests record it
     * @param rememberLanguage stores the user's choice for the next start (tests pass a no-op)
     */
    public MainWindow(Stage stage, AppViewModel app, Language initialLanguage, Runnable exit,
                      Consumer<Language> rememberLanguage, Dialogs dialogs) {
        this.stage = stage;
        this.app = app;
        this.exit = exit;
        this.rememberLanguage = rememberLanguage;
        this.dialogs = dialogs;
        this.language = new SimpleObjectProperty<>(initialLanguage);
        language.addListener((o, a, lang) -> {
            this.rememberLanguage.accept(lang);
            showViews();
        });
        stage.setOnCloseRequest(e -> {
            e.consume(); // we close ourselves, after asking about unsaved changes
            shell.confirmUnsaved().thenAccept(ok -> { if (ok) shutDown(); });
        });
        app.training().presenterProperty().addListener((o, a, on) -> present(on));
        stage.fullScreenProperty().addListener((o, a, full) -> {
            // Esc (or the window manager) left full screen: leave presenter mode with it.
            if (!full && app.training().presenterProperty().get()) app.training().presenterProperty().set(false);
        });
        stage.setMinWidth(1024);
        stage.setMinHeight(700);   // the dashboard's minimum sizes fit, with a title bar (DashboardLayoutTest)
        showViews();
        frameClock.start();
        autosave = new Timeline(new KeyFrame(AUTOSAVE_EVERY, e -> app.project().autosave()));
        autosave.setCycleCount(Animation.INDEFINITE);
        autosave.play();
    }

    /** The language saved last time, else the system's. */
    public static Language preferredLanguage() {
        Language system = Language.forLocale(java.util.Locale.getDefault());
        return Language.fromTag(PREFS.get(LANGUAGE_KEY, ""), system);
    }

    /** Saves the language in the user's preferences, for {@link #preferredLanguage()}. */
    public static void saveLanguage(Language lang) {
        PREFS.put(LANGUAGE_KEY, lang.locale().toLanguageTag());
    }

    public ObjectProperty<Language> languageProperty() { return language; }
    public AppViewModel app() { return app; }
    public ShellView shell() { return shell; }

    /** After the window is shown: offer a design left by a session that ended abruptly. */
    public void offerRecovery() {
        shell.offerRecovery();
    }

    private void showViews() {
        Messages m = new Messages(language.get());
        int selectedTab = shell == null ? 1 : shell.tabs().getSelectionModel().getSelectedIndex();
        ShellView newShell = new ShellView(app, m, language, dialogs.files(stage, m), dialogs.confirmations(stage, m),
                this::closeFromMenu);
        Parent shellRoot = load("/reslab/app/shell/AppShell.fxml", m, newShell);
        BuilderView newBuilder = new BuilderView(app.builder(), m, () -> TemplateGallery.show(stage, app.builder(), m));
        load("/reslab/app/builder/BuilderView.fxml", m, newBuilder);
        MainView trainView = new MainView(app.training(), m, language);
        Parent trainRoot = load("/reslab/app/main/MainView.fxml", m, trainView);
        newShell.setContent(newBuilder, trainRoot);
        newShell.tabs().getSelectionModel().select(selectedTab);
        shellRoot.getStylesheets().add(MainWindow.class.getResource("/reslab/app/css/app.css").toExternalForm());
        shellRoot.getStylesheets().add(MainWindow.class.getResource("/reslab/app/css/builder.css").toExternalForm());
        if (language.get() == Language.SIMPLIFIED_CHINESE) shellRoot.getStyleClass().add("lang-zh");
        shell = newShell;
        builderView = newBuilder;
        stage.titleProperty().unbind();
        stage.titleProperty().bind(Bindings.createStringBinding(
                () -> (app.commands().modifiedProperty().get() ? "• " : "") + shell.projectName() + " — " + m.get("app.title"),
                app.commands().modifiedProperty(), app.project().fileProperty(), app.commands().documentProperty()));
        if (stage.getScene() == null) {
            stage.setScene(new Scene(shellRoot, 1280, 800));
            stage.getScene().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && app.training().presenterProperty().get()) {
                    app.training().presenterProperty().set(false);
                    e.consume();
                }
            });
        } else {
            stage.getScene().setRoot(shellRoot);
        }
        if (app.training().presenterProperty().get()) shellRoot.getStyleClass().add("presenter");
        app.training().onFrame();
    }

    /**
     * Presenter mode: the Train tab alone, full screen, in large high-contrast type; Esc
     * leaves. The shell's menus and tabs are hidden by the "presenter" style class.
     */
    private void present(boolean on) {
        Parent root = stage.getScene().getRoot();
        if (on) {
            if (!root.getStyleClass().contains("presenter")) root.getStyleClass().add("presenter");
            shell.tabs().getSelectionModel().select(1);
            stage.setFullScreenExitHint(new Messages(language.get()).get("presenter.exitHint"));
            stage.setFullScreen(true);
        } else {
            root.getStyleClass().remove("presenter");
            stage.setFullScreen(false);
        }
    }

    private Parent load(String fxml, Messages m, Object controller) {
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource(fxml), m.bundle());
        loader.setControllerFactory(type -> controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }

    private void closeFromMenu() {
        shutDown();
    }

    /**
     * The window closes at once; training stops on a helper thread (waiting at most 1.5 s for
     * a step in progress, never on the FX thread), then {@code exit} runs on the FX thread.
     */
    public void shutDown() {
        if (closing) return;
        closing = true;
        frameClock.stop();
        autosave.stop();
        stage.hide();
        Thread closer = new Thread(() -> {
            app.close(1500);
            Platform.runLater(exit);
        }, "reslab-shutdown");
        closer.setDaemon(true);
        closer.start();
    }
}
