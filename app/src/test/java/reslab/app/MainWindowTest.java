package reslab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import reslab.app.chart.DepthProfileChart;
import reslab.app.i18n.Language;
import reslab.app.shell.Confirmations;
import reslab.engine.train.Trainer;

/** The real window, headless (Monocle), with a real trainer. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private Stage stage;
    private MainWindow window;
    private final AtomicBoolean exited = new AtomicBoolean();
    private final TestDialogs dialogs = new TestDialogs();
    private final java.util.concurrent.atomic.AtomicReference<Language> remembered = new java.util.concurrent.atomic.AtomicReference<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = TestWindows.create(stage, dialogs, () -> exited.set(true), remembered::set,
                "chain-sigmoid-20", "chain-sigmoid-20-residual");
        stage.show();
    }

    @AfterEach
    void closeTrainer() {
        window.app().training().close(2000);
    }

    private double[] barHeights(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(".depth-bar").queryAll().stream()
                .mapToDouble(n -> n.getLayoutBounds().getHeight()).toArray()).get();
    }

    @Test
    void pressingPlayAnimatesTheBarsAndPauseFreezesThem(FxRobot robot) throws Exception {
        Await.onFx("21 bars of the preview", 30, () -> robot.lookup(".depth-bar").queryAll().size() == 21
                && !robot.lookup("#playButton").queryButton().isDisabled());
        // Let the preview's glide settle, then remember the picture.
        Thread.sleep(800);
        double[] before = barHeights(robot);

        robot.clickOn("#playButton");
        Await.onFx("bars to move", 30, () -> !java.util.Arrays.equals(before, barHeights(robot)));
        Await.onFx("steps to count up", 30, () -> window.app().training().stepsDoneProperty().get() >= 3);

        robot.clickOn("#pauseButton");
        Await.onFx("pause", 10, () -> window.app().training().stateProperty().get() == Trainer.State.PAUSED);
        Thread.sleep(1000); // bars glide to the last step's values, then stop
        double[] paused = barHeights(robot);
        long steps = window.app().training().stepsDoneProperty().get();
        Thread.sleep(600);
        assertTrue(java.util.Arrays.equals(paused, barHeights(robot)), "bars moved while paused");
        assertEquals(steps, window.app().training().stepsDoneProperty().get());
    }

    /**
     * "Save first?" pauses training, so Save keeps the run the user was asked about, and it
     * stays paused; Cancel resumes it.
     */
    @Test
    void theUnsavedChangesQuestionPausesTrainingAndCancelResumesIt(FxRobot robot, @TempDir Path dir) throws Exception {
        Await.onFx("the play button", 30, () -> !robot.lookup("#playButton").queryButton().isDisabled());
        robot.clickOn("#playButton");
        Await.onFx("steps to count up", 30, () -> window.app().training().stepsDoneProperty().get() >= 3);

        dialogs.unsavedAnswer = Confirmations.UnsavedChoice.CANCEL;
        assertFalse(WaitForAsyncUtils.asyncFx(() -> window.shell().confirmUnsaved()).get().get(10, TimeUnit.SECONDS));
        long atCancel = window.app().training().stepsDoneProperty().get();
        Await.onFx("training to go on", 30, () -> window.app().training().stepsDoneProperty().get() >= atCancel + 3
                && window.app().training().stateProperty().get() == Trainer.State.RUNNING);

        dialogs.unsavedAnswer = Confirmations.UnsavedChoice.SAVE;
        dialogs.nextSave = dir.resolve("run.reslab");
        assertTrue(WaitForAsyncUtils.asyncFx(() -> window.shell().confirmUnsaved()).get().get(30, TimeUnit.SECONDS));
        Await.onFx("paused", 10, () -> window.app().training().stateProperty().get() == Trainer.State.PAUSED);
        long paused = window.app().training().stepsDoneProperty().get();
        Thread.sleep(600);
        assertEquals(paused, window.app().training().stepsDoneProperty().get(), "still paused after the save");
        assertTrue(Files.size(dialogs.nextSave) > 0, "saved");
    }

    @Test
    void switchingTheLanguageShowsChineseLabels(FxRobot robot) throws Exception {
        Await.onFx("the window", 10, () -> robot.lookup("#playButton").tryQuery().isPresent());
        assertEquals("Play", robot.lookup("#playButton").queryButton().getText());
        @SuppressWarnings("unchecked")
        ComboBox<Language> languages = robot.lookup("#languageChooser").queryAs(ComboBox.class);
        robot.clickOn(languages);
        robot.clickOn("简体中文");
        Await.onFx("the Chinese view", 10, () -> "训练".equals(robot.lookup("#playButton").queryButton().getText()));
        assertEquals("暂停", robot.lookup("#pauseButton").queryButton().getText());
        assertTrue(stage.getTitle().endsWith("ResLab — 深度残差学习可视化"), stage.getTitle());
        DepthProfileChart chart = robot.lookup("#depthChart").queryAs(DepthProfileChart.class);
        assertEquals("反向传播梯度（RMS）", chart.getAxisTitle());
        Await.onFx("the output bar in Chinese", 10, () -> robot.lookup(".depth-bar-label").queryAll().stream()
                .anyMatch(n -> "输出".equals(((javafx.scene.text.Text) n).getText())));
        assertEquals(Language.SIMPLIFIED_CHINESE, remembered.get(), "the choice is passed on to be remembered");
        Await.onFx("the Chinese ratio callout", 30, () -> robot.lookup("#ratioCallout").queryAs(Label.class).getText().contains("第 1 层的梯度"));
    }

    @Test
    void closingTheWindowWhileTrainingStopsTheTrainerWithinTwoSeconds(FxRobot robot) throws Exception {
        Await.onFx("play enabled", 30, () -> !robot.lookup("#playButton").queryButton().isDisabled());
        robot.clickOn("#playButton");
        Await.onFx("training", 30, () -> window.app().training().stateProperty().get() == Trainer.State.RUNNING);
        long start = System.nanoTime();
        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        Await.onFx("exit", 3, exited::get);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(window.app().training().isTrainerAlive(), "trainer thread still alive");
        assertTrue(millis < 2000, "shutdown took " + millis + " ms");
    }

    @Test
    void stepButtonTrainsOneBatch(FxRobot robot) throws Exception {
        Await.onFx("step enabled", 30, () -> !robot.lookup("#stepButton").queryButton().isDisabled());
        robot.clickOn("#stepButton");
        Await.onFx("one step", 10, () -> window.app().training().stepsDoneProperty().get() == 1);
        Await.onFx("paused", 10, () -> window.app().training().stateProperty().get() == Trainer.State.PAUSED);
        assertEquals("1", robot.lookup("#stepValue").queryAs(Label.class).getText());
        Node pause = robot.lookup("#pauseButton").query();
        assertTrue(pause.isDisabled());
        Button play = robot.lookup("#playButton").queryButton();
        assertFalse(play.isDisabled());
    }
}
