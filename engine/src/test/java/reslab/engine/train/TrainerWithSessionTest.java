package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** Trainer.withSession: reading the running session between steps, on the training thread. */
class TrainerWithSessionTest {
    private static final long TIMEOUT_MS = 20_000;
    private static final Template GATED = Templates.find("gated-mlp-2").orElseThrow();
    private static final Split MNIST = DatasetCatalog.load("mnist").orElseThrow();

    private final Trainer trainer = new Trainer();

    @AfterEach
    void close() {
        trainer.close(2000);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void beforeLoadTheFutureFails() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(trainer.withSession(TrainingSession::stepCount)));
        assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
    }

    @Test
    void whileRunningATaskSeesTheSessionBetweenStepsAndTrainingGoesOn() throws Exception {
        trainer.load(runId -> new TrainingSession(GATED.spec(), MNIST, GATED.training().withEvalEvery(0), runId));
        trainer.play();
        long first = get(trainer.withSession(TrainingSession::stepCount));
        String name = get(trainer.withSession(s -> Thread.currentThread().getName()));
        assertEquals("reslab-trainer", name);
        GatePruning.Result r = GatePruning.removeLowest(get(trainer.withSession(GatePruning.Input::capture)), 1);
        assertEquals(1, r.removed().size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (get(trainer.withSession(TrainingSession::stepCount)) <= first + 2) {
            assertTrue(System.nanoTime() < deadline, "training stopped after the tasks");
            Thread.sleep(5);
        }
        assertEquals(Trainer.State.RUNNING, trainer.state());
    }

    @Test
    void aTaskThatThrowsFailsItsFutureNotTheTrainer() throws Exception {
        trainer.load(runId -> new TrainingSession(GATED.spec(), MNIST, GATED.training(), runId));
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(trainer.withSession(s -> {
            throw new IllegalArgumentException("no such block");
        })));
        assertEquals("no such block", e.getCause().getMessage());
        assertEquals(0L, get(trainer.withSession(TrainingSession::stepCount)));
        assertTrue(trainer.state() == Trainer.State.READY, trainer.state().toString());
    }

    @Test
    void afterCloseTheFutureFailsAtOnce() {
        trainer.close(2000);
        CompletableFuture<Long> f = trainer.withSession(TrainingSession::stepCount);
        assertTrue(f.isCompletedExceptionally());
    }
}
