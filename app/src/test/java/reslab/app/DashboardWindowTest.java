package reslab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import reslab.engine.train.Trainer;

/** The training dashboard in a real (headless) window: replay and presenter mode. */
@ExtendWith(ApplicationExtension.class)
class DashboardWindowTest {
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = TestWindows.show(stage, new TestDialogs(), 1400, 900, "chain-sigmoid-6-residual");
    }

    @AfterEach
    void close() {
        window.app().close(2000);
    }

    @Test
    void scrubbingTheReplayShowsAnEarlierStepAndLiveReturns(FxRobot robot) throws Exception {
        var vm = window.app().training();
        Await.onFx("ready", 30, () -> vm.stateProperty().get() == Trainer.State.READY);
        for (int i = 0; i < 6; i++) robot.clickOn("#stepButton");
        Await.onFx("six steps", 30, () -> vm.stepsDoneProperty().get() == 6 && vm.stateProperty().get() == Trainer.State.PAUSED
                && vm.replayLengthProperty().get() == 6);
        Slider slider = robot.lookup("#replaySlider").queryAs(Slider.class);
        assertFalse(slider.isDisabled());
        robot.interact(() -> slider.setValue(2));
        Await.onFx("the replayed step", 10, () -> vm.snapshotProperty().get().step() == 2);
        assertEquals("showing step 2", robot.lookup("#replayLabel").queryLabeled().getText());
        assertEquals("3", robot.lookup("#stepValue").queryLabeled().getText(), "three updates had been applied at step 2");
        robot.clickOn("#liveButton");
        Await.onFx("live again", 10, () -> vm.replayPositionProperty().get() == -1 && vm.snapshotProperty().get().step() == 5);
        robot.clickOn("#playButton");
        Await.onFx("training", 20, () -> vm.stateProperty().get() == Trainer.State.RUNNING);
        Await.onFx("the slider locked while training", 10, slider::isDisabled);
    }

    @Test
    void twinRunsStartTogether(FxRobot robot) throws Exception {
        var vm = window.app().training();
        Await.onFx("ready", 30, () -> vm.stateProperty().get() == Trainer.State.READY);
        robot.clickOn("#compareToggle");
        Await.onFx("the twin ready", 30, () -> vm.stateProperty().get() == Trainer.State.READY);
        assertTrue(robot.lookup("#twinDepthBox").query().isVisible(), "both depth profiles side by side");
        robot.clickOn("#playButton");
        Await.onFx("both runs training", 60, () -> {
            var pair = vm.twin().snapshotProperty().get();
            return pair != null && !pair.preview() && pair.a().snapshot().step() >= 3;
        });
        robot.clickOn("#pauseButton");
        Await.onFx("paused", 20, () -> vm.stateProperty().get() == Trainer.State.PAUSED);
        var pair = vm.twin().snapshotProperty().get();
        assertEquals(pair.a().snapshot().step(), pair.b().snapshot().step(), "in lockstep");
        assertEquals(pair.a().batchFingerprint(), pair.b().batchFingerprint(), "on the same batch");
        assertEquals(vm.twin().lossAProperty().get().size(), vm.twin().lossBProperty().get().size());
    }

    @Test
    void presenterModeTakesTheWholeScreenAndEscapeLeavesIt(FxRobot robot) throws Exception {
        var vm = window.app().training();
        robot.type(KeyCode.F5);
        Await.onFx("presenter mode", 10, () -> vm.presenterProperty().get() && stage.isFullScreen()
                && stage.getScene().getRoot().getStyleClass().contains("presenter"));
        assertEquals(1, window.shell().tabs().getSelectionModel().getSelectedIndex(), "the training stage");
        assertFalse(robot.lookup("#settingsToggle").query().isVisible(), "editing hidden");
        assertFalse(robot.lookup("#accuracySection").query().isVisible());
        assertTrue(robot.lookup("#depthChart").query().isVisible(), "the depth profile is the stage");
        // Large type: the choosers widen with it, so the network's name is not cut.
        Await.onFx("the wide choosers", 10, () -> ((javafx.scene.layout.Region) robot.lookup("#templateChooser").query()).getWidth() >= 470
                && ((javafx.scene.layout.Region) robot.lookup("#speedChooser").query()).getWidth() >= 200);
        robot.type(KeyCode.ESCAPE);
        Await.onFx("back to the window", 10, () -> !vm.presenterProperty().get() && !stage.isFullScreen()
                && !stage.getScene().getRoot().getStyleClass().contains("presenter"));
        assertTrue(robot.lookup("#settingsToggle").query().isVisible());
        robot.clickOn("#presentButton");
        Await.onFx("presenter again, from the button", 10, () -> vm.presenterProperty().get());
        robot.type(KeyCode.ESCAPE);
        Await.onFx("left again", 10, () -> !vm.presenterProperty().get());
    }
}
