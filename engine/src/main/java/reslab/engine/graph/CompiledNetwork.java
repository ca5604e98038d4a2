package reslab.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.kernels.ArrayView;
import reslab.engine.layers.Add;
import reslab.engine.layers.BatchNorm;
import reslab.engine.layers.Blocked;
import reslab.engine.layers.Conv2D;
import reslab.engine.layers.Dense;
import reslab.engine.layers.Dropout;
import reslab.engine.layers.Flatten;
import reslab.engine.layers.Gate;
import reslab.engine.layers.GlobalAvgPool;
import reslab.engine.layers.Layer;
import reslab.engine.layers.LeakyRelu;
import reslab.engine.layers.Parameter;
import reslab.engine.layers.Pool2D;
import reslab.engine.layers.ProjectionShortcut;
import reslab.engine.layers.Relu;
import reslab.engine.layers.Sigmoid;
import reslab.engine.layers.Tanh;
import reslab.engine.layers.ZeroPadShortcut;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
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
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.Initializers;

/**
 * A network design made executable: nodes in topological order, each with its layer.
 * Backward walks the order in reverse; where a node's output feeds several nodes (a
 * shortcut), their gradients are summed before the node's own backward runs.
 *
 * <p>At every join of a shortcut and a branch (an Add, whose first input is the shortcut, or
 * a Gate) backward also keeps the gradient that reached the block input through the
 * shortcut, so telemetry can split the block input's gradient into shortcut and branch parts
 * ({@link #residualSplit}).
 */
public final class CompiledNetwork {
    /** One executable node. {@code inputs} index into the topological order. */
    public record Node(String id, LayerSpec spec, Layer layer, int[] inputs) {}

    /**
     * Where a shortcut and a branch join at node {@code join}: the block input is node
     * {@code blockInput} (the shortcut's source), and the shortcut path hands it its gradient
     * along the edge into input {@code slot} of node {@code consumer} (the join itself for an
     * identity shortcut, else the Shortcut A/B/C node).
     */
    public record ResidualJoin(int join, int blockInput, int consumer, int slot) {}

    /**
     * The block input's gradient at a join: total, the part that came through the shortcut,
     * and the part that came through the branch where the block input has exactly one other
     * consumer (else null: the rest is total minus shortcut).
     */
    public record ResidualSplit(ResidualJoin join, INDArray total, INDArray throughShortcut, INDArray throughBranch) {}

    private final NetworkSpec spec;
    private final DataType dataType;
    private final List<Node> nodes;
    private final int outputIndex;
    private final INDArray[] outputs;   // last forward's output per node
    private final INDArray[] deltas;    // last backward's dL/d(output) per node
    private final List<Parameter> parameters;
    private final List<ResidualJoin> joins;
    private final int[][] joinsByConsumer;       // per node: indices into joins whose shortcut edge it consumes
    private final INDArray[] shortcutGrads;      // per join: last backward's gradient along the shortcut edge
    private final INDArray[] sums;               // per node: kept array for the sum of its consumers' gradients
    private final INDArray[][] parts;            // per node: the first two gradients its consumers handed it (references)
    private final int[] partCount;               // per node: how many gradients its consumers handed it
    // Per node and input: a blocked input converted for a layer that does not take it (null if not), its gradient converted back.
    private final INDArray[][] imageInputs, blockedGradients;
    private final boolean[][] converted;
    private LayerClock clock;
    private Observer observer;

    /** Told how long each layer's forward and backward took (reslab.engine.bench.LayerTimesBenchmark). */
    public interface LayerClock {
        void record(Node node, boolean backward, long nanos);
    }

    /**
     * Told of arrays right after they are written, on the network's thread, while they are
     * still in cache: reading them then costs a fraction of reading them from memory later
     * (reslab.engine.telemetry.WarmReads). Outputs of training forwards only.
     */
    public interface Observer {
        /** A forward pass starts, in training or not: what the last one wrote is about to be overwritten. */
        void forwardStarts();

        /** Node {@code node}'s training forward has written {@code output}. */
        void output(int node, INDArray output);

        /** A backward pass starts. */
        void backwardStarts();

        /** Node {@code consumer}'s backward has handed {@code gradient} to its input, node {@code input}. */
        void gradient(int consumer, int input, INDArray gradient);
    }

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
        this.joins = findJoins(this.nodes);
        this.joinsByConsumer = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            final int node = i;
            joinsByConsumer[i] = java.util.stream.IntStream.range(0, joins.size())
                    .filter(j -> joins.get(j).consumer() == node).toArray();
        }
        this.shortcutGrads = new INDArray[joins.size()];
        this.sums = new INDArray[nodes.size()];
        this.parts = new INDArray[nodes.size()][2];
        this.partCount = new int[nodes.size()];
        this.imageInputs = new INDArray[nodes.size()][];
        this.blockedGradients = new INDArray[nodes.size()][];
        this.converted = new boolean[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            int k = nodes.get(i).inputs().length;
            imageInputs[i] = new INDArray[k];
            blockedGradients[i] = new INDArray[k];
            converted[i] = new boolean[k];
        }
    }

    /** Every Add and Gate: the shortcut is input 0, either the block input itself or a Shortcut A/B/C of it. */
    private static List<ResidualJoin> findJoins(List<Node> nodes) {
        List<ResidualJoin> joins = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (!(n.spec() instanceof AddSpec || n.spec() instanceof GateSpec)) continue;
            int s = n.inputs()[0];
            LayerSpec shortcut = nodes.get(s).spec();
            if (shortcut instanceof ZeroPadShortcutSpec || shortcut instanceof ProjectionShortcutSpec) {
                joins.add(new ResidualJoin(i, nodes.get(s).inputs()[0], s, 0));
            } else {
                joins.add(new ResidualJoin(i, s, i, 0));
            }
        }
        return List.copyOf(joins);
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
            if (layer != null) layer.reuseBuffers(true);
            index.put(n.id(), nodes.size());
            nodes.add(new Node(n.id(), n.layer(), layer, inputs));
        }
        return new CompiledNetwork(spec, dataType, nodes, index.get(spec.output()));
    }

    private static Layer createLayer(NodeSpec n, List<NodeInfo> in, DataType dt, long seed) {
        LayerSpec s = n.layer();
        String id = n.id();
        if (s instanceof InputSpec) return null;
        Shape x = in.isEmpty() ? null : in.get(0).outputShape();
        if (s instanceof DenseSpec d) {
            int fanIn = (int) x.size();
            INDArray bArr = d.bias() ? Nd4j.zeros(dt, 1, d.units()) : null;
            return new Dense(id, weights(d.init(), seed, id, dt, fanIn, d.units(), fanIn, d.units()), bArr);
        }
        if (s instanceof Conv2DSpec c) {
            int channels = x.dim(0), area = c.kernelH() * c.kernelW();
            INDArray w = weights(c.init(), seed, id, dt, channels * area, c.filters() * area,
                    c.filters(), channels, c.kernelH(), c.kernelW());
            return new Conv2D(id, w, c.bias() ? Nd4j.zeros(dt, c.filters()) : null, c.strideH(), c.strideW(), c.padding());
        }
        if (s instanceof BatchNormSpec b) return new BatchNorm(id, x.dim(0), b.epsilon(), b.momentum(), dt);
        if (s instanceof MaxPoolSpec p) {
            return new Pool2D(id, Pool2D.Kind.MAX, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padding());
        }
        if (s instanceof AvgPoolSpec p) {
            return new Pool2D(id, Pool2D.Kind.AVG, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padding());
        }
        if (s instanceof GlobalAvgPoolSpec) return new GlobalAvgPool(id);
        if (s instanceof FlattenSpec) return new Flatten(id);
        if (s instanceof DropoutSpec d) return new Dropout(id, d.rate(), seed);
        if (s instanceof SigmoidSpec) return new Sigmoid(id);
        if (s instanceof TanhSpec) return new Tanh(id);
        if (s instanceof ReluSpec) return new Relu(id);
        if (s instanceof LeakyReluSpec l) return new LeakyRelu(id, l.alpha());
        if (s instanceof AddSpec) return new Add(id);
        if (s instanceof GateSpec g) return new Gate(id, g.gateKind(), Nd4j.ones(dt, 1));
        if (s instanceof ZeroPadShortcutSpec z) return new ZeroPadShortcut(id, z.outChannels(), z.stride());
        if (s instanceof ProjectionShortcutSpec p) {
            int channels = x.dim(0);
            // A 1x1 convolution: fanIn = in, fanOut = out, as for a Dense layer.
            INDArray w = x.rank() == 1
                    ? weights(p.init(), seed, id, dt, channels, p.outChannels(), channels, p.outChannels())
                    : weights(p.init(), seed, id, dt, channels, p.outChannels(), p.outChannels(), channels, 1, 1);
            BatchNormSpec bn = BatchNormSpec.DEFAULT;
            return new ProjectionShortcut(id, w, p.stride(),
                    p.batchNorm() ? new BatchNorm(id, p.outChannels(), bn.epsilon(), bn.momentum(), dt) : null);
        }
        throw new IllegalArgumentException("no layer for " + s.kind());
    }

    /** The weights {@code <id>.W} drawn from the run seed, in {@code shape}. */
    private static INDArray weights(Init init, long seed, String id, DataType dt, int fanIn, int fanOut, long... shape) {
        long count = 1;
        for (long d : shape) count *= d;
        double[] w = Initializers.sample(init, seed, id + ".W", fanIn, fanOut, Math.toIntExact(count));
        return Nd4j.create(w, shape, dt);
    }

    /**
     * Runs every node; returns the output node's values (the logits). x: [batch, input...].
     * {@code training} reaches every layer: batch norm uses the batch's statistics (and updates
     * its running ones) and dropout drops only in training.
     *
     * <p>The layers write into arrays they keep from step to step (see
     * reslab.engine.layers.Buffers): the returned logits, {@link #output} and {@link #delta}
     * are valid until the next forward; copy what must outlive it.
     */
    public INDArray forward(INDArray x, boolean training) {
        if (observer != null) observer.forwardStarts();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.layer() == null) {
                outputs[i] = x;
                continue;
            }
            INDArray[] in = new INDArray[n.inputs().length];
            for (int k = 0; k < in.length; k++) in[k] = outputs[n.inputs()[k]];
            long start = clock == null ? 0 : System.nanoTime();
            in = layoutsFor(i, in, training);
            outputs[i] = n.layer().forward(in, training);
            if (clock != null) clock.record(n, false, System.nanoTime() - start);
            if (observer != null && training) observer.output(i, outputs[i]);
        }
        return outputs[outputIndex];
    }

    /**
     * Evaluation: the output for {@code x} with batch norm on its running statistics and no
     * dropout. Keeps no activations: the caches are cleared before it returns.
     */
    public INDArray predict(INDArray x) {
        INDArray y = forward(x, false).dup();
        clearCaches();
        return y;
    }

    /**
     * Backpropagates dL/d(logits) through every node, adding into the parameter gradients.
     * Afterwards {@link #delta(int)} holds each node's dL/d(output).
     */
    public void backward(INDArray gradLogits) {
        java.util.Arrays.fill(deltas, null);
        java.util.Arrays.fill(shortcutGrads, null);
        java.util.Arrays.fill(partCount, 0);
        for (INDArray[] p : parts) java.util.Arrays.fill(p, null);
        deltas[outputIndex] = gradLogits;
        if (observer != null) observer.backwardStarts();
        boolean[] owned = new boolean[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (deltas[i] == null || n.layer() == null) continue;
            long start = clock == null ? 0 : System.nanoTime();
            INDArray[] dIn = n.layer().backward(deltas[i]);
            blockGradients(i, dIn);
            if (clock != null) clock.record(n, true, System.nanoTime() - start);
            // Keep the shortcut edges' parts (references only: no array is modified after it is handed on).
            for (int j : joinsByConsumer[i]) shortcutGrads[j] = dIn[joins.get(j).slot()];
            for (int k = 0; k < dIn.length; k++) {
                int src = n.inputs()[k];
                if (dIn[k] == null) continue;     // a data input's gradient, left out (skipDataGradients)
                if (observer != null) observer.gradient(i, src, dIn[k]);
                if (partCount[src] < 2) parts[src][partCount[src]] = dIn[k];
                partCount[src]++;
                if (deltas[src] == null) {
                    deltas[src] = dIn[k];
                } else if (owned[src]) {
                    deltas[src].addi(dIn[k]);
                } else {
                    // First sum: into this node's own array, as the parts may be shared.
                    INDArray sum = sums[src];
                    if (sum == null || sum.dataType() != dIn[k].dataType() || !java.util.Arrays.equals(sum.shape(), dIn[k].shape())) {
                        sum = sums[src] = Nd4j.createUninitialized(dIn[k].dataType(), dIn[k].shape());
                    }
                    Nd4j.exec(new AddOp(deltas[src], dIn[k], sum));
                    deltas[src] = sum;
                    owned[src] = true;
                }
            }
        }
    }

    /**
     * The inputs as node {@code node}'s layer takes them: blocked images ({@link Blocked})
     * converted to [n, c, h, w] unless it takes them blocked. The copies are kept, as the
     * layer may keep its input for backward.
     */
    private INDArray[] layoutsFor(int node, INDArray[] in, boolean training) {
        boolean[] conv = converted[node];
        java.util.Arrays.fill(conv, false);
        boolean any = false;
        for (INDArray x : in) any |= Blocked.is(x);
        if (!any || nodes.get(node).layer().takesBlocked(in, training)) return in;
        INDArray[] images = in.clone();
        for (int k = 0; k < in.length; k++) {
            if (!Blocked.is(in[k])) continue;
            images[k] = kept(imageInputs[node], k, in[k].dataType(), Blocked.imageShape(in[k]));
            Blocked.toImage(in[k], images[k]);
            conv[k] = true;
        }
        return images;
    }

    /** The gradients of inputs {@link #layoutsFor} converted, converted back to their blocked layout. */
    private void blockGradients(int node, INDArray[] dIn) {
        boolean[] conv = converted[node];
        for (int k = 0; k < dIn.length; k++) {
            if (!conv[k] || dIn[k] == null) continue;
            INDArray blocked = kept(blockedGradients[node], k, dIn[k].dataType(), outputs[nodes.get(node).inputs()[k]].shape());
            Blocked.fromImage(dIn[k], blocked);
            dIn[k] = blocked;
        }
    }

    private static INDArray kept(INDArray[] slots, int k, DataType dt, long[] shape) {
        INDArray a = slots[k];
        if (a == null || a.dataType() != dt || !java.util.Arrays.equals(a.shape(), shape)) {
            a = slots[k] = Nd4j.createUninitialized(dt, shape);
        }
        return a;
    }

    /**
     * From now on convolutions that oneDNN computes in its blocked layout hand their output
     * on in it, and batch norm, ReLU, Add and Shortcut A keep it ({@link Blocked}): no reorders
     * between them. {@link #output} and {@link #delta} are then [n, c / B, h, w, B] arrays
     * (B = 8 or 16) where blocked ({@link Blocked#toImage} gives the image). Off by default:
     * reslab.engine.train.TrainingSession turns it on; the step-through's networks keep NCHW.
     */
    public void blockedLayouts(boolean on) {
        for (Node n : nodes) if (n.layer() != null) n.layer().blockedOutput(on);
    }

    /**
     * From now on backward leaves out the gradient with respect to the data: layers that read
     * only the network's input skip dL/d(input), so {@link #delta} of the input node stays
     * null. Training needs no more; the gradient checks of the input keep it (the default).
     * Where the data is a residual block's input (a chain whose first shortcut starts at the
     * input), its gradient is kept: the split at that join needs its total.
     */
    public void skipDataGradients() {
        java.util.Set<Integer> blockInputs = new java.util.HashSet<>();
        for (ResidualJoin j : joins) blockInputs.add(j.blockInput());
        for (Node n : nodes) {
            if (n.layer() == null || n.inputs().length != 1) continue;
            int in = n.inputs()[0];
            if (nodes.get(in).layer() == null && !blockInputs.contains(in)) n.layer().skipInputGradient(true);
        }
    }

    /** Sets every parameter gradient to zero: the one place that does it. */
    public void zeroGradients() {
        for (Parameter p : parameters) {
            if (ArrayView.supports(p.grad())) ArrayView.of(p.grad()).fill(0);   // no ND4J call per parameter
            else p.grad().assign(0);
        }
    }

    public void clearCaches() {
        for (Node n : nodes) if (n.layer() != null) n.layer().clearCache();
        java.util.Arrays.fill(outputs, null);
        java.util.Arrays.fill(deltas, null);
        java.util.Arrays.fill(shortcutGrads, null);
        for (INDArray[] p : parts) java.util.Arrays.fill(p, null);
        java.util.Arrays.fill(partCount, 0);
    }

    /** From now on training forwards and backwards tell {@code o} of the arrays they write; null for none. Call it from the network's thread. */
    public void observe(Observer o) {
        this.observer = o;
    }

    /** From now on every layer's forward and backward is timed for {@code c}; null for none. Call it from the network's thread. */
    public void timeLayers(LayerClock c) {
        this.clock = c;
    }

    /** Every Add and Gate in topological order, with its block input and shortcut edge. */
    public List<ResidualJoin> residualJoins() {
        return joins;
    }

    /**
     * After a backward: the block input's whole gradient and the part that came through the
     * shortcut of the join at node {@code joinNode}; null if the node is no join or no gradient
     * reached it. The rest (total minus shortcut) came through the block input's other
     * consumers: the branch, when the block input feeds only the shortcut and the branch, and
     * then the split holds the branch's own part too (telemetry reads one array, not two).
     */
    public ResidualSplit residualSplit(int joinNode) {
        for (int j = 0; j < joins.size(); j++) {
            ResidualJoin r = joins.get(j);
            if (r.join() != joinNode) continue;
            INDArray total = deltas[r.blockInput()], shortcut = shortcutGrads[j];
            if (total == null || shortcut == null) return null;
            INDArray[] p = parts[r.blockInput()];
            INDArray branch = partCount[r.blockInput()] != 2 ? null : p[0] == shortcut ? p[1] : p[1] == shortcut ? p[0] : null;
            return new ResidualSplit(r, total, shortcut, branch);
        }
        return null;
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
