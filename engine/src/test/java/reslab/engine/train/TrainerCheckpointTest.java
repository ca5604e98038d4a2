package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** The trainer hands out a checkpoint between steps and resumes one on load. */
class TrainerCheckpointTest {
    private static final Template TEMPLATE = Templates.find("chain-tanh-4-residual").orElseThrow();
    private static final Split DATA = DatasetCatalog.load("spirals").orElseThrow();
    private static final LongFunction<TrainingSession> FACTORY =
            runId -> new TrainingSession(TEMPLATE.spec(), DATA, TEMPLATE.training().withTelemetry(false), runId);

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
            Thread.sleep(2);
        }
    }

    @Test
    void aCheckpointFromTheTrainerResumesInAnotherTrainerAtTheSameLoss() throws Exception {
        TrainingSession direct = FACTORY.apply(0);
        List<Double> losses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) losses.add(direct.step().loss());

        TrainingCheckpoint saved;
        try (Trainer t = new Trainer()) {
            assertEquals(Optional.empty(), t.checkpoint().get(20, TimeUnit.SECONDS), "nothing loaded yet");
            t.load(FACTORY);
            for (int i = 0; i < 4; i++) t.step();
            await("four steps", () -> t.latest() != null && !t.latest().preview() && t.latest().step() == 3);
            saved = t.checkpoint().get(20, TimeUnit.SECONDS).orElseThrow();
        }
        assertEquals(4, saved.step());

        try (Trainer t = new Trainer()) {
            t.load(FACTORY, saved);
            await("the preview of the resumed run", () -> t.latest() != null && t.latest().preview());
            StepSnapshot preview = t.latest();
            assertEquals(4, preview.step());
            assertEquals(losses.get(4), preview.loss(), 1e-6);
            t.step();
            t.step();
            await("two steps", () -> t.latest() != null && !t.latest().preview() && t.latest().step() == 5);
            assertEquals(losses.get(5), t.latest().loss(), 1e-6);
            t.reset();                                             // a restart starts afresh, not from the file
            await("the fresh run", () -> t.latest() != null && t.latest().preview() && t.latest().step() == 0);
            assertTrue(Math.abs(t.latest().loss() - losses.get(0)) < 1e-6, "step 0 of a fresh run");
        }
    }
}
