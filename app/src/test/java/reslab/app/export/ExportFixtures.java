package reslab.app.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import reslab.app.ResLabApp;
import reslab.app.train.TrainingSettings;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * What the export tests share: the JavaFX toolkit (headless, no window shown), real runs of
 * real templates, and views laid out in a scene with the app's style sheets.
 */
final class ExportFixtures {
    private static final Map<String, List<StepSnapshot>> RUNS = new HashMap<>();
    /** For exports that never write a model. */
    static final java.util.function.Supplier<java.util.concurrent.CompletableFuture<reslab.app.main.MainViewModel.ModelWeights>> NO_MODEL =
            () -> java.util.concurrent.CompletableFuture.failedFuture(new AssertionError("no model in this test"));

    private ExportFixtures() {}

    static void startFx() throws Exception {
        FxToolkit.registerPrimaryStage();
        ResLabApp.loadBundledFonts();
    }

    /** Runs on the FX thread and waits for the result. */
    static <T> T fx(Callable<T> task) throws Exception {
        try {
            return WaitForAsyncUtils.asyncFx(task).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    /** A preview and then {@code steps} training steps of a template, as the trainer records them. */
    static synchronized List<StepSnapshot> run(String templateId, int steps) {
        return RUNS.computeIfAbsent(templateId + "/" + steps, k -> {
            Template t = Templates.find(templateId).orElseThrow();
            TrainingSettings s = TrainingSettings.of(t);
            TrainingSession session = new TrainingSession(s.applyTo(t.spec()), DatasetCatalog.load(s.dataset()).orElseThrow(), s.config(), 1);
            List<StepSnapshot> out = new ArrayList<>();
            for (int i = 0; i < steps; i++) out.add(session.step());
            return List.copyOf(out);
        });
    }

    /** Puts a view into a scene of the given size with the app's style sheets, laid out. FX thread. */
    static Scene show(Parent view, double width, double height) {
        StackPane root = new StackPane(view);
        root.getStyleClass().add("depth-section"); // the white panel the charts sit on
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().addAll(css("app.css"), css("builder.css"));
        root.applyCss();
        root.layout();
        return scene;
    }

    private static String css(String file) {
        return ExportFixtures.class.getResource("/reslab/app/css/" + file).toExternalForm();
    }
}
