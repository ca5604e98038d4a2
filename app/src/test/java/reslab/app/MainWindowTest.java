package reslab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import reslab.app.chart.DepthProfileChart;
import reslab.app.i18n.Language;
import reslab.engine.train.Trainer;
import reslab.engine.zoo.Templates;

/** The real window, headless (Monocle), with a real trainer. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private Stage stage;
    private MainWindow window;
    private final AtomicBoolean exited = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<Language> remembered = new java.util.concurrent.atomic.AtomicReference<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ResLabApp.loadBundledFonts();
        AppViewModel app = new AppViewModel(TestDialogs.tempStore(), List.of(Templates.find("chain-sigmoid-20").orElseThrow(),
                Templates.find("chain-sigmoid-20-residual").orElseThrow()));
        window = new MainWindow(stage, app, Language.ENGLISH, () -> exited.set(true), remembered::set, new TestDialogs());
        stage.show();
    }

    @AfterEach
    void closeTrainer() {
        window.app().training().close(2000);
    }

    private void awaitFx(String what, long seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return WaitForAsyncUtils.asyncFx(condition).get();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    private double[] barHeights(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(".depth-bar").queryAll().stream()
                .mapToDouble(n -> n.getLayoutBounds().getHeight()).toArray()).get();
    }

    @Test
    void pressingPlayAnimatesTheBarsAndPauseFreezesThem(FxRobot robot) throws Exception {
        awaitFx("21 bars of the preview", 30, () -> robot.lookup(".depth-bar").queryAll().size() == 21
                && !robot.lookup("#playButton").queryButton().isDisabled());
        // Let the preview's glide settle, then remember the picture.
        Thread.sleep(800);
        double[] before = barHeights(robot);

        robot.clickOn("#playButton");
        awaitFx("bars to move", 30, () -> !java.util.Arrays.equals(before, barHeights(robot)));
        awaitFx("steps to count up", 30, () -> window.app().training().stepsDoneProperty().get() >= 3);

        robot.clickOn("#pauseButton");
        awaitFx("pause", 10, () -> window.app().training().stateProperty().get() == Trainer.State.PAUSED);
        Thread.sleep(1000); // bars glide to the last step's values, then stop
        double[] paused = barHeights(robot);
        long steps = window.app().training().stepsDoneProperty().get();
        Thread.sleep(600);
        assertTrue(java.util.Arrays.equals(paused, barHeights(robot)), "bars moved while paused");
        assertEquals(steps, window.app().training().stepsDoneProperty().get());
    }

    @Test
    void switchingTheLanguageShowsChineseLabels(FxRobot robot) throws Exception {
        awaitFx("the window", 10, () -> robot.lookup("#playButton").tryQuery().isPresent());
        assertEquals("Play", robot.lookup("#playButton").queryButton().getText());
        @SuppressWarnings("unchecked")
        ComboBox<Language> languages = robot.lookup("#languageChooser").queryAs(ComboBox.class);
        robot.clickOn(languages);
        robot.clickOn("简体中文");
        awaitFx("the Chinese view", 10, () -> "训练".equals(robot.lookup("#playButton").queryButton().getText()));
        assertEquals("暂停", robot.lookup("#pauseButton").queryButton().getText());
        assertTrue(stage.getTitle().endsWith("ResLab — 深度残差学习可视化"), stage.getTitle());
        DepthProfileChart chart = robot.lookup("#depthChart").queryAs(DepthProfileChart.class);
        assertEquals("反向传播梯度（RMS）", chart.getAxisTitle());
        awaitFx("the output bar in Chinese", 10, () -> robot.lookup(".depth-bar-label").queryAll().stream()
                .anyMatch(n -> "输出".equals(((javafx.scene.text.Text) n).getText())));
        assertEquals(Language.SIMPLIFIED_CHINESE, remembered.get(), "the choice is passed on to be remembered");
        awaitFx("the Chinese ratio callout", 30, () -> robot.lookup("#ratioCallout").queryAs(Label.class).getText().contains("第 1 层的梯度"));
    }

    @Test
    void closingTheWindowWhileTrainingStopsTheTrainerWithinTwoSeconds(FxRobot robot) throws Exception {
        awaitFx("play enabled", 30, () -> !robot.lookup("#playButton").queryButton().isDisabled());
        robot.clickOn("#playButton");
        awaitFx("training", 30, () -> window.app().training().stateProperty().get() == Trainer.State.RUNNING);
        long start = System.nanoTime();
        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        awaitFx("exit", 3, exited::get);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(window.app().training().isTrainerAlive(), "trainer thread still alive");
        assertTrue(millis < 2000, "shutdown took " + millis + " ms");
    }

    @Test
    void stepButtonTrainsOneBatch(FxRobot robot) throws Exception {
        awaitFx("step enabled", 30, () -> !robot.lookup("#stepButton").queryButton().isDisabled());
        robot.clickOn("#stepButton");
        awaitFx("one step", 10, () -> window.app().training().stepsDoneProperty().get() == 1);
        awaitFx("paused", 10, () -> window.app().training().stateProperty().get() == Trainer.State.PAUSED);
        assertEquals("1", robot.lookup("#stepValue").queryAs(Label.class).getText());
        Node pause = robot.lookup("#pauseButton").query();
        assertTrue(pause.isDisabled());
        Button play = robot.lookup("#playButton").queryButton();
        assertFalse(play.isDisabled());
    }
}
