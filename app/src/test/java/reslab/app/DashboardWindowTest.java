package reslab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import reslab.app.i18n.Language;
import reslab.engine.train.Trainer;
import reslab.engine.zoo.Templates;

/** The training dashboard in a real (headless) window: replay and presenter mode. */
@ExtendWith(ApplicationExtension.class)
class DashboardWindowTest {
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ResLabApp.loadBundledFonts();
        AppViewModel app = new AppViewModel(TestDialogs.tempStore(), List.of(Templates.find("chain-sigmoid-6-residual").orElseThrow()));
        window = new MainWindow(stage, app, Language.ENGLISH, () -> { }, l -> { }, new TestDialogs());
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
    }

    @AfterEach
    void close() {
        window.app().close(2000);
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

    @Test
    void scrubbingTheReplayShowsAnEarlierStepAndLiveReturns(FxRobot robot) throws Exception {
        var vm = window.app().training();
        awaitFx("ready", 30, () -> vm.stateProperty().get() == Trainer.State.READY);
        for (int i = 0; i < 6; i++) robot.clickOn("#stepButton");
        awaitFx("six steps", 30, () -> vm.stepsDoneProperty().get() == 6 && vm.stateProperty().get() == Trainer.State.PAUSED
                && vm.replayLengthProperty().get() == 6);
        Slider slider = robot.lookup("#replaySlider").queryAs(Slider.class);
        assertFalse(slider.isDisabled());
        robot.interact(() -> slider.setValue(2));
        awaitFx("the replayed step", 10, () -> vm.snapshotProperty().get().step() == 2);
        assertEquals("showing step 2", robot.lookup("#replayLabel").queryLabeled().getText());
        assertEquals("3", robot.lookup("#stepValue").queryLabeled().getText(), "three updates had been applied at step 2");
        robot.clickOn("#liveButton");
        awaitFx("live again", 10, () -> vm.replayPositionProperty().get() == -1 && vm.snapshotProperty().get().step() == 5);
        robot.clickOn("#playButton");
        awaitFx("training", 20, () -> vm.stateProperty().get() == Trainer.State.RUNNING);
        awaitFx("the slider locked while training", 10, slider::isDisabled);
    }

    @Test
    void twinRunsStartTogether(FxRobot robot) throws Exception {
        var vm = window.app().training();
        awaitFx("ready", 30, () -> vm.stateProperty().get() == Trainer.State.READY);
        robot.clickOn("#compareToggle");
        awaitFx("the twin ready", 30, () -> vm.stateProperty().get() == Trainer.State.READY);
        assertTrue(robot.lookup("#twinDepthBox").query().isVisible(), "both depth profiles side by side");
        robot.clickOn("#playButton");
        awaitFx("both runs training", 60, () -> {
            var pair = vm.twin().snapshotProperty().get();
            return pair != null && !pair.preview() && pair.a().snapshot().step() >= 3;
        });
        robot.clickOn("#pauseButton");
        awaitFx("paused", 20, () -> vm.stateProperty().get() == Trainer.State.PAUSED);
        var pair = vm.twin().snapshotProperty().get();
        assertEquals(pair.a().snapshot().step(), pair.b().snapshot().step(), "in lockstep");
        assertEquals(pair.a().batchFingerprint(), pair.b().batchFingerprint(), "on the same batch");
        assertEquals(vm.twin().lossAProperty().get().size(), vm.twin().lossBProperty().get().size());
    }

    @Test
    void presenterModeTakesTheWholeScreenAndEscapeLeavesIt(FxRobot robot) throws Exception {
        var vm = window.app().training();
        robot.type(KeyCode.F5);
        awaitFx("presenter mode", 10, () -> vm.presenterProperty().get() && stage.isFullScreen()
                && stage.getScene().getRoot().getStyleClass().contains("presenter"));
        assertEquals(1, window.shell().tabs().getSelectionModel().getSelectedIndex(), "the training stage");
        assertFalse(robot.lookup("#settingsToggle").query().isVisible(), "editing hidden");
        assertFalse(robot.lookup("#accuracySection").query().isVisible());
        assertTrue(robot.lookup("#depthChart").query().isVisible(), "the depth profile is the stage");
        // Large type: the choosers widen with it, so the network's name is not cut.
        awaitFx("the wide choosers", 10, () -> ((javafx.scene.layout.Region) robot.lookup("#templateChooser").query()).getWidth() >= 470
                && ((javafx.scene.layout.Region) robot.lookup("#speedChooser").query()).getWidth() >= 200);
        robot.type(KeyCode.ESCAPE);
        awaitFx("back to the window", 10, () -> !vm.presenterProperty().get() && !stage.isFullScreen()
                && !stage.getScene().getRoot().getStyleClass().contains("presenter"));
        assertTrue(robot.lookup("#settingsToggle").query().isVisible());
        robot.clickOn("#presentButton");
        awaitFx("presenter again, from the button", 10, () -> vm.presenterProperty().get());
        robot.type(KeyCode.ESCAPE);
        awaitFx("left again", 10, () -> !vm.presenterProperty().get());
    }
}
