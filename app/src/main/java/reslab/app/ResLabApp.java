package reslab.app;

import java.io.InputStream;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import reslab.app.i18n.Messages;
import reslab.app.project.UserProjectStore;
import reslab.app.shell.Confirmations;
import reslab.app.shell.FileDialogs;
import reslab.app.shell.SystemDialogs;

/** The JavaFX application: loads the bundled fonts and opens the main window. */
public final class ResLabApp extends Application {
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        loadBundledFonts();
        StartOptions options = StartOptions.parse(getParameters().getRaw());
        AppViewModel app = new AppViewModel(new UserProjectStore());
        options.template().flatMap(reslab.engine.zoo.Templates::find).ifPresent(t -> app.project().newProject(AppViewModel.documentOf(t)));
        window = new MainWindow(stage, app, options.language().orElse(MainWindow.preferredLanguage()), Platform::exit, MainWindow::saveLanguage,
                new MainWindow.Dialogs() {
                    public FileDialogs files(Stage owner, Messages m) { return new SystemDialogs(owner, m); }
                    public Confirmations confirmations(Stage owner, Messages m) { return new SystemDialogs(owner, m); }
                });
        stage.show();
        Platform.runLater(window::offerRecovery);
    }

    @Override
    public void stop() {
        if (window != null) window.app().close(1500);
    }

    /**
     * The UI font covers Latin and the GB2312 Hanzi, so Chinese renders on machines
     * without CJK fonts (many Linux installs).
     */
    public static void loadBundledFonts() {
        for (String file : new String[] {"NotoSansCJKsc-Regular-subset.otf", "NotoSansCJKsc-Bold-subset.otf"}) {
            try (InputStream in = ResLabApp.class.getResourceAsStream("/reslab/app/fonts/" + file)) {
                if (in != null) Font.loadFont(in, 12);
            } catch (java.io.IOException ignored) {
                // the system font is a fine fallback
            }
        }
    }
}
