package reslab.engine.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.TelemetryCollector;
import reslab.engine.train.FrozenBatch;
import reslab.engine.train.Loss;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * The step-through backward pass against the network's own backward (run on a second copy of
 * the same weights), against the layers' math written out, and against the theory's figures.
 */
class BackwardTraceTest {
    private static final int BATCH = 6, CLASSES = 3;
    private static final BackwardTrace.Options KEEP = new BackwardTrace.Options(true, 16);

    /** A small conv net: stem, a block whose option-A shortcut subsamples and pads, pooled head. */
    private static NetworkSpec convBlock() {
        Conv2DSpec c1 = Conv2DSpec.of(4, 3, 1, Padding.explicit(1), false, Init.HE_NORMAL);
        Conv2DSpec c2 = Conv2DSpec.of(8, 3, 2, Padding.explicit(1), false, Init.HE_NORMAL);
        return new NetworkSpec("conv-block", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(2, 6, 6))),
                NodeSpec.of("c1", c1, "input"), NodeSpec.of("bn1", BatchNormSpec.DEFAULT, "c1"),
                NodeSpec.of("relu1", new ReluSpec(), "bn1"),
                NodeSpec.of("c2", c2, "relu1"), NodeSpec.of("bn2", BatchNormSpec.DEFAULT, "c2"),
                NodeSpec.of("pad", new ZeroPadShortcutSpec(8, 2), "relu1"),
                NodeSpec.of("add", new AddSpec(), "pad", "bn2"), NodeSpec.of("relu2", new ReluSpec(), "add"),
                NodeSpec.of("gap", new GlobalAvgPoolSpec(), "relu2"),
                NodeSpec.of("output", new DenseSpec(CLASSES, Init.GLOROT_UNIFORM), "gap")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    private static NetworkSpec template(String id) {
        return Templates.find(id).orElseThrow().spec();
    }

    /** Weights drawn from a seed, gates set off 1 so they matter. */
    private static NetworkWeights weights(NetworkSpec spec, DataType dt) {
        CompiledNetwork net = CompiledNetwork.compile(spec, dt, 5);
        for (Parameter p : net.parameters()) if (p.role() == Parameter.Role.GATE) p.value().assign(0.7);
        return NetworkWeights.of(net);
    }

    private static INDArray input(NetworkSpec spec, DataType dt) {
        Shape in = ((InputSpec) spec.nodes().get(0).layer()).shape();
        return normal(11, 1.0, in.withBatch(BATCH)).castTo(dt);
    }

    private static INDArray oneHot(NetworkSpec spec, DataType dt) {
        int classes = Math.toIntExact(((DenseSpec) spec.node(spec.output()).orElseThrow().layer()).units());
        INDArray y = Nd4j.zeros(dt, BATCH, classes);
        for (int i = 0; i < BATCH; i++) y.putScalar(i, (i * 7) % classes, 1.0);
        return y;
    }

    /** The network's own backward on a second copy of the same weights. */
    private static CompiledNetwork reference(NetworkWeights w, INDArray x, INDArray y) {
        CompiledNetwork net = w.compile();
        net.zeroGradients();
        Loss loss = Loss.of(net.spec().loss());
        loss.forward(net.forward(x, true), y);
        net.backward(loss.backward());
        return net;
    }

    private static double[] doubles(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    private static List<NetworkSpec> designs() {
        return List.of(convBlock(), template("chain-sigmoid-6-residual"), template("gated-mlp-2"), template("gated-resnet-mlp-2"));
    }

    @Test
    void everyDeltaEqualsTheNetworksBackward() {
        for (DataType dt : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (NetworkSpec spec : designs()) {
                NetworkWeights w = weights(spec, dt);
                INDArray x = input(spec, dt), y = oneHot(spec, dt);
                BackwardTrace trace = BackwardTrace.record(w, x, y, KEEP);
                CompiledNetwork net = reference(w, x, y);
                int visited = 0;
                for (int i = 0; i < net.nodes().size(); i++) {
                    String id = net.nodes().get(i).id();
                    if (net.delta(i) == null) {
                        assertFalse(trace.step(id).isPresent(), id);
                        continue;
                    }
                    visited++;
                    BackwardStep s = trace.step(id).orElseThrow(() -> new AssertionError(spec.name() + ": no step for " + id));
                    assertArrayEquals(doubles(net.delta(i)), s.incoming().values(), 0.0, spec.name() + " " + dt + ": " + id);
                }
                assertEquals(visited, trace.steps().size());
                assertEquals(spec.output(), trace.steps().get(0).node(), "the walk starts at the loss");
                assertEquals("input", trace.steps().get(trace.steps().size() - 1).node(), "and ends at the data input");
            }
        }
    }

    @Test
    void eachOutgoingDeltaIsWhatItsSourceReceives() {
        for (NetworkSpec spec : designs()) {
            NetworkWeights w = weights(spec, DataType.DOUBLE);
            BackwardTrace trace = BackwardTrace.record(w, input(spec, DataType.DOUBLE), oneHot(spec, DataType.DOUBLE), KEEP);
            Map<String, List<double[]>> arriving = new java.util.HashMap<>();
            for (BackwardStep s : trace.steps()) {
                for (BackwardStep.Outgoing o : s.outgoing()) arriving.computeIfAbsent(o.source(), k -> new ArrayList<>()).add(o.delta().values());
            }
            for (BackwardStep s : trace.steps()) {
                if (s.fromLoss()) continue;
                List<double[]> in = arriving.get(s.node());
                assertEquals(in.size(), s.parts().size(), s.node());
                double[] sum = in.get(0).clone();
                for (int p = 1; p < in.size(); p++) for (int k = 0; k < sum.length; k++) sum[k] += in.get(p)[k];
                assertArrayEquals(sum, s.incoming().values(), 0.0, spec.name() + ": " + s.node() + " receives the sum of what was handed back");
            }
        }
    }

    @Test
    void aDenseStepHandsBackDeltaTimesWTransposedAndAnActivationDeltaTimesItsDerivative() {
        NetworkSpec spec = template("chain-tanh-4");
        NetworkWeights w = weights(spec, DataType.DOUBLE);
        INDArray x = input(spec, DataType.DOUBLE), y = oneHot(spec, DataType.DOUBLE);
        BackwardTrace trace = BackwardTrace.record(w, x, y, KEEP);

        BackwardStep dense = trace.step("dense3").orElseThrow();
        double[][] d = dense.incoming().toINDArray().toDoubleMatrix();
        double[][] wm = w.parameter("dense3.W").toDoubleMatrix();            // [in, out]
        double[] expected = new double[BATCH * wm.length];
        for (int n = 0; n < BATCH; n++)
            for (int i = 0; i < wm.length; i++)
                for (int o = 0; o < wm[i].length; o++) expected[n * wm.length + i] += d[n][o] * wm[i][o];
        assertArrayEquals(expected, dense.outgoing().get(0).delta().values(), 1e-12);

        CompiledNetwork forward = w.compile();
        forward.forward(x, true);
        int tanh = indexOf(forward, "tanh3");
        double[] t = doubles(forward.output(tanh)), in = trace.step("tanh3").orElseThrow().incoming().values();
        double[] out = trace.step("tanh3").orElseThrow().outgoing().get(0).delta().values();
        double mean = 0;
        for (int k = 0; k < t.length; k++) {
            assertEquals(in[k] * (1 - t[k] * t[k]), out[k], 1e-15);
            mean += (1 - t[k] * t[k]) / t.length;
        }
        assertEquals(mean, trace.step("tanh3").orElseThrow().factor().meanDerivative(), 1e-12);
    }

    private static int indexOf(CompiledNetwork net, String id) {
        for (int i = 0; i < net.nodes().size(); i++) if (net.nodes().get(i).id().equals(id)) return i;
        throw new AssertionError(id);
    }

    @Test
    void aSigmoidChainAtGlorotInitLosesAboutThreeQuartersPerLayerAsTheoryPredicts() {
        BackwardTrace trace = initialTrace(Templates.find("chain-sigmoid-20").orElseThrow());
        List<BackwardTrace.LayerPair> square = squarePairs(trace);
        assertEquals(19, square.size(), "dense2..dense20 each with its sigmoid");
        for (BackwardTrace.LayerPair p : square) {
            assertEquals(0.25, p.initialRmsGain(), 1e-12, "Glorot, 32 x 32, sigmoid'(0) = 1/4: " + p.weighted());
            assertTrue(p.measuredRmsGain() > 0.15 && p.measuredRmsGain() < 0.35, p.weighted() + " measured " + p.measuredRmsGain());
        }
        double measured = geometricMean(square, BackwardTrace.LayerPair::measuredRmsGain);
        assertEquals(geometricMean(square, BackwardTrace.LayerPair::predictedRmsGain), measured, 0.1 * measured,
                "sqrt(n E[W^2] E[sigma'^2]) per layer, on average over the chain");
        assertEquals(0.25, measured, 0.04);

        double product = 1;
        for (BackwardStep s : trace.steps()) if (s.factor().kind() == BackwardStep.LocalFactor.Kind.ACTIVATION) product *= s.factor().meanDerivative();
        assertEquals(product, trace.step("sigmoid1").orElseThrow().activationProduct(), 1e-12 * product, "the last activation walked");
        assertTrue(product < Math.pow(0.25, 19), "twenty sigmoid' factors of at most 1/4: " + product);
        assertTrue(trace.step("dense1").orElseThrow().incoming().rms() < 1e-9 * trace.steps().get(0).incoming().rms(),
                "the gradient all but vanishes on its way down");
    }

    @Test
    void aTanhChainAtGlorotInitKeepsAboutItsGradient() {
        List<BackwardTrace.LayerPair> square = squarePairs(initialTrace(Templates.find("chain-tanh-20").orElseThrow()));
        for (BackwardTrace.LayerPair p : square) {
            assertEquals(1.0, p.initialRmsGain(), 1e-12, p.weighted());
            // One batch through 32 units: single layers scatter (0.6 to 1.1 seen), the chain does not.
            assertTrue(p.measuredRmsGain() > 0.5 && p.measuredRmsGain() < 1.5, p.weighted() + " measured " + p.measuredRmsGain());
        }
        double measured = geometricMean(square, BackwardTrace.LayerPair::measuredRmsGain);
        assertEquals(geometricMean(square, BackwardTrace.LayerPair::predictedRmsGain), measured, 0.1 * measured);
        assertEquals(1.0, measured, 0.15);
    }

    /** The pairs of the 32 x 32 hidden layers (dense1 reads the 2-D input). */
    private static List<BackwardTrace.LayerPair> squarePairs(BackwardTrace trace) {
        return trace.pairs().stream().filter(p -> !p.weighted().equals("dense1")).toList();
    }

    private static double geometricMean(List<BackwardTrace.LayerPair> pairs, java.util.function.ToDoubleFunction<BackwardTrace.LayerPair> f) {
        return Math.exp(pairs.stream().mapToDouble(p -> Math.log(f.applyAsDouble(p))).average().orElseThrow());
    }

    /** The template's session at initialisation, traced on the batch its first step will use. */
    private static BackwardTrace initialTrace(Template t) {
        Split data = DatasetCatalog.load(t.dataset()).orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), data, t.training(), 1);
        return BackwardTrace.record(FrozenBatch.capture(s), BackwardTrace.Options.DEFAULT);
    }

    @Test
    void capturingAndTracingLeaveTheSessionsRunAsItWas() {
        Template t = Templates.find("chain-sigmoid-6-residual").orElseThrow();
        Split data = DatasetCatalog.load(t.dataset()).orElseThrow();
        TrainingSession traced = new TrainingSession(t.spec(), data, t.training(), 1);
        TrainingSession plain = new TrainingSession(t.spec(), data, t.training(), 1);
        for (int i = 0; i < 3; i++) {
            traced.step();
            plain.step();
        }
        BackwardTrace trace = BackwardTrace.record(FrozenBatch.capture(traced), BackwardTrace.Options.DEFAULT);
        double tracedLoss = traced.step().loss();
        assertEquals(plain.step().loss(), tracedLoss, 0.0, "the same run");
        assertEquals(tracedLoss, trace.loss(), 0.0, "the trace froze the batch that step trained on, at its weights");
        for (int i = 0; i < 2; i++) assertEquals(plain.step().loss(), traced.step().loss(), 0.0);
    }

    @Test
    void theSplitAtEachJoinIsTelemetrysShortcutAndBranch() {
        for (NetworkSpec spec : List.of(convBlock(), template("chain-sigmoid-6-residual"), template("gated-mlp-2"))) {
            NetworkWeights w = weights(spec, DataType.DOUBLE);
            INDArray x = input(spec, DataType.DOUBLE), y = oneHot(spec, DataType.DOUBLE);
            BackwardTrace trace = BackwardTrace.record(w, x, y, BackwardTrace.Options.DEFAULT);
            List<NodeTelemetry> telemetry = TelemetryCollector.collect(reference(w, x, y), Map.of(), null);
            int joins = 0;
            for (NodeTelemetry n : telemetry) {
                if (Double.isNaN(n.shortcutGradRms())) continue;
                joins++;
                BackwardTrace.JoinSplit s = trace.splitAt(n.node()).orElseThrow(() -> new AssertionError(n.node()));
                assertEquals(n.shortcutGradRms(), s.throughShortcut().rms(), 1e-15, n.node());
                assertEquals(n.branchGradRms(), s.throughBranch().rms(), 1e-15, n.node());
            }
            assertTrue(joins > 0);
            assertEquals(joins, trace.splits().size());
        }
    }

    @Test
    void theShortcutPartIsMarkedWhereItArrives() {
        BackwardTrace trace = BackwardTrace.record(weights(convBlock(), DataType.DOUBLE), input(convBlock(), DataType.DOUBLE),
                oneHot(convBlock(), DataType.DOUBLE), BackwardTrace.Options.DEFAULT);
        BackwardStep relu1 = trace.step("relu1").orElseThrow();
        assertEquals(List.of("c2", "pad"), relu1.parts().stream().map(BackwardStep.Contribution::consumer).sorted().toList());
        assertTrue(relu1.parts().stream().filter(BackwardStep.Contribution::shortcut).allMatch(p -> p.consumer().equals("pad")));
        assertEquals(1, relu1.parts().stream().filter(BackwardStep.Contribution::shortcut).count());
        BackwardTrace.JoinSplit split = trace.splitAt("add").orElseThrow();
        assertEquals("relu1", split.blockInput());
        assertEquals(relu1.incoming().norm(), split.total().norm(), 0.0);
    }

    @Test
    void gatesAndAddsPassOnExactlyWhatTheoryPredicts() {
        for (String id : List.of("gated-mlp-2", "gated-resnet-mlp-2", "chain-relu-4-residual")) {
            NetworkSpec spec = template(id);
            BackwardTrace trace = BackwardTrace.record(weights(spec, DataType.DOUBLE), input(spec, DataType.DOUBLE),
                    oneHot(spec, DataType.DOUBLE), BackwardTrace.Options.DEFAULT);
            int checked = 0;
            for (BackwardStep s : trace.steps()) {
                BackwardStep.LocalFactor.Kind k = s.factor().kind();
                if (k != BackwardStep.LocalFactor.Kind.GATE && k != BackwardStep.LocalFactor.Kind.ADD) continue;
                if (k == BackwardStep.LocalFactor.Kind.GATE) assertEquals(0.7, s.factor().gate(), 1e-12);
                for (BackwardStep.Outgoing o : s.outgoing()) {
                    assertEquals(o.predictedRmsGain(), o.rmsGain(), 1e-12, id + " " + s.node() + " slot " + o.slot());
                    checked++;
                }
            }
            assertTrue(checked >= 4, id);
        }
    }

    @Test
    void aWeightedStepReportsItsWeightsScale() {
        NetworkSpec spec = template("chain-tanh-4");
        NetworkWeights w = weights(spec, DataType.DOUBLE);
        BackwardTrace trace = BackwardTrace.record(w, input(spec, DataType.DOUBLE), oneHot(spec, DataType.DOUBLE),
                BackwardTrace.Options.DEFAULT);
        BackwardStep.LocalFactor f = trace.step("dense2").orElseThrow().factor();
        INDArray wm = w.parameter("dense2.W");
        assertEquals(wm.norm2Number().doubleValue(), f.weightNorm(), 1e-12);
        assertEquals(32, f.fanIn());
        assertEquals(32, f.fanOut());
        assertEquals(Math.pow(wm.norm2Number().doubleValue(), 2) / wm.length(), f.weightMeanSquare(), 1e-15);
        // The largest singular value is the square root of W^T W's largest eigenvalue (LAPACK's, not our iteration).
        double[] eigen = org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(wm.transpose().mmul(wm)).toDoubleVector();
        double largest = Math.sqrt(java.util.Arrays.stream(eigen).max().orElseThrow());
        assertEquals(largest, f.weightSpectralNorm(), 1e-6 * largest);
        assertTrue(f.weightSpectralNorm() <= f.weightNorm());
    }

    @Test
    void spectralNormOfKnownMatrices() {
        assertEquals(3.0, BackwardTrace.spectralNorm(new double[] {3, 0, 0, 1}, 2), 1e-9);
        // u v^T has the single singular value |u| |v|.
        double[] u = {1, 2, 2}, v = {3, 4};
        double[] m = new double[6];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 2; c++) m[r * 2 + c] = u[r] * v[c];
        assertEquals(15.0, BackwardTrace.spectralNorm(m, 3), 1e-9);
        assertEquals(0.0, BackwardTrace.spectralNorm(new double[4], 2), 0.0);
    }

    @Test
    void aHeatStripBinsUnitsByRms() {
        double[] v = new double[2 * 6];                                     // [2, 6]
        for (int i = 0; i < v.length; i++) v[i] = i % 6 < 3 ? 1 : 3;
        DeltaView d = DeltaView.of(new long[] {2, 6}, v, 2, false);
        assertArrayEquals(new double[] {1, 3}, d.strip(), 1e-15);
        assertEquals(6, DeltaView.of(new long[] {2, 6}, v, 64, false).strip().length, "one bin per unit when they fit");
        assertEquals(Math.sqrt((6 * 1 + 6 * 9) / 12.0), d.rms(), 1e-15);
        assertFalse(d.hasValues());
        assertThrows(IllegalStateException.class, d::values);

        double[] img = new double[1 * 2 * 2 * 2];                           // [1, 2, 2, 2]: channel 1 all 2s
        for (int i = 4; i < 8; i++) img[i] = 2;
        assertArrayEquals(new double[] {0, 2}, DeltaView.of(new long[] {1, 2, 2, 2}, img, 8, false).strip(), 1e-15);
    }

    @Test
    void viewsAreCopies() {
        DeltaView d = DeltaView.of(new long[] {1, 2}, new double[] {1, 2}, 4, true);
        d.values()[0] = 99;
        d.strip()[0] = 99;
        d.shape()[0] = 99;
        assertEquals(1.0, d.values()[0]);
        assertEquals(1.0, d.strip()[0]);
        assertEquals(1L, d.shape()[0]);
        assertNotNull(d.toINDArray());
    }
}
