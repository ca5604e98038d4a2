package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import reslab.engine.data.Batches;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.shape.ResidualEdits;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.telemetry.TwinSnapshot;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** Twin runs on their own thread: every check polls with a deadline instead of sleeping. */
class TwinTrainerTest {
    private static final long TIMEOUT_MS = 20_000;
    private static final Template RESIDUAL = Templates.find("chain-sigmoid-4-residual").orElseThrow();
    private static final NetworkSpec PLAIN = ResidualEdits.withoutShortcuts(RESIDUAL.spec()).spec();
    private static final Split DATA = DatasetCatalog.load(RESIDUAL.dataset()).orElseThrow();
    private static final TrainingConfig CONFIG = RESIDUAL.training();

    private final List<TwinTrainer> trainers = new ArrayList<>();

    @AfterEach
    void closeTrainers() {
        for (TwinTrainer t : trainers) t.close(2000);
    }

    private static TwinTrainer.Design design(String name, NetworkSpec spec, Split data, TrainingConfig config) {
        return new TwinTrainer.Design(name, runId -> new TrainingSession(spec, data, config, runId));
    }

    private static TwinTrainer.Design residual() {
        return design("with shortcuts", RESIDUAL.spec(), DATA, CONFIG);
    }

    private static TwinTrainer.Design plain() {
        return design("plain", PLAIN, DATA, CONFIG);
    }

    /** Every weight 1e20: the first forward overflows float, so the first step diverges. */
    private static NetworkSpec exploding() {
        Init huge = Init.constant(1e20);
        return new NetworkSpec("exploding", List.of(NodeSpec.of("input", new InputSpec(Shape.of(2))),
                NodeSpec.of("d1", new DenseSpec(8, huge), "input"), NodeSpec.of("r1", new ReluSpec(), "d1"),
                NodeSpec.of("d2", new DenseSpec(8, huge), "r1"), NodeSpec.of("r2", new ReluSpec(), "d2"),
                NodeSpec.of("output", new DenseSpec(2, huge), "r2")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    private TwinTrainer twin() {
        TwinTrainer t = new TwinTrainer();
        trainers.add(t);
        return t;
    }

    private TwinTrainer loaded(TwinTrainer.Design a, TwinTrainer.Design b) {
        TwinTrainer t = twin();
        t.load(a, b);
        await(t, "the preview pair after load", () -> t.latest() != null && t.state() == Trainer.State.READY);
        return t;
    }

    private static void await(TwinTrainer t, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                TwinSnapshot s = t.latest();
                fail("timed out waiting for " + what + "; state " + t.state() + ", message '" + t.message() + "', latest "
                        + (s == null ? "none" : "step " + s.step() + (s.preview() ? " preview" : "")));
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static long step(TwinTrainer t) {
        TwinSnapshot s = t.latest();
        return s == null || s.preview() ? -1 : s.step();
    }

    /** Steps once and waits for it. */
    private static void stepOnce(TwinTrainer t) {
        long before = step(t);
        t.step();
        await(t, "step " + (before + 1), () -> step(t) == before + 1 || t.state() == Trainer.State.FAILED);
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static double[] labels(Batches.Batch b) {
        return java.util.Arrays.stream(b.labels()).asDoubleStream().toArray();
    }

    private static double[] values(Batches.Batch b) {
        return b.x().dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    @Test
    void loadPublishesAPreviewPairAtStepZero() {
        TwinTrainer t = loaded(plain(), residual());
        TwinSnapshot s = t.latest();
        assertTrue(s.preview());
        assertEquals(0, s.step());
        assertEquals("plain", s.a().name());
        assertEquals("with shortcuts", s.b().name());
        assertTrue(s.a().snapshot().preview() && s.b().snapshot().preview());
        assertEquals(s.a().batchFingerprint(), s.b().batchFingerprint());
        assertEquals(s.runId(), s.a().snapshot().runId(), "both sessions get the twin's run id");
        assertEquals(s.runId(), s.b().snapshot().runId());
        assertTrue(s.bothAlive());
        assertNotEquals(s.a().snapshot().nodes().size(), s.b().snapshot().nodes().size(), "two different designs");
    }

    @Test
    void bothRunsAreGivenIdenticalBatchesTheOnesASoloRunWouldGet() {
        TwinTrainer t = loaded(plain(), residual());
        TrainingSession solo = new TrainingSession(RESIDUAL.spec(), DATA, CONFIG, 99);
        for (int k = 0; k < 6; k++) {
            double[][] pair = get(t.withSessions((x, y) -> new double[][] {values(x.nextBatch()), values(y.nextBatch()),
                    labels(x.nextBatch()), labels(y.nextBatch())}));
            Batches.Batch own = solo.nextBatch();
            assertArrayEquals(pair[0], pair[1], 0.0, "step " + k + ": same inputs");
            assertArrayEquals(pair[2], pair[3], 0.0, "step " + k + ": same labels");
            assertArrayEquals(values(own), pair[0], 0.0, "step " + k + ": the batch order of a run on its own");
            solo.step();
            stepOnce(t);
        }
        for (TwinSnapshot s : t.history().snapshots()) assertEquals(s.a().batchFingerprint(), s.b().batchFingerprint());
    }

    @Test
    void playKeepsTheRunsInLockstep() {
        TwinTrainer t = loaded(plain(), residual());
        t.play();
        await(t, "some steps", () -> step(t) >= 12);
        t.pause();
        await(t, "the pause", () -> t.state() == Trainer.State.PAUSED);
        List<TwinSnapshot> h = t.history().snapshots();
        for (int i = 0; i < h.size(); i++) {
            TwinSnapshot s = h.get(i);
            assertEquals(i, s.step(), "one pair per step, none skipped");
            assertEquals(s.step(), s.a().snapshot().step());
            assertEquals(s.step(), s.b().snapshot().step());
            assertFalse(s.preview());
        }
        assertEquals(t.latest(), h.get(h.size() - 1));
    }

    @Test
    void aTwinRunRepeatsExactlyAndEachSideEqualsItsRunAlone() {
        TwinTrainer t = loaded(plain(), residual());
        int steps = 5;
        for (int k = 0; k < steps; k++) stepOnce(t);
        List<TwinSnapshot> first = t.history().snapshots();
        long oldRun = t.latest().runId();
        t.reset();
        await(t, "the reset", () -> t.latest() != null && t.latest().runId() != oldRun && t.state() == Trainer.State.READY);
        for (int k = 0; k < steps; k++) stepOnce(t);
        List<TwinSnapshot> second = t.history().snapshots();

        TrainingSession soloPlain = new TrainingSession(PLAIN, DATA, CONFIG, 1);
        TrainingSession soloResidual = new TrainingSession(RESIDUAL.spec(), DATA, CONFIG, 1);
        assertEquals(steps, first.size());
        for (int k = 0; k < steps; k++) {
            assertEquals(first.get(k).a().snapshot().loss(), second.get(k).a().snapshot().loss(), 0.0, "plain, step " + k);
            assertEquals(first.get(k).b().snapshot().loss(), second.get(k).b().snapshot().loss(), 0.0, "residual, step " + k);
            assertEquals(soloPlain.step().loss(), first.get(k).a().snapshot().loss(), 0.0, "plain alone, step " + k);
            assertEquals(soloResidual.step().loss(), first.get(k).b().snapshot().loss(), 0.0, "residual alone, step " + k);
        }
        assertNotEquals(first.get(steps - 1).a().snapshot().loss(), first.get(steps - 1).b().snapshot().loss());
    }

    @Test
    void aDivergedRunStopsTheTwinPausesAndTheOtherGoesOn() {
        TwinTrainer t = loaded(design("exploding", exploding(), DATA, CONFIG), residual());
        t.step();
        await(t, "the divergence", () -> t.state() == Trainer.State.PAUSED && !t.message().isEmpty());
        TwinSnapshot s = t.latest();
        assertFalse(s.a().alive());
        assertTrue(s.a().diverged().contains("diverged"), s.a().diverged());
        assertTrue(s.b().alive());
        assertEquals(0, s.step(), "the survivor took step 0");
        assertFalse(s.b().snapshot().preview());
        assertTrue(t.message().contains("'exploding' diverged") && t.message().contains("'with shortcuts' goes on"), t.message());

        t.play();
        await(t, "the survivor training on", () -> step(t) >= 5);
        t.pause();
        await(t, "the pause", () -> t.state() == Trainer.State.PAUSED);
        TwinSnapshot later = t.latest();
        assertFalse(later.a().alive());
        assertTrue(later.a().snapshot().preview(), "the diverged run keeps its last good snapshot");
        assertEquals(later.step(), later.b().snapshot().step());
        TrainingSession solo = new TrainingSession(RESIDUAL.spec(), DATA, CONFIG, 1);
        List<TwinSnapshot> h = t.history().snapshots();
        for (TwinSnapshot p : h) assertEquals(solo.step().loss(), p.b().snapshot().loss(), 0.0, "same batches as alone, step " + p.step());
    }

    @Test
    void bothDivergingFailsTheTwin() {
        TwinTrainer t = loaded(design("one", exploding(), DATA, CONFIG), design("two", exploding(), DATA, CONFIG));
        t.step();
        await(t, "the failure", () -> t.state() == Trainer.State.FAILED);
        assertTrue(t.message().startsWith("both runs diverged"), t.message());
        assertFalse(t.latest().a().alive());
        assertFalse(t.latest().b().alive());
        assertEquals(0, t.history().snapshots().stream().filter(s -> !s.preview()).count(), "no step was taken");
    }

    @Test
    void differentSettingsAreRefused() {
        TwinTrainer t = twin();
        t.load(plain(), design("with shortcuts", RESIDUAL.spec(), DATA, CONFIG.withSeed(CONFIG.seed() + 1)));
        await(t, "the refusal", () -> t.state() == Trainer.State.FAILED);
        assertTrue(t.message().contains("differ in seed"), t.message());
        assertNull(t.latest());
    }

    @Test
    void differentDataIsCaughtBeforeAnyStep() {
        Split circles = DatasetCatalog.load("circles").orElseThrow();
        TwinTrainer t = twin();
        t.load(plain(), design("with shortcuts", RESIDUAL.spec(), circles, CONFIG));
        await(t, "the refusal", () -> t.state() == Trainer.State.FAILED);
        assertTrue(t.message().contains("identical batches"), t.message());
    }

    @Test
    void batchesThatDriftApartLaterAreCaughtAtThatStep() {
        // A copy of the training set with one example changed: one that the second batch holds and the first does not.
        TrainingSession probe = new TrainingSession(PLAIN, DATA, CONFIG, 1);
        double[] first = values(probe.nextBatch());
        probe.step();
        double[] second = values(probe.nextBatch());
        reslab.engine.data.Dataset train = DATA.train();
        float[] features = new float[train.size() * 2];
        int[] labels = new int[train.size()];
        for (int i = 0; i < train.size(); i++) {
            train.copyFeatures(i, features, 2 * i);
            labels[i] = train.label(i);
        }
        int changed = -1;
        for (int i = 0; i < train.size() && changed < 0; i++) {
            if (holds(second, features[2 * i], features[2 * i + 1]) && !holds(first, features[2 * i], features[2 * i + 1])) changed = i;
        }
        assertTrue(changed >= 0);
        features[2 * changed] += 0.5f;
        Split drifted = new Split(new reslab.engine.data.Dataset("drifted", train.shape(), train.classes(), features, labels), DATA.test());

        TwinTrainer t = loaded(plain(), design("with shortcuts", RESIDUAL.spec(), drifted, CONFIG));
        stepOnce(t);
        t.step();
        await(t, "the refusal", () -> t.state() == Trainer.State.FAILED);
        assertTrue(t.message().contains("identical batches") && t.message().contains("at step 1"), t.message());
        assertEquals(0, t.latest().step(), "step 1 was not taken by either run");
    }

    private static boolean holds(double[] batch, float x0, float x1) {
        for (int r = 0; r < batch.length / 2; r++) if (batch[2 * r] == x0 && batch[2 * r + 1] == x1) return true;
        return false;
    }

    @Test
    void stopThenPlayStartsBothAfreshAtStepZero() {
        TwinTrainer t = loaded(plain(), residual());
        t.play();
        await(t, "a few steps", () -> step(t) >= 3);
        t.stop();
        await(t, "the stop", () -> t.state() == Trainer.State.STOPPED);
        long oldRun = t.latest().runId();
        t.play();
        await(t, "a new run", () -> t.latest() != null && t.latest().runId() != oldRun && step(t) >= 1);
        t.pause();
        await(t, "the pause", () -> t.state() == Trainer.State.PAUSED);
        List<TwinSnapshot> h = t.history().snapshots();
        assertEquals(0, h.get(0).step());
        assertTrue(h.stream().allMatch(s -> s.runId() == t.latest().runId()), "history holds only the new run");
    }

    @Test
    void sessionsCanBeReadBetweenStepsWhileRunning() {
        TwinTrainer t = loaded(plain(), residual());
        t.play();
        await(t, "a step", () -> step(t) >= 2);
        long[] counts = get(t.withSessions((x, y) -> new long[] {x.stepCount(), y.stepCount()}));
        assertEquals(counts[0], counts[1], "between steps, never inside one");
        FrozenBatch frozen = get(t.withSessions((x, y) -> FrozenBatch.capture(y)));
        assertEquals(RESIDUAL.spec(), frozen.weights().spec());
        await(t, "training to go on", () -> step(t) >= counts[0] + 2);
    }

    @Test
    void readingSessionsBeforeLoadFails() {
        TwinTrainer t = twin();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> t.withSessions((x, y) -> 1).get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @Test
    void theSpeedCapHoldsBackTheNextStep() {
        TwinTrainer t = loaded(plain(), residual());
        t.setMaxStepsPerSecond(0.5);                                  // one step per two seconds
        t.play();
        await(t, "the first step", () -> step(t) >= 0);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        while (System.nanoTime() < end) {
            assertEquals(0, step(t), "no second step within 0.4 s at 0.5 steps/s");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        t.setMaxStepsPerSecond(Double.POSITIVE_INFINITY);
        await(t, "full speed again", () -> step(t) >= 3);
    }

    @Test
    void closeWhileRunningEndsTheThreadPromptly() {
        TwinTrainer t = loaded(plain(), residual());
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
        TwinTrainer t = twin();
        t.load(new TwinTrainer.Design("slow", runId -> {
            building.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TrainingSession(PLAIN, DATA, CONFIG, runId);
        }), residual());
        assertTrue(building.await(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        t.close(10);
        release.countDown();
        await(t, "the thread to end", () -> !t.isAlive());
        assertEquals(Trainer.State.CLOSED, t.state());
    }

    @Test
    void aFactoryThatThrowsFailsNamingItsRun() {
        TwinTrainer t = twin();
        t.load(plain(), new TwinTrainer.Design("broken", runId -> {
            throw new IllegalStateException("dataset 'moons' is not installed");
        }));
        await(t, "the failure", () -> t.state() == Trainer.State.FAILED);
        assertEquals("run 'broken': dataset 'moons' is not installed", t.message());
    }

    @Test
    void fingerprintsTellBatchesApartButNotLayouts() {
        Batches batches = new Batches(DATA.train(), 16, 3, DataType.FLOAT);
        Batches.Batch one = batches.next(), two = batches.next();
        Batches.Batch asImages = new Batches.Batch(one.x().reshape(16, 1, 1, 2), one.oneHot(), one.labels());
        assertEquals(TwinTrainer.fingerprint(one), TwinTrainer.fingerprint(asImages), "the same examples laid out as 1x1x2 images");
        assertNotEquals(TwinTrainer.fingerprint(one), TwinTrainer.fingerprint(two));
        int[] otherLabels = one.labels().clone();
        otherLabels[0] = 1 - otherLabels[0];
        assertNotEquals(TwinTrainer.fingerprint(one), TwinTrainer.fingerprint(new Batches.Batch(one.x(), one.oneHot(), otherLabels)));
    }
}
