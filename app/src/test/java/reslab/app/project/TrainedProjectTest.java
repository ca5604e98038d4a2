package reslab.app.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.app.AppViewModel;
import reslab.app.Await;
import reslab.app.TestDialogs;
import reslab.engine.io.ProjectFile;
import reslab.engine.train.Trainer;
import reslab.engine.zoo.Templates;

/**
 * Saving a trained run with the project and reopening it in a new app: training continues
 * with the losses it would have had, the curves keep the saved steps, and unsaved training
 * counts as unsaved work. Real trainer, ND4J and files; no window.
 */
class TrainedProjectTest {
    @TempDir
    Path dir;
    private AppViewModel first, second;

    @AfterEach
    void close() {
        if (first != null) first.close(2000);
        if (second != null) second.close(2000);
    }

    private static AppViewModel app(String template) {
        AppViewModel a = new AppViewModel(TestDialogs.tempStore(), List.of(Templates.find(template).orElseThrow()));
        Await.until("ready", 30_000, a::onFrame, () -> a.training().stateProperty().get() == Trainer.State.READY);
        return a;
    }

    private static void steps(AppViewModel a, int n) {
        for (int i = 0; i < n; i++) {
            long before = a.training().stepsDoneProperty().get();
            a.training().step();
            Await.until("a step", 20_000, a::onFrame, () -> a.training().stepsDoneProperty().get() == before + 1);
        }
    }

    private static <T> T done(AppViewModel a, CompletableFuture<T> f) throws Exception {
        Await.until("save or open", 60_000, a::onFrame, f::isDone);
        return f.get();
    }

    @Test
    void aSavedRunReopensAndContinuesWithTheSameLoss() throws Exception {
        first = app("chain-tanh-6-residual");
        steps(first, 20);
        assertTrue(first.project().hasUnsavedWork(), "20 steps of training are not in a file");
        Path file = dir.resolve("trained" + ProjectFile.EXTENSION);
        List<String> warnings = done(first, first.project().saveAs(file));
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertFalse(first.project().hasUnsavedWork(), "saved");
        var contents = ProjectFile.open(file);
        assertEquals(20, contents.checkpoint().orElseThrow().step());
        assertEquals(1, contents.runs().size());

        steps(first, 1);
        double straightOn = first.training().lossProperty().get();
        assertTrue(first.project().hasUnsavedWork(), "a step after saving is unsaved again");

        second = app("chain-sigmoid-6");
        assertTrue(done(second, second.project().open(file)).isEmpty());
        Await.until("the saved run", 30_000, second::onFrame,
                () -> second.training().stateProperty().get() == Trainer.State.READY
                        && second.training().stepsDoneProperty().get() == 20);
        assertEquals(first.training().settingsProperty().get(), second.training().settingsProperty().get(), "settings come back");
        assertFalse(second.project().hasUnsavedWork(), "just opened");
        Await.until("the saved curve", 10_000, second::onFrame, () -> second.training().lossSeriesProperty().get().size() >= 20);
        assertEquals(19.0, second.training().lossSeriesProperty().get().step(19), "the saved steps are on the curve");

        steps(second, 1);
        assertEquals(straightOn, second.training().lossProperty().get(), 1e-6, "step 21 after reopening = step 21 straight on");
        assertTrue(second.project().hasUnsavedWork());
    }

    @Test
    void aDesignThatWasNeverTrainedSavesWithoutARun() throws Exception {
        first = app("chain-relu-6");
        Path file = dir.resolve("design" + ProjectFile.EXTENSION);
        assertTrue(done(first, first.project().saveAs(file)).isEmpty());
        var contents = ProjectFile.open(file);
        assertTrue(contents.checkpoint().isEmpty());
        assertEquals(first.training().settingsProperty().get().dataset(), contents.document().dataset(), "the dataset is named");
    }
}
