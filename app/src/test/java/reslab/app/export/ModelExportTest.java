package reslab.app.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.app.AppViewModel;
import reslab.app.Await;
import reslab.app.TestDesigns;
import reslab.app.main.MainViewModel;
import reslab.engine.data.Batches;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.onnx.OnnxExport;
import reslab.engine.shape.ShapeInference;
import reslab.engine.train.Trainer;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Templates;

/**
 * The ONNX export from the app: the weights the trainer holds (copied between steps), the
 * initial ones before any training, and a design that is not valid refused with its problems.
 * Real trainer and files; the exported model runs in onnxruntime.
 */
class ModelExportTest {
    private static final String TEMPLATE = "chain-sigmoid-6-residual";
    @TempDir
    Path dir;
    private AppViewModel app;

    @BeforeAll
    static void fx() throws Exception {
        ExportFixtures.startFx();
    }

    @AfterEach
    void close() {
        if (app != null) app.close(2000);
    }

    private static AppViewModel ready() {
        AppViewModel a = new AppViewModel(reslab.app.TestDialogs.tempStore(), List.of(Templates.find(TEMPLATE).orElseThrow()));
        Await.until("ready", 30_000, a::onFrame, () -> a.training().stateProperty().get() == Trainer.State.READY);
        return a;
    }

    private static void steps(AppViewModel a, int n) {
        for (int i = 0; i < n; i++) {
            long before = a.training().stepsDoneProperty().get();
            a.training().step();
            Await.until("a step", 20_000, a::onFrame, () -> a.training().stepsDoneProperty().get() == before + 1);
        }
    }

    private ExportViewModel.Outcome exportModel(Path target) throws Exception {
        return ExportFixtures.fx(() -> app.export().model(target)).get(60, TimeUnit.SECONDS);
    }

    /** Row-wise softmax of [batch, classes], in double, as the engine's evaluation reports class scores. */
    private static float[] softmax(INDArray logits) {
        double[][] z = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
        float[] p = new float[z.length * z[0].length];
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double v : z[i]) max = Math.max(max, v);
            for (double v : z[i]) sum += Math.exp(v - max);
            for (int k = 0; k < z[i].length; k++) p[i * z[i].length + k] = (float) (Math.exp(z[i][k] - max) / sum);
        }
        return p;
    }

    private static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length, "output size");
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst;
    }

    @Test
    void theTrainedWeightsRunInOnnxRuntimeAsInTheEngine() throws Exception {
        app = ready();
        steps(app, 5);
        Path target = dir.resolve("trained.onnx");
        ExportViewModel.Outcome o = exportModel(target);
        assertEquals(ExportViewModel.Outcome.Status.DONE, o.status(), String.valueOf(o.failure()));

        // The trainer is paused: capturing again gives the weights the file was made from.
        MainViewModel.ModelWeights w = ExportFixtures.fx(() -> app.training().captureModel()).get(30, TimeUnit.SECONDS);
        assertNotNull(w.trained(), "a trained run");
        assertEquals(5, w.trained().step());
        Split data = DatasetCatalog.load(app.training().settingsProperty().get().dataset()).orElseThrow();
        int[] rows = new int[16];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        INDArray x = Batches.batchOf(data.test(), rows, DataType.FLOAT).x().dup('c');
        float[] expected = softmax(OnnxExport.trained(w.spec(), w.trained()).predict(x));
        float[] initial = softmax(CompiledNetwork.compile(w.spec(), w.config().dataType(), w.config().seed()).predict(x));

        OnnxRuntimeRun.Result r = OnnxRuntimeRun.run(dir, target, x.data().asFloat(), x.shape());
        assertEquals(0, r.exitCode(), "onnxruntime failed:\n" + r.stderr());
        assertEquals("", r.stderr(), "onnxruntime loads it without a warning");
        assertEquals("input", r.inputName(), "tensors named as the design's nodes");
        assertEquals(OnnxExport.PROBABILITIES, r.outputName());
        assertTrue(maxDifference(expected, r.output()) <= 1e-5, "max |onnx - engine| = " + maxDifference(expected, r.output()));
        assertTrue(maxDifference(initial, r.output()) > 1e-4, "the trained weights, not the initial ones");
    }

    @Test
    void anUntrainedDesignExportsItsInitialWeights() throws Exception {
        app = ready();
        Path fresh = dir.resolve("fresh.onnx");
        assertEquals(ExportViewModel.Outcome.Status.DONE, exportModel(fresh).status());
        var settings = app.training().settingsProperty().get();
        var spec = settings.applyTo(app.commands().current().network());
        Split data = DatasetCatalog.load(settings.dataset()).orElseThrow();
        byte[] seeded = OnnxExport.toBytes(new TrainingSession(spec, data, settings.config(), 1).network());
        assertArrayEquals(seeded, Files.readAllBytes(fresh), "the weights a new run of the seed starts from");

        // Four inputs do not fit the spirals the settings name: no run loads, the weights come from the seed alone.
        ExportFixtures.fx(() -> {
            app.project().newProject(TestDesigns.small());
            return null;
        });
        Await.until("no run", 20_000, app::onFrame, () -> app.training().stateProperty().get() == Trainer.State.FAILED
                || app.training().stateProperty().get() == Trainer.State.EMPTY);
        Path small = dir.resolve("small.onnx");
        assertEquals(ExportViewModel.Outcome.Status.DONE, exportModel(small).status());
        var s = app.training().settingsProperty().get();
        byte[] initial = OnnxExport.toBytes(CompiledNetwork.compile(s.applyTo(TestDesigns.small().network()), s.config().dataType(), s.config().seed()));
        assertArrayEquals(initial, Files.readAllBytes(small));
    }

    @Test
    void anInvalidDesignIsRefusedWithItsDiagnosticsAndNothingIsWritten() throws Exception {
        app = ready();
        ProjectDocument broken = TestDesigns.mismatchedResidual();
        ExportFixtures.fx(() -> {
            app.project().newProject(broken);
            return null;
        });
        Path target = dir.resolve("broken.onnx");
        ExportViewModel.Outcome o = exportModel(target);
        assertEquals(ExportViewModel.Outcome.Status.FAILED, o.status());
        assertEquals(ExportFailure.Reason.INVALID_DESIGN, o.failure().reason());
        assertEquals(ShapeInference.analyze(broken.network()).diagnostics(), o.failure().diagnostics(), "the engine's own diagnostics");
        assertTrue(o.failure().detail().startsWith("add1: "), o.failure().detail());
        assertEquals(List.of(), CsvExportTest.listing(dir), "no file, no temporary file");
        var early = ExportFixtures.fx(() -> app.export().refuseInvalidModel());
        assertTrue(early.isPresent(), "refused before a file is even chosen");
        assertNull(early.get().target());
        assertNull(ExportFixtures.fx(() -> app.export().runningProperty().get()), "nothing left running");
    }
}
