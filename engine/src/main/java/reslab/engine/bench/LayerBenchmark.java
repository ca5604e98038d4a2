package reslab.engine.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.BatchNorm;
import reslab.engine.layers.Conv2D;
import reslab.engine.layers.Layer;
import reslab.engine.layers.Pool2D;
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
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * Forward + backward milliseconds of one layer on a [64, 16, 32, 32] float batch (a CIFAR
 * ResNet's first stage), for each way ND4J offers to compute it: the figures behind the
 * choices in the layers package. Strategies alternate within each round so a change in
 * machine load hits them alike; medians are printed. A benchmark prints; it asserts nothing.
 *
 * <p>Run: {@code mvn -q -pl engine -am compile exec:java -Dexec.mainClass=reslab.engine.bench.LayerBenchmark
 * -Dexec.args="[rounds] [threads]"}. Which native build ran is printed first (the oneDNN
 * builds print HAVE_ONEDNN in ND4J's start-up lines).
 */
public final class LayerBenchmark {
    private static final int N = 64, C = 16, H = 32, W = 32;

    private LayerBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        run(rounds, threads, System.out);
    }

    /** Returns the median ms per strategy, by name. */
    public static Map<String, Double> run(int rounds, int threads, PrintStream out) {
        ComputeThreads.limit(threads);
        reslab.engine.train.NativeHeap.keepFreedMemory(); // as training runs
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, N, C, H, W);
        INDArray w = Nd4j.randn(DataType.FLOAT, C, C, 3, 3).muli(0.1);
        INDArray dy = Nd4j.randn(DataType.FLOAT, N, C, H, W);
        INDArray dyPooled = Nd4j.randn(DataType.FLOAT, N, C, H / 2, W / 2);

        Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
        // Convolution 3x3, SAME, stride 1, 16 -> 16 channels, no bias. First the layer as the
        // engine runs it (fresh output arrays each call), then the ways to compute it.
        cases.put("conv engine Conv2D layer (oneDNN direct where it runs)", layer(new Conv2D("c", w.dup(), null, 1, 1, Padding.SAME), x, dy));
        cases.put("conv conv2d + conv2d_bp, weights [out,in,kh,kw] (wFormat 1)", () -> convOps(x, w, dy, 1));
        INDArray wHwio = w.permute(2, 3, 1, 0).dup('c');
        cases.put("conv conv2d + conv2d_bp, weights [kh,kw,in,out] (wFormat 0)", () -> convOps(x, wHwio, dy, 0));
        INDArray xNhwc = x.permute(0, 2, 3, 1).dup('c'), dyNhwc = dy.permute(0, 2, 3, 1).dup('c');
        cases.put("conv conv2d + conv2d_bp, NHWC activations (layout alone)", () -> convNhwc(xNhwc, w, dyNhwc));
        cases.put("conv conv2d + deconv2d (dx) + deconv2d_bp (dW)", () -> convDeconv(x, w, dy));
        cases.put("conv im2col + gemm + col2im", () -> convIm2col(x, w, dy));
        Supplier<Object> sameDiff = sameDiffConv(x, w, dy, out);
        if (sameDiff != null) cases.put("conv SameDiff conv2d, weights OIYX", sameDiff);
        // The same ops into preallocated outputs: the kernels alone, without fresh memory.
        INDArray y0 = x.ulike(), dx0 = x.ulike(), dw0 = w.ulike(), junk0 = x.ulike();
        cases.put("op conv2d (preallocated output)", () -> op("conv2d", new INDArray[] {x, w}, new INDArray[] {y0}));
        cases.put("op conv2d_bp (preallocated)", () -> op("conv2d_bp", new INDArray[] {x, w, dy}, new INDArray[] {dx0, dw0}));
        cases.put("op deconv2d (preallocated)", () -> op("deconv2d", new INDArray[] {dy, w}, new INDArray[] {dx0}));
        cases.put("op deconv2d_bp (preallocated)", () -> op("deconv2d_bp", new INDArray[] {dy, w, x}, new INDArray[] {junk0, dw0}));
        // A first layer, whose input is the data: the full backward (dx computed, then dropped)
        // against the weight gradient alone, which the layer takes when its input gradient is
        // skipped (oneDNN without dx; where oneDNN does not run, Java im2col + one gemm).
        // LeNet-5's C1 and ResNet-20's first conv.
        INDArray x1 = Nd4j.randn(DataType.FLOAT, N, 1, H, W), x3 = Nd4j.randn(DataType.FLOAT, N, 3, H, W);
        INDArray w1 = Nd4j.randn(DataType.FLOAT, 6, 1, 5, 5).muli(0.1), w3 = Nd4j.randn(DataType.FLOAT, C, 3, 3, 3).muli(0.1);
        INDArray dy1 = Nd4j.randn(DataType.FLOAT, N, 6, H - 4, W - 4);
        cases.put("first conv [64,1,32,32] 5x5 -> 6 valid, with dx", layer(firstConv(w1, Padding.VALID, false), x1, dy1));
        cases.put("first conv [64,1,32,32] 5x5 -> 6 valid, weight gradient alone", layer(firstConv(w1, Padding.VALID, true), x1, dy1));
        cases.put("first conv [64,3,32,32] 3x3 -> 16 same, with dx", layer(firstConv(w3, Padding.SAME, false), x3, dy));
        cases.put("first conv [64,3,32,32] 3x3 -> 16 same, weight gradient alone", layer(firstConv(w3, Padding.SAME, true), x3, dy));
        // Pooling 2x2 stride 2 and 3x3 stride 2 SAME.
        cases.put("pool max 2x2/2 (maxpool2d + maxpool2d_bp)", layer(new Pool2D("p", Pool2D.Kind.MAX, 2, 2, 2, 2, Padding.VALID), x, dyPooled));
        cases.put("pool avg 2x2/2 (avgpool2d + avgpool2d_bp)", layer(new Pool2D("p", Pool2D.Kind.AVG, 2, 2, 2, 2, Padding.VALID), x, dyPooled));
        cases.put("pool max 3x3/2 same", layer(new Pool2D("p", Pool2D.Kind.MAX, 3, 3, 2, 2, Padding.SAME), x, dyPooled));
        // Batch norm, training mode.
        cases.put("bn engine BatchNorm layer (oneDNN where it runs, else Java loops)", layer(new BatchNorm("bn", C, 1e-5, 0.1, DataType.FLOAT), x, dy));
        cases.put("bn mean/var reductions + batchnorm + batchnorm_bp ops", () -> batchNormOps(x, dy));
        // Whole steps: a residual block through CompiledNetwork, and a small net's training step.
        cases.put("step basic block conv-BN-ReLU-conv-BN-add-ReLU (+ GAP, Dense 10), fwd+bwd", block(x));
        TrainingSession chain = chainSession();
        cases.put("step chain-sigmoid-20 on spirals, batch 64, telemetry on", chain::step);
        Map<String, List<Double>> wall = new LinkedHashMap<>(), cpu = new LinkedHashMap<>(), faults = new LinkedHashMap<>();
        for (var e : cases.entrySet()) e.getValue().get();                   // warm-up: JIT, oneDNN kernels
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (var e : cases.entrySet()) {
                long f0 = minorFaults(), c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                e.getValue().get();
                faults.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((double) (minorFaults() - f0));
                wall.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
                cpu.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((mx.getCurrentThreadCpuTime() - c0) / 1e6);
            }
        }
        // With one thread ND4J computes on the calling thread, so its CPU time is the work
        // itself, whatever else the machine runs; wall time is what a user waits. Page faults
        // (Linux) count first touches of new memory, the cost buffer reuse avoids.
        Map<String, Double> medians = new HashMap<>();
        out.printf(Locale.ROOT, "fwd+bwd ms, [%d,%d,%d,%d] float, %d rounds, %d thread(s): median wall (min wall), "
                + "median cpu, median page faults%n", N, C, H, W, rounds, threads);
        for (var e : wall.entrySet()) {
            double[] v = sorted(e.getValue()), c = sorted(cpu.get(e.getKey())), f = sorted(faults.get(e.getKey()));
            medians.put(e.getKey(), v[v.length / 2]);
            out.printf(Locale.ROOT, "BENCH layer %-64s %7.1f ms (%5.1f) cpu %6.1f ms faults %6.0f%n", e.getKey(), v[v.length / 2], v[0],
                    c[c.length / 2], f[f.length / 2]);
        }
        return medians;
    }

    /** Minor page faults of this process so far (Linux); 0 elsewhere. */
    private static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double[] sorted(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static Supplier<Object> layer(Layer l, INDArray x, INDArray dy) {
        return () -> {
            l.forward(new INDArray[] {x}, true);
            Object dx = l.backward(dy);
            l.clearCache();
            return dx;
        };
    }

    /** A conv layer with bias, its output arrays reused as in a network; {@code first}: no input gradient. */
    private static Conv2D firstConv(INDArray w, Padding padding, boolean first) {
        Conv2D c = new Conv2D("c", w.dup(), Nd4j.zeros(DataType.FLOAT, w.size(0)), 1, 1, padding);
        c.reuseBuffers(true);
        c.skipInputGradient(first);
        return c;
    }

    private static void exec(String op, INDArray[] in, INDArray[] out, int... iArgs) {
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(in).addOutputs(out).addIntegerArguments(iArgs).build());
    }

    private static Object convOps(INDArray x, INDArray w, INDArray dy, int wFormat) {
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, N, C, H, W);
        exec("conv2d", new INDArray[] {x, w}, new INDArray[] {y}, 3, 3, 1, 1, 0, 0, 1, 1, 1, 0, wFormat);
        INDArray dx = x.ulike(), dw = w.ulike();
        exec("conv2d_bp", new INDArray[] {x, w, dy}, new INDArray[] {dx, dw}, 3, 3, 1, 1, 0, 0, 1, 1, 1, 0, wFormat);
        return dx;
    }

    private static Object op(String name, INDArray[] in, INDArray[] out) {
        exec(name, in, out, 3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1);
        return out[0];
    }

    private static Object convDeconv(INDArray x, INDArray w, INDArray dy) {
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, N, C, H, W);
        exec("conv2d", new INDArray[] {x, w}, new INDArray[] {y}, 3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1);
        INDArray dx = x.ulike(), dw = w.ulike();
        // Explicit padding: in SAME mode libnd4j's deconv2d skips oneDNN.
        exec("deconv2d", new INDArray[] {dy, w}, new INDArray[] {dx}, 3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1);
        exec("deconv2d_bp", new INDArray[] {dy, w, x}, new INDArray[] {dy.ulike(), dw}, 3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1);
        return dx;
    }

    /** A CIFAR ResNet basic block on [64, 16, 32, 32] through the executor, gradients included. */
    private static Supplier<Object> block(INDArray x) {
        Init he = Init.HE_NORMAL;
        List<NodeSpec> nodes = List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(C, H, W))),
                NodeSpec.of("conv1", Conv2DSpec.of(C, 3, 1, Padding.SAME, false, he), "input"),
                NodeSpec.of("bn1", BatchNormSpec.DEFAULT, "conv1"),
                NodeSpec.of("relu1", new ReluSpec(), "bn1"),
                NodeSpec.of("conv2", Conv2DSpec.of(C, 3, 1, Padding.SAME, false, he), "relu1"),
                NodeSpec.of("bn2", BatchNormSpec.DEFAULT, "conv2"),
                NodeSpec.of("add", new AddSpec(), "input", "bn2"),
                NodeSpec.of("relu2", new ReluSpec(), "add"),
                // A network's output feeds the loss and must be flat: a small head (a tenth of a ms).
                NodeSpec.of("gap", new GlobalAvgPoolSpec(), "relu2"),
                NodeSpec.of("fc", new DenseSpec(10, Init.GLOROT_UNIFORM), "gap"));
        CompiledNetwork net = CompiledNetwork.compile(new NetworkSpec("block", nodes, "fc", LossKind.MEAN_SQUARED_ERROR),
                DataType.FLOAT, 1);
        INDArray grad = Nd4j.randn(DataType.FLOAT, N, 10);
        return () -> {
            net.zeroGradients();
            net.forward(x, true);
            net.backward(grad);
            net.clearCaches();
            return net;
        };
    }

    private static TrainingSession chainSession() {
        Template t = Templates.find("chain-sigmoid-20").orElseThrow();
        Split data = DatasetCatalog.load(t.dataset()).orElseThrow();
        return new TrainingSession(t.spec(), data, t.training(), 1);
    }

    private static Object convNhwc(INDArray x, INDArray w, INDArray dy) {
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, N, H, W, C);
        exec("conv2d", new INDArray[] {x, w}, new INDArray[] {y}, 3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 1);
        INDArray dx = x.ulike(), dw = w.ulike();
        exec("conv2d_bp", new INDArray[] {x, w, dy}, new INDArray[] {dx, dw}, 3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 1);
        return dx;
    }

    /** DL4J's classic way: columns [n*h*w, c*kh*kw] times the weights, and col2im back. */
    private static Object convIm2col(INDArray x, INDArray w, INDArray dy) {
        INDArray col = Nd4j.createUninitialized(DataType.FLOAT, new long[] {N, H, W, C, 3, 3}, 'c');
        Convolution.im2col(x, 3, 3, 1, 1, 1, 1, 1, 1, false, col.permute(0, 3, 4, 5, 1, 2));
        INDArray col2 = col.reshape('c', (long) N * H * W, C * 9);          // [n*h*w, c*kh*kw]
        INDArray w2 = w.reshape('c', C, C * 9);                              // [out, c*kh*kw]
        INDArray y = Nd4j.gemm(col2, w2, false, true).reshape('c', N, H, W, C).permute(0, 3, 1, 2).dup('c');
        INDArray dy2 = dy.permute(0, 2, 3, 1).dup('c').reshape('c', (long) N * H * W, C);
        INDArray dw = Nd4j.gemm(dy2, col2, true, false);                     // [out, c*kh*kw]
        INDArray dcol = Nd4j.gemm(dy2, w2, false, false).reshape('c', N, H, W, C, 3, 3).permute(0, 3, 4, 5, 1, 2);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, N, C, H, W);
        Convolution.col2im(dcol, dx, 1, 1, 1, 1, H, W, 1, 1);
        return new Object[] {y, dw, dx};
    }

    /** SameDiff's conv2d and its gradient, weights [out, in, kh, kw]; null (and a line saying why) if it fails. */
    private static Supplier<Object> sameDiffConv(INDArray x, INDArray w, INDArray dy, PrintStream out) {
        try {
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.placeHolder("in", DataType.FLOAT, N, C, H, W);
            SDVariable weights = sd.var("w", w.dup());
            SDVariable grad = sd.constant("dy", dy);
            Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
                    .paddingMode(PaddingMode.SAME).dataFormat("NCHW").weightsFormat(WeightsFormat.OIYX).build();
            SDVariable y = sd.cnn().conv2d(in, weights, cfg);
            SDVariable loss = y.mul(grad).sum();
            sd.setLossVariables(loss);
            Map<String, INDArray> feed = Map.of("in", x);
            Supplier<Object> step = () -> sd.calculateGradients(feed, "in", "w");
            step.get();
            return step;
        } catch (RuntimeException e) {
            out.printf(Locale.ROOT, "BENCH layer SameDiff conv2d with OIYX weights fails: %s%n",
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName()));
            return null;
        }
    }

    private static Object batchNormOps(INDArray x, INDArray dy) {
        INDArray gamma = Nd4j.ones(DataType.FLOAT, C), beta = Nd4j.zeros(DataType.FLOAT, C);
        INDArray mean = x.mean(0, 2, 3), var = x.var(false, 0, 2, 3);
        INDArray y = x.ulike();
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, mean, var, gamma, beta).addOutputs(y)
                .addIntegerArguments(1, 1, 1).addFloatingPointArguments(1e-5).build());
        INDArray dx = x.ulike();
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp").addInputs(x, mean, var, gamma, beta, dy)
                .addOutputs(dx, mean.ulike(), var.ulike(), gamma.ulike(), beta.ulike())
                .addIntegerArguments(1, 1, 1).addFloatingPointArguments(1e-5).build());
        return Arrays.asList(y, dx);
    }
}
