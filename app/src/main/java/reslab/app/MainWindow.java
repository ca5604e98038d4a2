package reslab.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.prefs.Preferences;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;
import reslab.app.main.MainView;
import reslab.app.main.MainViewModel;

/**
 * The main window: one stage, one view-model for its lifetime, a view rebuilt from FXML
 * whenever the language changes. Samples the trainer once per frame, and shuts training
 * down when the window closes.
 */
public final class MainWindow {
    private static final Preferences PREFS = Preferences.userNodeForPackage(MainWindow.class);
    private static final String LANGUAGE_KEY = "language";

    private final Stage stage;
    private final MainViewModel vm;
    private final ObjectProperty<Language> language;
    private final Runnable exit;
    private final java.util.function.Consumer<Language> rememberLanguage;
    private final AnimationTimer frameClock = new AnimationTimer() {
        @Override
        public void handle(long now) {
            vm.onFrame();
        }
    };
    private MainView view;

    /**
     * @param exit             what to do once training has stopped after the window closed;
     *                         the app exits the JavaFX platform, tests only record it
     * @param rememberLanguage stores the user's choice for the next start (tests pass a no-op
     *                         so they never touch the user's preferences)
     */
    public MainWindow(Stage stage, MainViewModel vm, Language initialLanguage, Runnable exit,
                      java.util.function.Consumer<Language> rememberLanguage) {
        this.stage = stage;
        this.vm = vm;
        this.exit = exit;
        this.rememberLanguage = rememberLanguage;
        this.language = new SimpleObjectProperty<>(initialLanguage);
        language.addListener((o, a, lang) -> {
            this.rememberLanguage.accept(lang);
            showView();
        });
        stage.setOnCloseRequest(e -> shutDown());
        stage.setMinWidth(960);
        stage.setMinHeight(640);
        showView();
        frameClock.start();
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

    public ObjectProperty<Language> languageProperty() {
        return language;
    }

    public MainViewModel viewModel() {
        return vm;
    }

    private void showView() {
        Messages messages = new Messages(language.get());
        MainView newView = new MainView(vm, messages, language);
        FXMLLoader loader = new FXMLLoader(MainView.class.getResource("/reslab/app/main/MainView.fxml"), messages.bundle());
        loader.setControllerFactory(type -> newView);
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the main view", e);
        }
        root.getStylesheets().add(MainWindow.class.getResource("/reslab/app/css/app.css").toExternalForm());
        if (language.get() == Language.SIMPLIFIED_CHINESE) root.getStyleClass().add("lang-zh");
        view = newView;
        stage.setTitle(messages.get("app.title"));
        if (stage.getScene() == null) {
            stage.setScene(new Scene(root, 1280, 800));
        } else {
            stage.getScene().setRoot(root);
        }
        vm.onFrame();
    }

    /**
     * The window closes at once; training stops on a helper thread (waiting at most 1.5 s for
     * a step in progress, never on the FX thread), then {@code exit} runs on the FX thread.
     */
    public void shutDown() {
        frameClock.stop();
        Thread closer = new Thread(() -> {
            vm.close(1500);
            Platform.runLater(exit);
        }, "reslab-shutdown");
        closer.setDaemon(true);
        closer.start();
    }
}
