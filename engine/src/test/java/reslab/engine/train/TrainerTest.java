package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import reslab.engine.data.Dataset;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.spec.Shape;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** The trainer runs on its own thread: every check polls with a deadline instead of sleeping. */
class TrainerTest {
    private static final long TIMEOUT_MS = 20_000;
    private static final Template TEMPLATE = Templates.find("chain-sigmoid-4").orElseThrow();
    private static final Split DATA = DatasetCatalog.load(TEMPLATE.dataset()).orElseThrow();
    private static final LongFunction<TrainingSession> FACTORY =
            runId -> new TrainingSession(TEMPLATE.spec(), DATA, TEMPLATE.training(), runId);

    private final List<Trainer> trainers = new ArrayList<>();

    @AfterEach
    void closeTrainers() {
        for (Trainer t : trainers) t.close(2000);
    }

    private Trainer trainer() {
        Trainer t = new Trainer();
        trainers.add(t);
        return t;
    }

    private static void await(Trainer t, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StepSnapshot s = t.latest();
                fail("timed out waiting for " + what + "; state " + t.state() + ", message '" + t.message()
                        + "', latest " + (s == null ? "none" : "step " + s.step() + (s.preview() ? " preview" : "")));
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Samples {@code value} for {@code millis} and fails if it ever changes. */
    private static void assertStaysTheSame(String what, long millis, java.util.function.LongSupplier value) {
        long first = value.getAsLong();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            assertEquals(first, value.getAsLong(), what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Trainer loaded() {
        Trainer t = trainer();
        t.load(FACTORY);
        await(t, "the preview after load", () -> t.latest() != null && t.state() == Trainer.State.READY);
        return t;
    }

    private static long step(Trainer t) {
        StepSnapshot s = t.latest();
        return s == null ? -1 : s.step();
    }

    @Test
    void loadPublishesAPreviewAtStepZeroAndIsReady() {
        Trainer t = loaded();
        StepSnapshot s = t.latest();
        assertTrue(s.preview());
        assertEquals(0, s.step());
        assertFalse(s.nodes().isEmpty(), "the preview carries the gradients at initialisation");
        assertEquals(1, t.history().size());
    }

    @Test
    void firstStepUsesTheBatchThePreviewShowed() {
        Trainer t = loaded();
        StepSnapshot preview = t.latest();
        t.step();
        await(t, "the first step", () -> !t.latest().preview());
        assertEquals(0, t.latest().step());
        assertEquals(preview.loss(), t.latest().loss(), 0.0);
        assertEquals(Trainer.State.PAUSED, t.state());
    }

    @Test
    void stepAppliesExactlyOneBatchAndPauses() {
        Trainer t = loaded();
        t.step();
        await(t, "the first step", () -> !t.latest().preview());
        long before = step(t);
        t.step();
        await(t, "one more step", () -> step(t) > before);
        assertEquals(before + 1, step(t));
        assertEquals(Trainer.State.PAUSED, t.state());
        assertStaysTheSame("no further step after Step", 300, () -> t.history().revision());
        assertEquals(before + 1, step(t));
    }

    @Test
    void playAdvancesAndPauseStops() {
        Trainer t = loaded();
        t.play();
        await(t, "a few steps", () -> step(t) >= 5);
        assertEquals(Trainer.State.RUNNING, t.state());
        t.pause();
        await(t, "the pause", () -> t.state() == Trainer.State.PAUSED);
        assertStaysTheSame("no step while paused", 300, () -> step(t));
    }

    @Test
    void stopThenPlayStartsAFreshRunAtStepZero() {
        Trainer t = loaded();
        t.play();
        await(t, "a few steps", () -> step(t) >= 3);
        t.stop();
        await(t, "the stop", () -> t.state() == Trainer.State.STOPPED);
        long oldRun = t.latest().runId();
        t.play();
        await(t, "a new run", () -> t.latest().runId() != oldRun);
        t.pause();
        await(t, "the pause", () -> t.state() == Trainer.State.PAUSED);
        List<StepSnapshot> history = t.history().snapshots();
        assertEquals(0, history.get(0).step(), "the new run starts at step 0");
        long newRun = t.latest().runId();
        assertTrue(history.stream().allMatch(s -> s.runId() == newRun), "history holds only the new run");
    }

    @Test
    void resetReturnsToAPreviewAtStepZeroOfAFreshRun() {
        Trainer t = loaded();
        t.step();
        t.step();
        await(t, "two steps", () -> step(t) == 1);
        long oldRun = t.latest().runId();
        t.reset();
        await(t, "the reset", () -> t.latest().runId() != oldRun && t.state() == Trainer.State.READY);
        assertTrue(t.latest().preview());
        assertEquals(0, t.latest().step());
        assertEquals(1, t.history().size());
    }

    @Test
    void freshRunAfterResetRepeatsTheFirstRun() {
        Trainer t = loaded();
        double firstPreview = t.latest().loss();
        t.step();
        await(t, "a step", () -> !t.latest().preview());
        long oldRun = t.latest().runId();
        t.reset();
        await(t, "the reset", () -> t.latest().runId() != oldRun && t.state() == Trainer.State.READY);
        assertEquals(firstPreview, t.latest().loss(), 0.0, "same seed: same weights and batch");
    }

    @Test
    void factoryThatThrowsFailsWithItsMessage() {
        Trainer t = trainer();
        t.load(runId -> {
            throw new IllegalStateException("dataset 'moons' is not installed");
        });
        await(t, "the failure", () -> t.state() == Trainer.State.FAILED);
        assertEquals("dataset 'moons' is not installed", t.message());
    }

    @Test
    void nanInputDataFailsNamingTheLoss() {
        float[] f = new float[16 * 2];
        java.util.Arrays.fill(f, Float.NaN);
        int[] y = new int[16];
        Dataset bad = new Dataset("bad", Shape.of(2), 2, f, y);
        Trainer t = trainer();
        t.load(runId -> new TrainingSession(TEMPLATE.spec(), new Split(bad, bad), TEMPLATE.training(), runId));
        await(t, "the preview", () -> t.latest() != null);
        t.step();
        await(t, "the failure", () -> t.state() == Trainer.State.FAILED);
        assertTrue(t.message().contains("diverged") && t.message().contains("loss"), t.message());
    }

    @Test
    void hugeLearningRateFailsNamingWhereTrainingDiverged() {
        Template relu = Templates.find("chain-relu-4").orElseThrow();
        TrainingConfig huge = new TrainingConfig(1, 64, 1e6, 0.9, DataType.FLOAT, false);
        Trainer t = trainer();
        t.load(runId -> new TrainingSession(relu.spec(), DATA, huge, runId));
        await(t, "the preview", () -> t.latest() != null);
        t.play();
        await(t, "the failure", () -> t.state() == Trainer.State.FAILED);
        String m = t.message();
        assertTrue(m.contains("diverged") && (m.contains("loss") || m.contains("gradient of ")), m);
    }

    @Test
    void closeWhileRunningEndsTheThreadPromptly() {
        Trainer t = loaded();
        t.play();
        await(t, "a step", () -> step(t) >= 1);
        long start = System.nanoTime();
        t.close();
        await(t, "the thread to end", () -> !t.isAlive());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "close took over 2 s");
        assertEquals(Trainer.State.CLOSED, t.state());
    }

    @Test
    void closeWhileLoadingEndsClosed() throws InterruptedException {
        CountDownLatch building = new CountDownLatch(1), release = new CountDownLatch(1);
        Trainer t = trainer();
        t.load(runId -> {
            building.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FACTORY.apply(runId);
        });
        assertTrue(building.await(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        t.close(10);
        release.countDown();
        await(t, "the thread to end", () -> !t.isAlive());
        assertEquals(Trainer.State.CLOSED, t.state());
    }

    @Test
    void speedCapLimitsTheStepRate() {
        Trainer t = loaded();
        t.setMaxStepsPerSecond(10);
        long start = System.nanoTime();
        t.play();
        await(t, "a first step", () -> step(t) >= 1);
        await(t, "half a second", () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(500));
        double seconds = (System.nanoTime() - start) / 1e9;
        long steps = step(t) + 1;
        assertTrue(steps <= 10 * seconds + 2, steps + " steps in " + seconds + " s at 10 steps/s");
        assertNotEquals(Trainer.State.FAILED, t.state());
    }
}
