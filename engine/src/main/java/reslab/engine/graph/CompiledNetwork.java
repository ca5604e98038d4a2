package reslab.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Add;
import reslab.engine.layers.Dense;
import reslab.engine.layers.Layer;
import reslab.engine.layers.Parameter;
import reslab.engine.layers.Relu;
import reslab.engine.layers.Sigmoid;
import reslab.engine.layers.Tanh;
import reslab.engine.layers.ZeroPadShortcut;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.Initializers;

/**
 * A network design made executable: nodes in topological order, each with its layer.
 * Backward walks the order in reverse; where a node's output feeds several nodes (a
 * shortcut), their gradients are summed before the node's own backward runs.
 */
public final class CompiledNetwork {
    /** One executable node. {@code inputs} index into the topological order. */
    public record Node(String id, LayerSpec spec, Layer layer, int[] inputs) {}

    private final NetworkSpec spec;
    private final DataType dataType;
    private final List<Node> nodes;
    private final int outputIndex;
    private final INDArray[] outputs;   // last forward's output per node
    private final INDArray[] deltas;    // last backward's dL/d(output) per node
    private final List<Parameter> parameters;

    private CompiledNetwork(NetworkSpec spec, DataType dataType, List<Node> nodes, int outputIndex) {
        this.spec = spec;
        this.dataType = dataType;
        this.nodes = List.copyOf(nodes);
        this.outputIndex = outputIndex;
        this.outputs = new INDArray[nodes.size()];
        this.deltas = new INDArray[nodes.size()];
        List<Parameter> ps = new ArrayList<>();
        for (Node n : nodes) if (n.layer() != null) ps.addAll(n.layer().parameters());
        this.parameters = Collections.unmodifiableList(ps);
    }

    /**
     * Builds the network with weights drawn from {@code seed}.
     *
     * @throws InvalidNetworkException if shape inference reports any diagnostic
     */
    public static CompiledNetwork compile(NetworkSpec spec, DataType dataType, long seed) {
        NetworkAnalysis analysis = ShapeInference.analyze(spec);
        if (!analysis.valid()) throw new InvalidNetworkException(analysis.diagnostics());
        Map<String, Integer> index = new HashMap<>();
        Map<String, NodeSpec> byId = new HashMap<>();
        for (NodeSpec n : spec.nodes()) byId.put(n.id(), n);
        List<Node> nodes = new ArrayList<>();
        for (NodeInfo info : analysis.nodes()) {
            NodeSpec n = byId.get(info.id());
            int[] inputs = n.inputs().stream().mapToInt(index::get).toArray();
            List<NodeInfo> inInfos = n.inputs().stream().map(id -> analysis.node(id).orElseThrow()).toList();
            Layer layer = createLayer(n, inInfos, dataType, seed);
            index.put(n.id(), nodes.size());
            nodes.add(new Node(n.id(), n.layer(), layer, inputs));
        }
        return new CompiledNetwork(spec, dataType, nodes, index.get(spec.output()));
    }

    private static Layer createLayer(NodeSpec n, List<NodeInfo> in, DataType dt, long seed) {
        LayerSpec s = n.layer();
        String id = n.id();
        if (s instanceof InputSpec) return null;
        if (s instanceof DenseSpec d) {
            int fanIn = (int) in.get(0).outputShape().size();
            double[] w = Initializers.sample(d.init(), seed, id + ".W", fanIn, d.units(), fanIn * d.units());
            INDArray wArr = Nd4j.create(w, new long[] {fanIn, d.units()}, dt);
            INDArray bArr = d.bias() ? Nd4j.zeros(dt, 1, d.units()) : null;
            return new Dense(id, wArr, bArr);
        }
        if (s instanceof SigmoidSpec) return new Sigmoid(id);
        if (s instanceof TanhSpec) return new Tanh(id);
        if (s instanceof ReluSpec) return new Relu(id);
        if (s instanceof AddSpec) return new Add(id);
        if (s instanceof ZeroPadShortcutSpec z) return new ZeroPadShortcut(id, z.outChannels());
        throw new IllegalArgumentException("no layer for " + s.kind());
    }

    /** Runs every node; returns the output node's values (the logits). x: [batch, input...]. */
    public INDArray forward(INDArray x, boolean training) {
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.layer() == null) {
                outputs[i] = x;
                continue;
            }
            INDArray[] in = new INDArray[n.inputs().length];
            for (int k = 0; k < in.length; k++) in[k] = outputs[n.inputs()[k]];
            outputs[i] = n.layer().forward(in, training);
        }
        return outputs[outputIndex];
    }

    /**
     * Backpropagates dL/d(logits) through every node, adding into the parameter gradients.
     * Afterwards {@link #delta(int)} holds each node's dL/d(output).
     */
    public void backward(INDArray gradLogits) {
        java.util.Arrays.fill(deltas, null);
        deltas[outputIndex] = gradLogits;
        boolean[] owned = new boolean[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (deltas[i] == null || n.layer() == null) continue;
            INDArray[] dIn = n.layer().backward(deltas[i]);
            for (int k = 0; k < dIn.length; k++) {
                int src = n.inputs()[k];
                if (deltas[src] == null) {
                    deltas[src] = dIn[k];
                } else if (owned[src]) {
                    deltas[src].addi(dIn[k]);
                } else {
                    deltas[src] = deltas[src].add(dIn[k]); // first sum: copy, the parts may be shared
                    owned[src] = true;
                }
            }
        }
    }

    /** Sets every parameter gradient to zero: the one place that does it. */
    public void zeroGradients() {
        for (Parameter p : parameters) p.grad().assign(0);
    }

    public void clearCaches() {
        for (Node n : nodes) if (n.layer() != null) n.layer().clearCache();
        java.util.Arrays.fill(outputs, null);
        java.util.Arrays.fill(deltas, null);
    }

    public NetworkSpec spec() { return spec; }
    public DataType dataType() { return dataType; }
    public List<Node> nodes() { return nodes; }
    public List<Parameter> parameters() { return parameters; }
    public int outputIndex() { return outputIndex; }
    public INDArray output(int i) { return outputs[i]; }
    public INDArray delta(int i) { return deltas[i]; }

    public Parameter parameter(String key) {
        for (Parameter p : parameters) if (p.key().equals(key)) return p;
        throw new IllegalArgumentException("no parameter " + key);
    }
}
