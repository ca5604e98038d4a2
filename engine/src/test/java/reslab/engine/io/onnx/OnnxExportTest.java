package reslab.engine.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Batches;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.Gate;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Templates;

/**
 * Every template small enough for a CPU test, and designs using every layer kind, exported
 * after a few training steps and run in onnxruntime: its output must match the engine's
 * evaluation-mode output (softmax of the logits) to 1e-5, and onnxruntime must load each file
 * without logging a warning or error.
 */
class OnnxExportTest {
    static final double TOLERANCE = 1e-5;
    static final int BATCH = 16, STEPS = 3;

    @TempDir
    Path dir;

    /** A trained network, the batch it is compared on, and the engine's answer. */
    record Prepared(String label, CompiledNetwork net, float[] input, long[] dims, float[] expected) {}

    static Map<String, NetworkSpec> cases() {
        Map<String, NetworkSpec> m = new LinkedHashMap<>();
        for (String act : List.of("sigmoid", "tanh", "relu", "leakyrelu")) {
            for (String suffix : List.of("", "-residual")) {
                String id = "chain-" + act + "-" + (act.equals("relu") ? 6 : 4) + suffix;
                m.put(id, Templates.find(id).orElseThrow().spec());
            }
        }
        m.put("chain-leakyrelu-5-residual", Templates.find("chain-leakyrelu-5-residual").orElseThrow().spec());
        for (String id : List.of("gated-mlp-2", "gated-resnet-mlp-2", "lenet5", "resnet20", "plain20")) {
            m.put(id, Templates.find(id).orElseThrow().spec());
        }
        for (ShortcutOption o : ShortcutOption.values()) {
            NetworkSpec s = ExportNets.smallResNet(o);
            m.put(s.name(), s);
        }
        for (NetworkSpec s : List.of(ExportNets.everyImageLayer(), ExportNets.everyFlatLayer(), ExportNets.meanSquaredError())) {
            m.put(s.name(), s);
        }
        m.put(DOUBLE_CASE, Templates.find("gated-resnet-mlp-2").orElseThrow().spec());
        return m;
    }

    /** A network trained in double precision: the export rounds its weights to float. */
    static final String DOUBLE_CASE = "gated-resnet-mlp-2 (float64)";

    static Prepared prepare(String label, NetworkSpec spec) {
        TrainingConfig config = TrainingConfig.defaults(Templates.DEFAULT_SEED).withBatchSize(8).withLearningRate(0.02)
                .withTelemetry(false).withEvalEvery(0).withDataType(label.equals(DOUBLE_CASE) ? DataType.DOUBLE : DataType.FLOAT);
        TrainingSession s = new TrainingSession(spec, DatasetCatalog.load("synthetic").orElseThrow(), config, 1);
        for (int i = 0; i < STEPS; i++) s.step();
        // Gates away from their initial 1, so the (1 - g) x term of a plain gate counts; one shut (k < 0).
        int gates = 0;
        for (CompiledNetwork.Node n : s.network().nodes()) {
            if (n.layer() instanceof Gate g) g.parameters().get(0).value().assign(gates++ % 2 == 0 ? 0.6 : -0.2);
        }
        int[] idx = new int[BATCH];
        for (int i = 0; i < BATCH; i++) idx[i] = i;
        Batches.Batch b = Batches.batchOf(s.data().test(), idx, DataType.FLOAT);
        INDArray out = s.network().predict(b.x().castTo(config.dataType()));
        float[] expected = spec.loss() == LossKind.SOFTMAX_CROSS_ENTROPY ? softmax(out) : out.dup('c').data().asFloat();
        return new Prepared(label, s.network(), b.x().dup('c').data().asFloat(), b.x().shape(), expected);
    }

    private static double min(float[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (float x : v) m = Math.min(m, x);
        return m;
    }

    private static double max(float[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (float x : v) m = Math.max(m, x);
        return m;
    }

    /** Row-wise softmax of [batch, classes], in double. */
    static float[] softmax(INDArray logits) {
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

    @Test
    void everyTemplateAndLayerKindRunsInOnnxRuntimeAsInTheEngine() throws Exception {
        List<Prepared> prepared = new ArrayList<>();
        List<OnnxRuntimeProcess.Job> jobs = new ArrayList<>();
        for (Map.Entry<String, NetworkSpec> e : cases().entrySet()) {
            Prepared p = prepare(e.getKey(), e.getValue());
            Path model = dir.resolve(e.getKey().replace(' ', '_') + ".onnx");
            OnnxExport.write(p.net(), model);
            prepared.add(p);
            jobs.add(new OnnxRuntimeProcess.Job(e.getKey(), model, p.input(), p.dims()));
        }
        OnnxRuntimeProcess.Result r = OnnxRuntimeProcess.run(dir, jobs);
        assertEquals(0, r.exitCode(), "onnxruntime failed:\n" + r.stderr());
        assertEquals("", r.stderr(), "onnxruntime logged warnings or errors");
        for (int i = 0; i < prepared.size(); i++) {
            NetworkSpec spec = prepared.get(i).net().spec();
            String input = spec.nodes().stream().filter(n -> n.layer() instanceof reslab.engine.spec.InputSpec).findFirst().orElseThrow().id();
            assertEquals(input, r.inputNames().get(i), "graph input of " + prepared.get(i).label());
            String output = spec.loss() == LossKind.SOFTMAX_CROSS_ENTROPY ? OnnxExport.PROBABILITIES : spec.output();
            assertEquals(output, r.outputNames().get(i), "graph output of " + prepared.get(i).label());
        }
        StringBuilder report = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            float[] got = r.outputs().get(i);
            assertEquals(p.expected().length, got.length, p.label() + ": output size");
            double max = 0;
            for (int k = 0; k < got.length; k++) max = Math.max(max, Math.abs(got[k] - p.expected()[k]));
            report.append(String.format(Locale.ROOT, "%-30s max |onnx - engine| = %.2e   (outputs from %.4f to %.4f)%n",
                    p.label(), max, min(p.expected()), max(p.expected())));
            if (!(max <= TOLERANCE)) failures.add(p.label() + " " + max);
        }
        System.out.print(report);
        assertTrue(failures.isEmpty(), "outside " + TOLERANCE + ": " + failures + "\n" + report);
    }

    /** The check above is only as good as its capture of onnxruntime's log: a flawed file must show up in it. */
    @Test
    void theLogCaptureSeesOnnxRuntimeWarnings() throws Exception {
        OnnxGraph g = new OnnxGraph();
        g.input("x", OnnxGraph.FLOAT, OnnxExport.BATCH, 2L);
        g.node("Relu", "relu", List.of("x"), List.of("y"));
        g.floats("forgotten", new long[] {2}, new float[] {1, 2});      // used by no node
        g.output("y", OnnxGraph.FLOAT, OnnxExport.BATCH, 2L);
        Path model = dir.resolve("flawed.onnx");
        Files.write(model, g.model(OnnxExport.IR_VERSION, OnnxExport.OPSET, "flawed", "test", "0", ""));
        OnnxRuntimeProcess.Result r = OnnxRuntimeProcess.run(dir,
                List.of(new OnnxRuntimeProcess.Job("flawed", model, new float[] {-1, 3}, new long[] {1, 2})));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("forgotten"), "expected a warning about the unused initializer, got: " + r.stderr());
        assertEquals(0f, r.outputs().get(0)[0]);
        assertEquals(3f, r.outputs().get(0)[1]);
    }
}
