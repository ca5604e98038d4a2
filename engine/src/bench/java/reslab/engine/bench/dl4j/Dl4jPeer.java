package reslab.engine.bench.dl4j;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import reslab.engine.bench.PeerFramework;
import reslab.engine.data.Batches;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.OptimizerConfig;
import reslab.engine.train.OptimizerKind;
import reslab.engine.train.TrainingSession;

/**
 * DL4J 1.0.0-M2.1 on the same ND4J native build, at its fastest: float, training workspaces on,
 * an activation folded into the Dense or convolution layer before it where that is its only
 * consumer, and the oneDNN layer helpers switched on. DL4J M2.1 as shipped never uses them:
 * <ol>
 *   <li>{@code HelperUtils} creates no helper unless the system property
 *       {@code org.eclipse.deeplearning4j.helpers.disable} is "false" (its default is "true");
 *   <li>every oneDNN helper's {@code checkSupported()} asks {@code BaseMKLDNNHelper.mklDnnEnabled()},
 *       which looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()}, a class and
 *       method ND4J M2.1 renamed; the lookup fails, the failure is remembered, and the answer is
 *       "no" for good. The bench source folder has a class of that old name that answers with
 *       ND4J's {@code isUseONEDNN()} (see org.nd4j.nativeblas.Nd4jCpu there).
 * </ol>
 * Verified per network ({@link Net#checks()}): every convolution, subsampling and batch-norm
 * layer holds a oneDNN helper and none fell back to DL4J's own code; and by timing one
 * convolution layer with its helper and with the helper removed ({@link #setup()}).
 */
public final class Dl4jPeer implements PeerFramework {
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    public Dl4jPeer() {
        System.setProperty(HELPERS_DISABLE, "false");
    }

    @Override
    public String name() {
        return "DL4J 1.0.0-M2.1";
    }

    @Override
    public List<String> setup() {
        List<String> lines = new ArrayList<>();
        boolean onednn = org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        lines.add("DL4J: -D" + HELPERS_DISABLE + "=" + System.getProperty(HELPERS_DISABLE)
                + "; ND4J isUseONEDNN()=" + onednn
                + "; DL4J's check BaseMKLDNNHelper.mklDnnEnabled()=" + org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()
                + " (through the shim org.nd4j.nativeblas.Nd4jCpu$Environment)");
        lines.add(convHelperTiming());
        return lines;
    }

    /** One 3x3 convolution layer, 16 to 16 channels on [64, 16, 32, 32], trained with and without its oneDNN helper. */
    private String convHelperTiming() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Sgd(0.01)).trainingWorkspaceMode(WorkspaceMode.ENABLED).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(32, 32, 16))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(16).padding(1, 1).hasBias(false)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), "input")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("output").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        Nd4j.getRandom().setSeed(1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 64, 10);
        for (int i = 0; i < 64; i++) labels.putScalar(i, i % 10, 1);
        DataSet ds = new DataSet(Nd4j.randn(DataType.FLOAT, 64, 16, 32, 32), labels);
        Layer conv = g.getLayer("conv");
        LayerHelper helper = conv.getHelper();
        double with = medianFitMs(g, ds, 7);
        setField(conv, "helper", null);
        double without = medianFitMs(g, ds, 3);
        setField(conv, "helper", helper);
        return String.format(Locale.ROOT, "DL4J check: one conv layer 3x3 16->16 on [64,16,32,32] (+ pooling, output), "
                        + "training step %.1f ms with its helper %s, %.1f ms with the helper removed",
                with, helper == null ? "(none!)" : helper.getClass().getSimpleName(), without);
    }

    private static double medianFitMs(ComputationGraph g, DataSet ds, int n) {
        g.fit(ds);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            g.fit(ds);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[n / 2];
    }

    @Override
    public Net build(TrainingSession reslab) {
        return new Dl4jNet(reslab);
    }

    private static final class Dl4jNet implements Net {
        private final ComputationGraph graph;

        Dl4jNet(TrainingSession reslab) {
            CompiledNetwork net = reslab.network();
            if (net.spec().loss() != LossKind.SOFTMAX_CROSS_ENTROPY) {
                throw new IllegalArgumentException("the DL4J comparison needs a softmax cross-entropy network");
            }
            graph = new ComputationGraph(configuration(net, updater(reslab.config().optimizer())));
            graph.init();
            copyWeights(net, graph);
        }

        @Override
        public void step(Batches.Batch batch) {
            graph.fit(new DataSet(batch.x(), batch.oneHot()));
        }

        @Override
        public double loss(Batches.Batch batch) {
            return graph.score(new DataSet(batch.x(), batch.oneHot()), true);
        }

        @Override
        public List<String> checks() {
            Map<String, int[]> byKind = new TreeMap<>();   // kind -> {layers, with a oneDNN helper, fallbacks}
            for (Layer l : graph.getLayers()) {
                String kind = l.getClass().getSimpleName();
                boolean helped = kind.equals("ConvolutionLayer") || kind.equals("SubsamplingLayer") || kind.equals("BatchNormalization");
                if (!helped) continue;
                int[] c = byKind.computeIfAbsent(kind, k -> new int[3]);
                c[0]++;
                LayerHelper h = l.getHelper();
                if (h != null && h.getClass().getSimpleName().startsWith("MKLDNN")) c[1]++;
                Object fails = field(l, "helperCountFail");
                if (fails instanceof Integer f) c[2] += f;
            }
            if (byKind.isEmpty()) return List.of("DL4J: no layer kind with a oneDNN helper in this network");
            StringBuilder sb = new StringBuilder("DL4J oneDNN helpers:");
            byKind.forEach((k, c) -> sb.append(String.format(Locale.ROOT, " %s %d/%d (fallbacks %d);", k, c[1], c[0], c[2])));
            return List.of(sb.toString());
        }
    }

    private static IUpdater updater(OptimizerConfig o) {
        // DL4J has plain SGD and Nesterov momentum, no classic momentum: the nearest rule, same cost.
        if (o.kind() == OptimizerKind.SGD) return new Sgd(o.learningRate());
        if (o.kind() == OptimizerKind.MOMENTUM || o.kind() == OptimizerKind.NESTEROV) return new Nesterovs(o.learningRate(), o.momentum());
        throw new IllegalArgumentException("the DL4J comparison supports SGD and momentum, not " + o.kind().id());
    }

    /**
     * The ResLab network as a DL4J graph, vertex names = node ids. An activation whose input is
     * a Dense or convolution layer read by nothing else is folded into that layer; Flatten is
     * DL4J's automatic CNN-to-dense preprocessor; option A shortcuts are a 1x1 stride-s
     * subsampling merged with a zero copy of itself (channels double, as in the CIFAR ResNets).
     */
    private static ComputationGraphConfiguration configuration(CompiledNetwork net, IUpdater updater) {
        List<CompiledNetwork.Node> nodes = net.nodes();
        int[] consumers = new int[nodes.size()];
        for (CompiledNetwork.Node n : nodes) for (int i : n.inputs()) consumers[i]++;
        String[] vertex = new String[nodes.size()];     // the DL4J vertex carrying each node's output
        boolean[] folded = new boolean[nodes.size()];   // activation folded into its input layer
        Activation[] activationOf = new Activation[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Activation a = activation(nodes.get(i).spec());
            if (a == null) continue;
            int src = nodes.get(i).inputs()[0];
            LayerSpec s = nodes.get(src).spec();
            if ((s instanceof DenseSpec || s instanceof Conv2DSpec) && consumers[src] == 1 && activationOf[src] == null
                    && src != net.outputIndex()) {
                activationOf[src] = a;
                folded[i] = true;
            }
        }
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(updater).trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            CompiledNetwork.Node n = nodes.get(i);
            String id = n.id();
            LayerSpec s = n.spec();
            String[] in = new String[n.inputs().length];
            for (int k = 0; k < in.length; k++) in[k] = vertex[n.inputs()[k]];
            vertex[i] = id;
            Activation act = activationOf[i] == null ? Activation.IDENTITY : activationOf[i];
            if (s instanceof InputSpec inp) {
                g.addInputs(id).setInputTypes(inputType(inp.shape()));
            } else if (i == net.outputIndex()) {
                if (!(s instanceof DenseSpec d)) throw new IllegalArgumentException("the output must be a Dense layer");
                g.addLayer(id, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(d.units()).hasBias(d.bias())
                        .activation(Activation.SOFTMAX).build(), in);
            } else if (s instanceof DenseSpec d) {
                g.addLayer(id, new DenseLayer.Builder().nOut(d.units()).hasBias(d.bias()).activation(act).build(), in);
            } else if (s instanceof Conv2DSpec c) {
                ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(c.kernelH(), c.kernelW()).stride(c.strideH(), c.strideW())
                        .nOut(c.filters()).hasBias(c.bias()).activation(act);
                padding(b, c.padding());
                g.addLayer(id, b.build(), in);
            } else if (s instanceof BatchNormSpec bn) {
                g.addLayer(id, new BatchNormalization.Builder().eps(bn.epsilon()).decay(1 - bn.momentum())
                        .useLogStd(false).build(), in);
            } else if (activation(s) != null) {
                if (folded[i]) vertex[i] = in[0];
                else g.addLayer(id, new ActivationLayer.Builder().activation(activation(s)).build(), in);
            } else if (s instanceof MaxPoolSpec p) {
                g.addLayer(id, pooling(PoolingType.MAX, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padding()), in);
            } else if (s instanceof AvgPoolSpec p) {
                g.addLayer(id, pooling(PoolingType.AVG, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padding()), in);
            } else if (s instanceof GlobalAvgPoolSpec) {
                g.addLayer(id, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), in);
            } else if (s instanceof FlattenSpec) {
                vertex[i] = in[0];   // DL4J flattens [c, h, w] in the same order before a Dense layer
            } else if (s instanceof AddSpec) {
                g.addVertex(id, new ElementWiseVertex(ElementWiseVertex.Op.Add), in);
            } else if (s instanceof ZeroPadShortcutSpec z) {
                String sub = in[0];
                if (z.stride() > 1) {
                    sub = id + ".subsample";
                    g.addLayer(sub, pooling(PoolingType.MAX, 1, 1, z.stride(), z.stride(), Padding.VALID), in);
                }
                g.addVertex(id + ".zeros", new ScaleVertex(0), sub);
                g.addVertex(id, new MergeVertex(), sub, id + ".zeros");
            } else {
                throw new IllegalArgumentException("the DL4J comparison has no translation for " + s.kind() + " (" + id + ")");
            }
        }
        g.setOutputs(vertex[net.outputIndex()]);
        return g.build();
    }

    private static InputType inputType(Shape s) {
        if (s.rank() == 1) return InputType.feedForward(s.dim(0));
        if (s.rank() == 3) return InputType.convolutional(s.dim(1), s.dim(2), s.dim(0));
        throw new IllegalArgumentException("input shape " + s + " has no DL4J input type here");
    }

    private static Activation activation(LayerSpec s) {
        if (s instanceof SigmoidSpec) return Activation.SIGMOID;
        if (s instanceof TanhSpec) return Activation.TANH;
        if (s instanceof ReluSpec) return Activation.RELU;
        if (s instanceof LeakyReluSpec l) {
            if (l.alpha() != 0.01) throw new IllegalArgumentException("DL4J's LEAKYRELU has slope 0.01, got " + l.alpha());
            return Activation.LEAKYRELU;
        }
        return null;
    }

    private static void padding(ConvolutionLayer.Builder b, Padding p) {
        switch (p.mode()) {
            case SAME -> b.convolutionMode(ConvolutionMode.Same);
            case VALID -> b.convolutionMode(ConvolutionMode.Truncate).padding(0, 0);
            case EXPLICIT -> b.convolutionMode(ConvolutionMode.Truncate).padding(p.h(), p.w());
            default -> throw new IllegalArgumentException("padding " + p);
        }
    }

    private static SubsamplingLayer pooling(PoolingType type, int kh, int kw, int sh, int sw, Padding p) {
        SubsamplingLayer.Builder b = new SubsamplingLayer.Builder(type).kernelSize(kh, kw).stride(sh, sw)
                .avgPoolIncludePadInDivisor(false);
        switch (p.mode()) {
            case SAME -> b.convolutionMode(ConvolutionMode.Same);
            case VALID -> b.convolutionMode(ConvolutionMode.Truncate).padding(0, 0);
            case EXPLICIT -> b.convolutionMode(ConvolutionMode.Truncate).padding(p.h(), p.w());
            default -> throw new IllegalArgumentException("padding " + p);
        }
        return b.build();
    }

    /** Weights, biases, BN gamma/beta and running statistics of ResLab's network into DL4J's, by node id. */
    private static void copyWeights(CompiledNetwork net, ComputationGraph graph) {
        Map<Parameter.Role, String> names = Map.of(Parameter.Role.WEIGHT, "W", Parameter.Role.BIAS, "b",
                Parameter.Role.GAMMA, "gamma", Parameter.Role.BETA, "beta");
        for (Parameter p : net.parameters()) {
            String name = names.get(p.role());
            if (name == null) throw new IllegalArgumentException("no DL4J parameter for " + p.key());
            assign(graph, p.layer(), name, p.value());
        }
        for (CompiledNetwork.Node n : net.nodes()) {
            if (n.layer() == null) continue;
            Map<String, INDArray> state = new HashMap<>(n.layer().state());
            for (Map.Entry<String, INDArray> e : state.entrySet()) {
                String key = e.getKey();
                String name = key.endsWith(".running_mean") ? "mean" : key.endsWith(".running_var") ? "var" : null;
                if (name == null) throw new IllegalArgumentException("no DL4J state for " + key);
                assign(graph, n.id(), name, e.getValue());
            }
        }
    }

    private static void assign(ComputationGraph graph, String layer, String param, INDArray value) {
        Layer l = graph.getLayer(layer);
        if (l == null) throw new IllegalArgumentException("DL4J graph has no layer " + layer);
        INDArray target = l.getParam(param);
        if (target == null || target.length() != value.length()) {
            throw new IllegalArgumentException("DL4J " + layer + "." + param + " is " + (target == null ? "missing"
                    : java.util.Arrays.toString(target.shape())) + ", ResLab's is " + java.util.Arrays.toString(value.shape()));
        }
        target.assign(value.castTo(target.dataType()).reshape('c', target.shape()));
    }

    private static Object field(Object o, String name) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // try the superclass
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    private static void setField(Object o, String name, Object value) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(o, value);
                return;
            } catch (NoSuchFieldException e) {
                // try the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no field " + name + " in " + o.getClass());
    }
}
