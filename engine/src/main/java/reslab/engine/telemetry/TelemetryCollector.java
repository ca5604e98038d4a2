package reslab.engine.telemetry;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.BatchNorm;
import reslab.engine.layers.Gate;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;

/**
 * Reads the numbers of DESIGN.md off a network right after its backward pass, in two parts:
 * {@link #capture} takes the cheap numbers (parameter gradients, update ratios, gates) and
 * references to the activations and gradients at once, on the training thread;
 * {@link Capture#compute} reads those arrays, which may run on another thread while the next
 * step runs, as long as that step waits before overwriting them ({@link Capture#outputsRead}).
 */
public final class TelemetryCollector {
    private TelemetryCollector() {}

    /** Capture and compute at once. */
    public static List<NodeTelemetry> collect(CompiledNetwork net, Map<String, Double> weightNormsBefore,
                                              Map<String, Double> updateNorms) {
        return capture(net, weightNormsBefore, updateNorms).compute(i -> {});
    }

    /** What one node's numbers need: computed values and the arrays still to read. */
    private record Pending(String id, double wNorm, double wRms, double bNorm, double ratio, double gate,
                           INDArray output, BufferStats.Moments knownMoments, INDArray delta, INDArray splitTotal,
                           INDArray splitShortcut, INDArray splitBranch, LayerSpec spec) {}

    /**
     * @param weightNormsBefore ||W|| per parameter key before the update (for the update ratio)
     * @param updateNorms       ||delta W|| per parameter key, or null for a preview without update
     */
    public static Capture capture(CompiledNetwork net, Map<String, Double> weightNormsBefore,
                                  Map<String, Double> updateNorms) {
        List<Pending> pending = new ArrayList<>();
        List<CompiledNetwork.Node> nodes = net.nodes();
        int[] nodeIndex = new int[nodes.size()];
        BufferStats.Moments[] known = knownMoments(net);
        // Gradients whose squares a layer's backward summed on its way: not read again.
        Map<INDArray, Double> knownRms = new IdentityHashMap<>();
        for (CompiledNetwork.Node n : nodes) {
            if (n.layer() == null) continue;
            for (reslab.engine.layers.Layer.SquareSum q : n.layer().squareSums()) {
                long len = q.array().length();
                knownRms.put(q.array(), len == 0 ? 0.0 : Math.sqrt(q.value() / len));
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            CompiledNetwork.Node n = nodes.get(i);
            if (n.layer() == null) continue; // the data input
            double wNorm = Double.NaN, wRms = Double.NaN, bNorm = Double.NaN, ratio = Double.NaN;
            for (Parameter p : n.layer().parameters()) {
                // Weights and biases only: batch norm's gamma/beta and a gate's k are no layer weights.
                if (p.role() == Parameter.Role.WEIGHT) {
                    double g = BufferStats.norm2(p.grad());
                    wNorm = g;
                    wRms = g / Math.sqrt(p.grad().length());
                    if (updateNorms != null) {
                        double before = weightNormsBefore.getOrDefault(p.key(), Double.NaN);
                        ratio = updateNorms.get(p.key()) / before;
                    }
                } else if (p.role() == Parameter.Role.BIAS) {
                    bNorm = BufferStats.norm2(p.grad());
                }
            }
            CompiledNetwork.ResidualSplit split = net.residualSplit(i);
            double gate = n.layer() instanceof Gate g ? g.gateValue() : Double.NaN;
            nodeIndex[pending.size()] = i;
            pending.add(new Pending(n.id(), wNorm, wRms, bNorm, ratio, gate, net.output(i), known[i], net.delta(i),
                    split == null ? null : split.total(), split == null ? null : split.throughShortcut(),
                    split == null ? null : split.throughBranch(), n.spec()));
        }
        return new Capture(List.copyOf(pending), java.util.Arrays.copyOf(nodeIndex, pending.size()), nodes.size(), knownRms);
    }

    /**
     * Moments of outputs that need no pass over them: a batch norm's output and its input's
     * (a convolution's, in most nets) follow from the batch statistics its training forward
     * computed. Null where the array must be read (sigmoid and tanh count saturation too).
     */
    private static BufferStats.Moments[] knownMoments(CompiledNetwork net) {
        List<CompiledNetwork.Node> nodes = net.nodes();
        BufferStats.Moments[] known = new BufferStats.Moments[nodes.size()];
        for (int j = 0; j < nodes.size(); j++) {
            if (!(nodes.get(j).layer() instanceof BatchNorm bn)) continue;
            int in = nodes.get(j).inputs()[0];
            double[] m = bn.lastTrainingMoments(net.output(in));
            if (m == null) continue;
            known[j] = new BufferStats.Moments(m[2], m[3], Double.NaN);
            LayerSpec inSpec = nodes.get(in).spec();
            boolean countsBeyond = inSpec instanceof SigmoidSpec || inSpec instanceof TanhSpec || inSpec instanceof ReluSpec;
            if (nodes.get(in).layer() != null && !countsBeyond) known[in] = new BufferStats.Moments(m[0], m[1], Double.NaN);
        }
        return known;
    }

    /**
     * The arrays of one step's telemetry, to be read once. Outputs are read first, in
     * topological order, then the gradients.
     */
    public static final class Capture {
        private final List<Pending> pending;
        private final int[] nodeIndex;       // per pending entry: its index in the network's order
        private final int[] lastReader;      // per network node: the last network node whose output read shares its memory
        private final Map<INDArray, Double> knownRms;

        private Capture(List<Pending> pending, int[] nodeIndex, int nodeCount, Map<INDArray, Double> knownRms) {
            this.pending = pending;
            this.knownRms = knownRms;
            this.nodeIndex = nodeIndex;
            this.lastReader = new int[nodeCount];
            java.util.Arrays.fill(lastReader, -1);
            // A view (Flatten's reshape, an identity Dropout) shares its input's memory: the
            // input's buffer is free again only once the view's statistics are read too.
            Map<Long, Integer> lastByAddress = new java.util.HashMap<>();
            for (int k = 0; k < pending.size(); k++) {
                INDArray y = pending.get(k).output();
                if (y != null) lastByAddress.put(y.data().address(), nodeIndex[k]);
            }
            for (int k = 0; k < pending.size(); k++) {
                INDArray y = pending.get(k).output();
                if (y != null) lastReader[nodeIndex[k]] = lastByAddress.get(y.data().address());
            }
        }

        /**
         * The last node (network index) whose output statistics must be read before node
         * {@code node}'s forward may overwrite its output; -1 when none.
         */
        public int outputsRead(int node) {
            return node < lastReader.length ? lastReader[node] : -1;
        }

        /**
         * Reads every array. {@code outputDone} is told the network index of each node whose
         * output has been read, in increasing order; gradients are read after all outputs.
         */
        public List<NodeTelemetry> compute(java.util.function.IntConsumer outputDone) {
            int n = pending.size();
            BufferStats.Moments[] moments = new BufferStats.Moments[n];
            double[] dead = new double[n];
            for (int k = 0; k < n; k++) {
                Pending p = pending.get(k);
                INDArray y = p.output();
                // Saturated: beyond 0.99 of the output range, i.e. |2y - 1| > 0.99 for a sigmoid,
                // |y| > 0.99 for tanh.
                dead[k] = Double.NaN;
                if (p.knownMoments() != null) {
                    moments[k] = p.knownMoments();
                } else if (p.spec() instanceof SigmoidSpec) {
                    moments[k] = BufferStats.moments(y, 0.5, 0.495);
                } else if (p.spec() instanceof TanhSpec) {
                    moments[k] = BufferStats.moments(y, 0.0, 0.99);
                } else {
                    moments[k] = BufferStats.moments(y, 0.0, Double.NaN);
                    if (p.spec() instanceof ReluSpec) dead[k] = BufferStats.deadFraction(y);
                }
                outputDone.accept(nodeIndex[k]);
            }
            List<NodeTelemetry> out = new ArrayList<>(n);
            // An array reached by several nodes (an Add hands its gradient to both inputs) is read once.
            Map<INDArray, Double> rmsOf = new IdentityHashMap<>(knownRms);
            for (int k = 0; k < n; k++) {
                Pending p = pending.get(k);
                double shortcutRms = Double.NaN, branchRms = Double.NaN;
                if (p.splitTotal() != null) {
                    shortcutRms = rmsOf.computeIfAbsent(p.splitShortcut(), BufferStats::rms);
                    // The branch's own gradient where the network kept it: one array read instead of two.
                    branchRms = p.splitBranch() != null ? rmsOf.computeIfAbsent(p.splitBranch(), BufferStats::rms)
                            : BufferStats.rmsOfDifference(p.splitTotal(), p.splitShortcut());
                }
                double deltaRms = p.delta() == null ? 0.0 : rmsOf.computeIfAbsent(p.delta(), BufferStats::rms);
                BufferStats.Moments m = moments[k];
                // Population std (over N): the spread of exactly these values.
                out.add(new NodeTelemetry(p.id(), p.spec().kind(), p.wNorm(), p.wRms(), p.bNorm(), deltaRms, p.ratio(),
                        m.mean(), m.std(), m.fractionBeyond(), dead[k], shortcutRms, branchRms, p.gate()));
            }
            return out;
        }
    }

    public static double rms(INDArray a) {
        return BufferStats.rms(a);
    }
}
