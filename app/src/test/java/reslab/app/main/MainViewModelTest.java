package reslab.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reslab.app.Await;
import reslab.app.chart.DepthProfile;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.train.Trainer;
import reslab.engine.zoo.Templates;

/** The main view-model with a real trainer and ND4J, no window: onFrame() is called by hand. */
class MainViewModelTest {
    private MainViewModel vm;

    @AfterEach
    void closeTrainer() {
        if (vm != null) vm.close(2000);
    }

    private reslab.app.design.CommandManager commands;

    /** A project holding the first template; choosing another template puts it in the project. */
    private MainViewModel loaded(String... templateIds) {
        List<reslab.engine.zoo.Template> templates = List.of(templateIds).stream().map(id -> Templates.find(id).orElseThrow()).toList();
        commands = new reslab.app.design.CommandManager(reslab.app.AppViewModel.documentOf(templates.get(0)));
        vm = new MainViewModel(commands.documentProperty(), templates,
                t -> commands.reset(reslab.app.AppViewModel.documentOf(t)));
        awaitState(Trainer.State.READY);
        return vm;
    }

    private void awaitState(Trainer.State s) {
        Await.until("state " + s, 30_000, vm::onFrame, () -> vm.stateProperty().get() == s);
    }

    @Test
    void loadingShowsTheGradientsAtInitialisationBeforeAnyStep() {
        loaded("chain-sigmoid-20");
        Await.until("the preview profile", 10_000, vm::onFrame, () -> vm.depthProfileProperty().get().bars().size() == 21);
        assertEquals(0, vm.stepsDoneProperty().get());
        DepthProfile p = vm.depthProfileProperty().get();
        assertEquals("dense1", p.bars().get(0).nodeId());
        assertEquals("1", p.bars().get(0).label());
        assertEquals("output", p.bars().get(20).nodeId());
        assertEquals("out", p.bars().get(20).label());
        assertTrue(vm.lossProperty().get() > 0.3 && vm.lossProperty().get() < 3, "loss near ln 2 for two classes");
    }

    @Test
    void plainChainShowsVanishingRatioAndResidualChainKeepsIt() {
        loaded("chain-sigmoid-20", "chain-sigmoid-20-residual");
        Await.until("plain preview", 10_000, vm::onFrame, () -> vm.depthProfileProperty().get().bars().size() == 21);
        double plain = vm.depthProfileProperty().get().firstToLastHiddenRatio();
        vm.templateProperty().set(vm.templates().get(1));
        Await.until("residual preview", 30_000, vm::onFrame,
                () -> vm.stateProperty().get() == Trainer.State.READY
                        && vm.depthProfileProperty().get().firstToLastHiddenRatio() > 1e-3);
        double residual = vm.depthProfileProperty().get().firstToLastHiddenRatio();
        assertTrue(plain < 1e-3, "plain ratio " + plain);
        assertTrue(residual > 0.1, "residual ratio " + residual);
    }

    @Test
    void barsShowTheChosenMetricOfTheNewestSnapshot() {
        loaded("chain-tanh-6");
        Await.until("preview", 10_000, vm::onFrame, () -> !vm.depthProfileProperty().get().bars().isEmpty());
        vm.step();
        Await.until("one step", 10_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 1);
        List<NodeTelemetry> layers = vm.snapshotProperty().get().weightedLayers();
        vm.metricProperty().set(Metric.WEIGHT_GRADIENT);
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(layers.get(i).weightGradNorm(), vm.depthProfileProperty().get().bars().get(i).value());
        }
        vm.metricProperty().set(Metric.BACKPROPAGATED_GRADIENT);
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(layers.get(i).deltaRms(), vm.depthProfileProperty().get().bars().get(i).value());
        }
    }

    @Test
    void stepTrainsExactlyOneBatchAndLeavesTrainingPaused() {
        loaded("chain-sigmoid-4");
        vm.step();
        Await.until("one step", 10_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 1);
        vm.step();
        Await.until("two steps", 10_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 2);
        assertEquals(Trainer.State.PAUSED, vm.stateProperty().get());
        assertEquals(2, vm.lossSeriesProperty().get().size(), "loss points for steps 0 and 1");
    }

    @Test
    void playAdvancesAndPauseFreezesTheStepCount() throws InterruptedException {
        loaded("chain-sigmoid-4");
        vm.play();
        Await.until("steps while playing", 20_000, vm::onFrame, () -> vm.stepsDoneProperty().get() >= 5);
        vm.pause();
        awaitState(Trainer.State.PAUSED);
        long frozen = vm.stepsDoneProperty().get();
        Thread.sleep(300);
        vm.onFrame();
        assertEquals(frozen, vm.stepsDoneProperty().get());
    }

    @Test
    void resetStartsOverAtStepZeroWithAnEmptyLossCurve() {
        loaded("chain-sigmoid-4");
        vm.step();
        vm.step();
        Await.until("two steps", 10_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 2);
        double lossAtStart = vm.lossSeriesProperty().get().value(0);
        vm.reset();
        Await.until("the reset", 10_000, vm::onFrame,
                () -> vm.stepsDoneProperty().get() == 0 && vm.lossSeriesProperty().get().size() == 1);
        assertEquals(lossAtStart, vm.lossSeriesProperty().get().value(0), 1e-6, "same seed, same first loss");
    }

    @Test
    void buttonsFollowTheTrainerState() {
        loaded("chain-sigmoid-4");
        assertTrue(vm.canPlay().get());
        assertFalse(vm.canPause().get());
        assertFalse(vm.canStop().get());
        vm.play();
        awaitState(Trainer.State.RUNNING);
        assertFalse(vm.canPlay().get());
        assertTrue(vm.canPause().get());
        assertFalse(vm.canStep().get());
        assertTrue(vm.canStop().get());
        vm.stop();
        awaitState(Trainer.State.STOPPED);
        assertTrue(vm.canPlay().get());
        assertFalse(vm.canStop().get());
    }

    @Test
    void closingWhileTrainingEndsTheTrainerThreadWithinTwoSeconds() {
        loaded("chain-sigmoid-20");
        vm.play();
        awaitState(Trainer.State.RUNNING);
        long start = System.nanoTime();
        vm.close(2000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(vm.isTrainerAlive(), "trainer thread still running");
        assertTrue(millis < 2000, "took " + millis + " ms");
        vm.onFrame();
        assertEquals(Trainer.State.CLOSED, vm.stateProperty().get());
    }

    @Test
    void testAccuracyFollowsTheLastEvaluationEvenIfNoFrameShowedIt() {
        loaded("chain-sigmoid-4");
        vm.applySettings(vm.settingsProperty().get().withEvalEvery(3));
        awaitState(Trainer.State.READY);
        for (int i = 0; i < 7; i++) vm.step();
        // No frame in between: the evaluated snapshots (steps 0, 3, 6) are never "shown".
        Await.until("seven steps", 20_000, () -> { }, () -> vm.stateProperty().get() != Trainer.State.RUNNING
                && vmStepsDone() == 7);
        vm.onFrame();
        assertEquals(3, vm.testAccuracySeriesProperty().get().size(), "evaluations at steps 0, 3 and 6");
        assertEquals(vm.testAccuracySeriesProperty().get().value(2), vm.testAccuracyProperty().get());
    }

    private long vmStepsDone() {
        vm.onFrame();
        return vm.stepsDoneProperty().get();
    }

    @Test
    void replayShowsARecordedStepInEveryViewAndLiveReturns() {
        loaded("chain-sigmoid-4-residual");
        for (int i = 0; i < 5; i++) vm.step();
        Await.until("five steps", 20_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 5
                && vm.stateProperty().get() == Trainer.State.PAUSED);
        vm.onFrame();
        assertEquals(5, vm.replayLengthProperty().get(), "steps 0..4 recorded");
        var newest = vm.snapshotProperty().get();
        vm.replay(1);
        vm.onFrame();
        assertEquals(1, vm.snapshotProperty().get().step(), "the recorded step 1");
        assertEquals(2, vm.stepsDoneProperty().get());
        assertEquals(MainViewModel.profileOf(vm.snapshotProperty().get(), Metric.BACKPROPAGATED_GRADIENT),
                vm.depthProfileProperty().get());
        assertEquals(reslab.app.views.SplitData.of(vm.snapshotProperty().get()), vm.splitDataProperty().get());
        vm.replay(99);
        vm.onFrame();
        assertEquals(4, vm.snapshotProperty().get().step(), "clamped to the last recorded step");
        vm.replay(-1);
        vm.onFrame();
        assertEquals(newest, vm.snapshotProperty().get());
        vm.replay(0);
        vm.play();
        Await.until("training again", 20_000, vm::onFrame, () -> vm.stepsDoneProperty().get() > 5);
        assertEquals(-1, vm.replayPositionProperty().get(), "Play leaves the replay");
    }

    @Test
    void theCounterpartOfADesignIsTheSameNetworkWithOrWithoutShortcuts() {
        var residual = Templates.find("chain-sigmoid-4-residual").orElseThrow().spec();
        var plain = Templates.find("chain-sigmoid-4").orElseThrow().spec();
        var fromResidual = MainViewModel.counterpart(residual).orElseThrow();
        assertTrue(fromResidual.currentHasShortcuts());
        assertEquals(plain.nodes().stream().map(n -> n.layer()).toList(),
                fromResidual.withoutShortcuts().nodes().stream().map(n -> n.layer()).toList(), "node for node");
        var fromPlain = MainViewModel.counterpart(plain).orElseThrow();
        assertFalse(fromPlain.currentHasShortcuts());
        assertEquals(residual, fromPlain.withShortcuts());
        assertEquals("resnet20", MainViewModel.counterpart(Templates.find("plain20").orElseThrow().spec()).orElseThrow()
                .withShortcuts().name());
        assertTrue(MainViewModel.counterpart(Templates.find("lenet5").orElseThrow().spec()).isEmpty());
    }

    @Test
    void compareTrainsBothRunsInLockstep() {
        loaded("chain-sigmoid-4-residual");
        vm.compareProperty().set(true);
        Await.until("the twin ready", 30_000, vm::onFrame, () -> vm.stateProperty().get() == Trainer.State.READY);
        vm.step();
        vm.step();
        Await.until("two twin steps", 20_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 2);
        var pair = vm.twin().snapshotProperty().get();
        assertEquals(pair.a().snapshot().step(), pair.b().snapshot().step());
        assertEquals(pair.a().batchFingerprint(), pair.b().batchFingerprint(), "identical batches");
        assertEquals("with", vm.twin().nameAProperty().get());
        assertEquals("without", vm.twin().nameBProperty().get());
        assertEquals(2, vm.twin().lossAProperty().get().size());
        assertEquals(2, vm.twin().lossBProperty().get().size());
        vm.compareProperty().set(false);
        Await.until("back to one run", 10_000, vm::onFrame, () -> vm.stateProperty().get() != Trainer.State.LOADING);
    }

    /**
     * The numbers beside the charts follow the first twin, never the single run they replaced,
     * and the single run's come back with it.
     */
    @Test
    void compareShowsTheFirstRunsNumbersAndLeavingItTheSingleRunsAgain() {
        loaded("chain-sigmoid-4-residual");
        vm.step();
        Await.until("an evaluated step", 20_000, vm::onFrame,
                () -> vm.stepsDoneProperty().get() == 1 && !Double.isNaN(vm.testAccuracyProperty().get()));
        double singleLoss = vm.lossProperty().get(), singleTest = vm.testAccuracyProperty().get();
        vm.compareProperty().set(true);
        vm.onFrame();
        assertEquals(lastOf(vm.twin().testAccuracyAProperty().get()), vm.testAccuracyProperty().get(), "as the twin loads");
        Await.until("the twin ready", 30_000, vm::onFrame, () -> vm.stateProperty().get() == Trainer.State.READY);
        vm.step();
        vm.step();
        Await.until("two twin steps", 20_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 2);
        vm.onFrame();
        assertFalse(Double.isNaN(vm.testAccuracyProperty().get()), "the twin evaluated step 0");
        assertEquals(lastOf(vm.twin().testAccuracyAProperty().get()), vm.testAccuracyProperty().get());
        assertEquals(vm.twin().snapshotProperty().get().a().snapshot().loss(), vm.lossProperty().get());

        vm.compareProperty().set(false);
        vm.onFrame();
        assertEquals(1, vm.stepsDoneProperty().get());
        assertEquals(singleLoss, vm.lossProperty().get());
        assertEquals(singleTest, vm.testAccuracyProperty().get());
    }

    private static double lastOf(reslab.app.chart.LossSeries s) {
        return s.size() == 0 ? Double.NaN : s.value(s.size() - 1);
    }

    @Test
    void aDesignWithoutCounterpartSaysSo() {
        loaded("chain-sigmoid-4");
        commands.reset(reslab.app.AppViewModel.documentOf(Templates.find("lenet5").orElseThrow()));
        Await.until("lenet5 ready", 60_000, vm::onFrame, () -> vm.stateProperty().get() == Trainer.State.READY);
        vm.compareProperty().set(true);
        vm.onFrame();
        assertEquals("compare.problem.none", vm.compareProblemProperty().get());
        assertFalse(vm.canPlay().get(), "nothing to train in compare mode");
    }

    @Test
    void anInvalidDesignCannotTrainAndSaysWhy() throws Exception {
        loaded("chain-sigmoid-4");
        commands.execute(reslab.app.design.Description.of("test"), d -> reslab.app.design.DesignEdits.disconnect(d, "dense2", "sigmoid2"));
        Await.until("the design problem", 10_000, vm::onFrame, () -> !vm.designProblemProperty().get().isEmpty());
        assertFalse(vm.canPlay().get());
        assertFalse(vm.canStep().get());
        Await.until("the trainer to drop the network", 10_000, vm::onFrame, () -> vm.depthProfileProperty().get().bars().isEmpty());
        commands.undo();
        Await.until("ready again", 20_000, vm::onFrame, () -> vm.designProblemProperty().get().isEmpty()
                && vm.stateProperty().get() == Trainer.State.READY);
        assertTrue(vm.canPlay().get());
    }

    @Test
    void movingACardDoesNotRestartTraining() throws Exception {
        loaded("chain-sigmoid-4");
        vm.step();
        Await.until("one step", 10_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 1);
        commands.execute(reslab.app.design.Description.of("test"),
                d -> reslab.app.design.DesignEdits.moveNodes(d, java.util.Set.of("dense1"), 50, 0));
        Thread.sleep(300);
        vm.onFrame();
        assertEquals(1, vm.stepsDoneProperty().get());
    }

    @Test
    void aNewRunClearsTheLossCurveOfTheOldOne() {
        loaded("chain-sigmoid-4", "chain-sigmoid-4-residual");
        vm.step();
        vm.step();
        vm.step();
        Await.until("three steps", 10_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == 3);
        vm.templateProperty().set(vm.templates().get(1));
        Await.until("the other template", 20_000, vm::onFrame,
                () -> vm.stateProperty().get() == Trainer.State.READY && vm.lossSeriesProperty().get().size() == 1);
        assertNotEquals(3, vm.stepsDoneProperty().get());
    }
}
