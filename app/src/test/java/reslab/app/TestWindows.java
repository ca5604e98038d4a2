package reslab.app;

import java.util.Arrays;
import java.util.function.Consumer;
import javafx.stage.Stage;
import reslab.app.i18n.Language;
import reslab.engine.zoo.Templates;

/** Opens the main window for a window test as the app does: bundled fonts, English, the given templates. */
final class TestWindows {
    private TestWindows() {}

    /** A window sized width x height, shown, whose exit and language choice go nowhere. */
    static MainWindow show(Stage stage, MainWindow.Dialogs dialogs, double width, double height, String... templateIds) {
        MainWindow window = create(stage, dialogs, () -> { }, language -> { }, templateIds);
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        return window;
    }

    /** A window not yet shown, at the stage's own size. */
    static MainWindow create(Stage stage, MainWindow.Dialogs dialogs, Runnable exit, Consumer<Language> rememberLanguage,
                             String... templateIds) {
        ResLabApp.loadBundledFonts();
        AppViewModel app = new AppViewModel(TestDialogs.tempStore(), Arrays.stream(templateIds)
                .map(id -> Templates.find(id).orElseThrow(() -> new IllegalArgumentException("no template " + id)))
                .toList());
        return new MainWindow(stage, app, Language.ENGLISH, exit, rememberLanguage, dialogs);
    }
}
