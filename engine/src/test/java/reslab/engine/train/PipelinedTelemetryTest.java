package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * Telemetry read on another thread while the next step runs gives exactly the numbers read
 * in line. The reader here starts late on purpose: the next step's forward runs meanwhile
 * (the outputs' numbers were taken before, on the training thread), and had its loss and
 * backward not waited, they would have overwritten the gradients first.
 */
class PipelinedTelemetryTest {
    /** Runs each task on a fresh thread after a pause, long enough for a whole unguarded step. */
    private static final Executor LATE_READER = task -> {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        });
        t.start();
    };

    // lenet5: convolutions, pooling and a Flatten whose output shares its input's memory;
    // the residual chain: Adds with the gradient split, the data as a block input; resnet20:
    // blocked layouts, batch norm, Shortcut A.
    @ParameterizedTest
    @CsvSource({"lenet5, mnist", "chain-relu-6-residual, spirals", "resnet20, synthetic"})
    void pipelinedSnapshotsEqualInLineOnes(String id, String dataset) {
        Template t = Templates.find(id).orElseThrow();
        Split data = DatasetCatalog.load(dataset).orElseThrow();
        TrainingConfig config = t.training().withBatchSize(16).withEvalEvery(2).withTelemetry(true);
        TrainingSession inLine = new TrainingSession(t.spec(), data, config, 1);
        TrainingSession piped = new TrainingSession(t.spec(), data, config, 1);
        List<StepSnapshot> published = Collections.synchronizedList(new ArrayList<>());
        List<StepSnapshot> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add(inLine.step());
            piped.stepPipelined(published::add, LATE_READER);
        }
        piped.awaitTelemetry();
        assertEquals(4, published.size());
        for (int i = 0; i < 4; i++) {
            StepSnapshot want = expected.get(i), got = published.get(i);
            assertEquals(i, got.step());
            assertFalse(got.nodes().isEmpty());
            assertEquals(want, got, "step " + i);
        }
        assertTrue(published.get(0).evaluated() && published.get(2).evaluated());
    }
}
