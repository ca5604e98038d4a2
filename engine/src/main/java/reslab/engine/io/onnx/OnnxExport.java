package reslab.engine.io.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.graph.InvalidNetworkException;
import reslab.engine.io.AtomicFile;
import reslab.engine.io.onnx.OnnxGraph.Attribute;
import reslab.engine.layers.Gate;
import reslab.engine.layers.Layer;
import reslab.engine.layers.Parameter;
import reslab.engine.layers.Window2D;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.TrainingCheckpoint;

/**
 * A trained network as an ONNX model (opset 13) that other tools run: the inference form of
 * every layer, with the network's current weights and batch-norm running statistics, in
 * float32 (a network trained in double precision is rounded to float).
 *
 * <p>Each design node becomes the ONNX node of the same name, writing the tensor of the same
 * name; a layer that takes several ONNX operators names the inner ones {@code <node>/<step>}.
 * Weights are initializers under their parameter keys ({@code conv1.W}, {@code bn1.running_mean}).
 * The graph input is the Input node's tensor, {@code [batch, ...]} with the batch left open.
 * A softmax cross-entropy network ends in a Softmax: the output {@code probabilities} is what
 * the engine's evaluation reports as class scores. A mean-squared-error network has no softmax
 * (its loss reads the raw outputs): the output is the output node's tensor as it is.
 *
 * <p>Evaluation form throughout: batch norm uses the running statistics, dropout is left out
 * (the identity), a gate multiplies by its current value g(k) = max(k, 0) as a constant.
 */
public final class OnnxExport {
    public static final int OPSET = 13;
    /** The IR version that came with opset 13 (ONNX 1.8). */
    static final long IR_VERSION = 7;
    /** The name of the open batch dimension of the input and output. */
    public static final String BATCH = "batch";
    public static final String PROBABILITIES = "probabilities";

    /**
     * What a file holds: the graph's input and output tensor names, whether the output went
     * through a softmax, and how many ONNX nodes it has.
     */
    public record Summary(String input, Shape inputShape, String output, Shape outputShape, boolean softmax, int nodes) {}

    private final CompiledNetwork net;
    private final NetworkAnalysis analysis;
    private final OnnxGraph graph = new OnnxGraph();
    private final Set<String> used = new HashSet<>();
    private final String[] tensor;                  // per node index: the tensor holding its output

    private OnnxExport(CompiledNetwork net) {
        this.net = net;
        this.analysis = ShapeInference.analyze(net.spec());
        if (!analysis.valid()) throw new InvalidNetworkException(analysis.diagnostics());
        this.tensor = new String[net.nodes().size()];
        for (CompiledNetwork.Node n : net.nodes()) used.add(n.id());   // node ids name their own tensors
    }

    /** The model file's bytes, with the network's current weights. */
    public static byte[] toBytes(CompiledNetwork net) {
        OnnxExport e = new OnnxExport(net);
        Summary s = e.build();
        return e.serialise(s);
    }

    /** What {@link #toBytes} would write, without the bytes. */
    public static Summary describe(CompiledNetwork net) {
        return new OnnxExport(net).build();
    }

    /**
     * Writes the model to {@code target} through a temporary file in the same folder that
     * then replaces it: a failed or interrupted write leaves no partial file.
     */
    public static Summary write(CompiledNetwork net, Path target) throws IOException {
        OnnxExport e = new OnnxExport(net);
        Summary s = e.build();
        byte[] bytes = e.serialise(s);
        AtomicFile.write(target, out -> out.write(bytes));
        return s;
    }

    /**
     * The network of {@code spec} with the trained values of {@code saved} (from the trainer or
     * a project file), ready to export without a training session.
     *
     * @throws InvalidNetworkException  if the design is not valid (its diagnostics say why)
     * @throws IllegalArgumentException if the saved values do not cover the network exactly:
     *                                  an export must not mix trained and initial weights
     */
    public static CompiledNetwork trained(NetworkSpec spec, TrainingCheckpoint saved) {
        CompiledNetwork net = CompiledNetwork.compile(spec, DataType.FLOAT, saved.config().seed());
        Map<String, INDArray> live = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) live.put(p.key(), p.value());
        for (CompiledNetwork.Node n : net.nodes()) if (n.layer() != null) live.putAll(n.layer().state());
        Map<String, INDArray> values = new LinkedHashMap<>(saved.parameters());
        values.putAll(saved.layerState());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            INDArray v = values.get(e.getKey());
            if (v == null) {
                problems.add("no trained value for " + e.getKey());
            } else if (!Arrays.equals(v.shape(), e.getValue().shape())) {
                problems.add(e.getKey() + " is " + Arrays.toString(v.shape()) + ", the network's is " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String key : values.keySet()) if (!live.containsKey(key)) problems.add(key + " belongs to no layer of the design");
        if (!problems.isEmpty()) throw new IllegalArgumentException("the trained values do not fit the design: " + String.join("; ", problems));
        for (Map.Entry<String, INDArray> e : live.entrySet()) e.getValue().assign(values.get(e.getKey()));
        return net;
    }

    private byte[] serialise(Summary s) {
        String design = net.spec().name();
        graph.metadata("reslab.design", design);
        graph.metadata("reslab.output", s.softmax()
                ? "softmax of the logits of node '" + net.spec().output() + "'"
                : "the values of node '" + net.spec().output() + "' (trained on mean squared error: no softmax)");
        String doc = "Exported by ResLab from the design '" + design + "' in evaluation form: batch normalisation on its "
                + "running statistics, no dropout. Input " + s.input() + " [" + BATCH + ", " + dims(s.inputShape())
                + "], output " + s.output() + " [" + BATCH + ", " + dims(s.outputShape()) + "].";
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        return graph.model(IR_VERSION, OPSET, design, "ResLab", version == null ? "dev" : version, doc);
    }

    private static String dims(Shape s) {
        return s.toString().replace("x", ", ");
    }

    private Summary build() {
        List<CompiledNetwork.Node> nodes = net.nodes();
        boolean[] needed = neededForOutput();
        String input = null;
        Shape inputShape = null;
        for (int i = 0; i < nodes.size(); i++) {
            if (!needed[i]) continue;
            CompiledNetwork.Node n = nodes.get(i);
            if (n.spec() instanceof InputSpec in) {
                if (input != null) throw new IllegalArgumentException("ONNX export handles one input, the design has more");
                tensor[i] = n.id();
                input = n.id();
                inputShape = in.shape();
                graph.input(input, OnnxGraph.FLOAT, withBatch(in.shape()));
            } else if (n.spec() instanceof DropoutSpec) {
                tensor[i] = tensor[n.inputs()[0]];          // the identity in evaluation
            } else {
                emit(i, n);
                tensor[i] = n.id();
            }
        }
        CompiledNetwork.Node out = nodes.get(net.outputIndex());
        Shape outShape = shapeOf(out.id());
        String last = tensor[net.outputIndex()];
        boolean softmax = net.spec().loss() == LossKind.SOFTMAX_CROSS_ENTROPY;
        String result;
        if (softmax) {
            result = fresh(PROBABILITIES);
            graph.node("Softmax", fresh("softmax"), List.of(last), List.of(result), Attribute.integer("axis", 1));
        } else if (!last.equals(out.id())) {   // the output node was a dropout: name the result after it
            result = out.id();
            graph.node("Identity", out.id(), List.of(last), List.of(result));
        } else {
            result = last;
        }
        graph.output(result, OnnxGraph.FLOAT, withBatch(outShape));
        return new Summary(input, inputShape, result, outShape, softmax, graph.nodeCount());
    }

    /** Nodes the output depends on; the others (a dangling branch) are left out. */
    private boolean[] neededForOutput() {
        List<CompiledNetwork.Node> nodes = net.nodes();
        boolean[] needed = new boolean[nodes.size()];
        needed[net.outputIndex()] = true;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (!needed[i]) continue;
            for (int j : nodes.get(i).inputs()) needed[j] = true;
        }
        return needed;
    }

    private void emit(int index, CompiledNetwork.Node n) {
        LayerSpec s = n.spec();
        String id = n.id();
        Layer layer = n.layer();
        List<String> in = new ArrayList<>();
        for (int j : n.inputs()) in.add(tensor[j]);
        String x = in.get(0);
        Shape xShape = shapeOf(net.nodes().get(n.inputs()[0]).id());

        if (s instanceof DenseSpec d) {
            dense(id, x, layer, id);
        } else if (s instanceof Conv2DSpec c) {
            Window2D w = Window2D.of(c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padding(), xShape.dim(1), xShape.dim(2));
            List<String> args = new ArrayList<>(List.of(x, weight(layer, Parameter.Role.WEIGHT, false)));
            if (c.bias()) args.add(weight(layer, Parameter.Role.BIAS, true));
            graph.node("Conv", id, args, List.of(id), windowAttributes(w));
        } else if (s instanceof BatchNormSpec b) {
            batchNorm(id, x, layer, b.epsilon(), b.momentum(), id);
        } else if (s instanceof MaxPoolSpec p) {
            Window2D w = Window2D.of(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padding(), xShape.dim(1), xShape.dim(2));
            graph.node("MaxPool", id, List.of(x), List.of(id), poolAttributes(w));
        } else if (s instanceof AvgPoolSpec p) {
            Window2D w = Window2D.of(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padding(), xShape.dim(1), xShape.dim(2));
            Attribute[] a = Arrays.copyOf(poolAttributes(w), 4);
            a[3] = Attribute.integer("count_include_pad", 0);       // padding not counted, as the engine averages
            graph.node("AveragePool", id, List.of(x), List.of(id), a);
        } else if (s instanceof GlobalAvgPoolSpec) {
            String pooled = fresh(id + "/pool");                     // [batch, c, 1, 1]
            graph.node("GlobalAveragePool", pooled, List.of(x), List.of(pooled));
            graph.node("Flatten", id, List.of(pooled), List.of(id), Attribute.integer("axis", 1));
        } else if (s instanceof FlattenSpec) {
            graph.node("Flatten", id, List.of(x), List.of(id), Attribute.integer("axis", 1));
        } else if (s instanceof SigmoidSpec) {
            graph.node("Sigmoid", id, List.of(x), List.of(id));
        } else if (s instanceof TanhSpec) {
            graph.node("Tanh", id, List.of(x), List.of(id));
        } else if (s instanceof ReluSpec) {
            graph.node("Relu", id, List.of(x), List.of(id));
        } else if (s instanceof LeakyReluSpec l) {
            graph.node("LeakyRelu", id, List.of(x), List.of(id), Attribute.real("alpha", (float) l.alpha()));
        } else if (s instanceof AddSpec) {
            graph.node(in.size() == 2 ? "Add" : "Sum", id, in, List.of(id));
        } else if (s instanceof ZeroPadShortcutSpec z) {
            zeroPadShortcut(id, x, xShape, z);
        } else if (s instanceof ProjectionShortcutSpec p) {
            projection(id, x, xShape, layer, p);
        } else if (s instanceof GateSpec g) {
            gate(id, in.get(0), in.get(1), (Gate) layer, g.gateKind());
        } else {
            throw new IllegalArgumentException(id + ": no ONNX form for " + s.kind());
        }
    }

    /** y = x W + b as Gemm; W is [in, out] as the engine keeps it. */
    private void dense(String name, String x, Layer layer, String out) {
        List<String> args = new ArrayList<>(List.of(x, weight(layer, Parameter.Role.WEIGHT, false)));
        if (find(layer, Parameter.Role.BIAS) != null) args.add(weight(layer, Parameter.Role.BIAS, true));
        graph.node("Gemm", name, args, List.of(out));
    }

    /** Inference batch norm; the layer's (or the projection's) gamma, beta and running statistics. */
    private void batchNorm(String name, String x, Layer layer, double epsilon, double momentum, String out) {
        Map<String, INDArray> state = layer.state();
        String mean = constant(layer.name() + ".running_mean", state.get(layer.name() + ".running_mean"), true);
        String var = constant(layer.name() + ".running_var", state.get(layer.name() + ".running_var"), true);
        graph.node("BatchNormalization", name,
                List.of(x, weight(layer, Parameter.Role.GAMMA, true), weight(layer, Parameter.Role.BETA, true), mean, var),
                List.of(out),
                Attribute.real("epsilon", (float) epsilon),
                // ONNX keeps running = momentum running + (1 - momentum) batch: the engine's 1 - momentum.
                Attribute.real("momentum", (float) (1 - momentum)));
    }

    /**
     * Option A: every stride-th row and column from the first (Slice), then zero channels after
     * the input's (Pad). Flat inputs are only padded.
     */
    private void zeroPadShortcut(String id, String x, Shape xShape, ZeroPadShortcutSpec z) {
        boolean image = xShape.rank() == 3;
        int extra = z.outChannels() - xShape.dim(0);
        String current = x;
        boolean subsample = image && z.stride() > 1;
        if (subsample) {
            String sliced = extra > 0 ? fresh(id + "/subsample") : id;
            long s = z.stride();
            graph.node("Slice", sliced, List.of(current,
                            int64s(id + ".starts", 0, 0), int64s(id + ".ends", xShape.dim(1), xShape.dim(2)),
                            int64s(id + ".axes", 2, 3), int64s(id + ".steps", s, s)),
                    List.of(sliced));
            current = sliced;
        }
        if (extra > 0) {
            // pads: the begin of every axis, then the end of every axis; the new channels come after the old.
            long[] pads = image ? new long[] {0, 0, 0, 0, 0, extra, 0, 0} : new long[] {0, 0, 0, extra};
            graph.node("Pad", id, List.of(current, int64s(id + ".pads", pads)), List.of(id), Attribute.text("mode", "constant"));
        } else if (!subsample) {
            graph.node("Identity", id, List.of(current), List.of(id));
        }
    }

    /** Options B and C: a 1x1 convolution (a Gemm on flat inputs) without bias, then batch norm if any. */
    private void projection(String id, String x, Shape xShape, Layer layer, ProjectionShortcutSpec p) {
        boolean norm = p.batchNorm();
        String projected = norm ? fresh(id + "/projection") : id;
        if (xShape.rank() == 3) {
            graph.node("Conv", projected, List.of(x, weight(layer, Parameter.Role.WEIGHT, false)), List.of(projected),
                    Attribute.ints("kernel_shape", 1, 1), Attribute.ints("strides", p.stride(), p.stride()),
                    Attribute.ints("pads", 0, 0, 0, 0), Attribute.ints("dilations", 1, 1));
        } else {
            dense(projected, x, layer, projected);
        }
        if (norm) {
            BatchNormSpec bn = BatchNormSpec.DEFAULT;   // the projection's batch norm (see CompiledNetwork)
            batchNorm(id, projected, layer, bn.epsilon(), bn.momentum(), id);
        }
    }

    /** PLAIN: u = g f + (1 - g) x;  RESIDUAL: u = g f + x;  g = max(k, 0) now, as a constant. */
    private void gate(String id, String x, String f, Gate layer, GateSpec.Kind kind) {
        double g = layer.gateValue();
        String scaled = fresh(id + "/branch");
        graph.node("Mul", scaled, List.of(f, scalar(id + ".g", (float) g)), List.of(scaled));
        String shortcut = x;
        if (kind == GateSpec.Kind.PLAIN) {
            shortcut = fresh(id + "/shortcut");
            graph.node("Mul", shortcut, List.of(x, scalar(id + ".one_minus_g", (float) (1 - g))), List.of(shortcut));
        }
        graph.node("Add", id, List.of(scaled, shortcut), List.of(id));
    }

    private static Attribute[] windowAttributes(Window2D w) {
        return new Attribute[] {
            Attribute.ints("kernel_shape", w.kernelH(), w.kernelW()),
            Attribute.ints("strides", w.strideH(), w.strideW()),
            // Explicit and exact for every mode: SAME's odd zero goes after (bottom/right), as the engine pads.
            Attribute.ints("pads", w.padTop(), w.padLeft(), w.padBottom(), w.padRight()),
            Attribute.ints("dilations", 1, 1)};
    }

    private static Attribute[] poolAttributes(Window2D w) {
        return new Attribute[] {
            Attribute.ints("kernel_shape", w.kernelH(), w.kernelW()),
            Attribute.ints("strides", w.strideH(), w.strideW()),
            Attribute.ints("pads", w.padTop(), w.padLeft(), w.padBottom(), w.padRight())};
    }

    /** The parameter of this role as an initializer under its key; {@code flat}: as a vector. */
    private String weight(Layer layer, Parameter.Role role, boolean flat) {
        Parameter p = find(layer, role);
        if (p == null) throw new IllegalStateException(layer.name() + " has no " + role.suffix() + " parameter");
        return constant(p.key(), p.value(), flat);
    }

    private static Parameter find(Layer layer, Parameter.Role role) {
        for (Parameter p : layer.parameters()) if (p.role() == role) return p;
        return null;
    }

    private String constant(String key, INDArray value, boolean flat) {
        if (value == null) throw new IllegalStateException("no value for " + key);
        String name = fresh(key);
        long[] dims = flat ? new long[] {value.length()} : value.shape();
        graph.floats(name, dims, floats(value));
        return name;
    }

    private String scalar(String key, float value) {
        String name = fresh(key);
        graph.floats(name, new long[0], new float[] {value});
        return name;
    }

    private String int64s(String key, long... values) {
        String name = fresh(key);
        graph.int64s(name, new long[] {values.length}, values);
        return name;
    }

    /** Row-major float32 copy. */
    private static float[] floats(INDArray a) {
        INDArray c = (a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT)).dup('c');
        return c.data().asFloat();
    }

    /** {@code base}, or base_2, base_3, ... if a node or tensor has the name already. */
    private String fresh(String base) {
        String name = base;
        for (int k = 2; !used.add(name); k++) name = base + "_" + k;
        return name;
    }

    private Shape shapeOf(String nodeId) {
        return analysis.node(nodeId).orElseThrow().outputShape();
    }

    private static Object[] withBatch(Shape s) {
        Object[] d = new Object[s.rank() + 1];
        d[0] = BATCH;
        for (int i = 0; i < s.rank(); i++) d[i + 1] = (long) s.dim(i);
        return d;
    }
}
