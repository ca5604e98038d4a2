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
 * references to the activations and gradients still to read at once, on the training thread;
 * {@link Capture#compute} reads those arrays. Arrays whose numbers were taken as they were written (by a layer's backward, a
 * batch norm's statistics, or {@link WarmReads}) are not read again. With {@link WarmReads},
 * the capture holds no output, only gradients, which a forward pass does not write: compute
 * may then run on another thread while the next step's forward runs.
 */
public final class TelemetryCollector {
    private TelemetryCollector() {}

    /** Capture and compute at once. */
    public static List<NodeTelemetry> collect(CompiledNetwork net, Map<String, Double> weightNormsBefore,
                                              Map<String, Double> updateNorms) {
        return capture(net, weightNormsBefore, updateNorms).compute();
    }

    /** What one node's numbers need: computed values and the arrays still to read. */
    private record Pending(String id, double wNorm, double wRms, double bNorm, double ratio, double gate,
                           INDArray output, OutputStats known, INDArray delta, INDArray splitTotal,
                           INDArray splitShortcut, INDArray splitBranch, LayerSpec spec) {}

    /** An output's mean and spread, and its dead fraction (ReLU; else NaN). */
    record OutputStats(BufferStats.Moments moments, double dead) {
        /** Reads {@code y}, the output of a node of kind {@code spec}. */
        static OutputStats read(LayerSpec spec, INDArray y) {
            // Saturated: beyond 0.99 of the output range, i.e. |2y - 1| > 0.99 for a sigmoid, |y| > 0.99 for tanh.
            if (spec instanceof SigmoidSpec) return new OutputStats(BufferStats.moments(y, 0.5, 0.495), Double.NaN);
            if (spec instanceof TanhSpec) return new OutputStats(BufferStats.moments(y, 0.0, 0.99), Double.NaN);
            BufferStats.Moments m = BufferStats.moments(y, 0.0, Double.NaN);
            return new OutputStats(m, spec instanceof ReluSpec ? BufferStats.deadFraction(y) : Double.NaN);
        }
    }

    /**
     * @param weightNormsBefore ||W|| per parameter key before the update (for the update ratio)
     * @param updateNorms       ||delta W|| per parameter key, or null for a preview without update
     */
    public static Capture capture(CompiledNetwork net, Map<String, Double> weightNormsBefore,
                                  Map<String, Double> updateNorms) {
        return capture(net, weightNormsBefore, updateNorms, null);
    }

    /**
     * {@link #capture(CompiledNetwork, Map, Map)}, taking what {@code warm} (attached to
     * {@code net}, or null) read of the last forward and backward: those arrays are not read
     * again. With {@code warm}, any output it did not read (a batch norm's input that the
     * layer took converted, so its statistics are not that array's) is read here, so the
     * capture holds gradients only.
     */
    public static Capture capture(CompiledNetwork net, Map<String, Double> weightNormsBefore,
                                  Map<String, Double> updateNorms, WarmReads warm) {
        List<Pending> pending = new ArrayList<>();
        List<CompiledNetwork.Node> nodes = net.nodes();
        OutputStats[] known = knownOutputs(net, warm);
        if (warm != null) {
            for (int i = 0; i < nodes.size(); i++) {
                if (known[i] == null && nodes.get(i).layer() != null) known[i] = OutputStats.read(nodes.get(i).spec(), net.output(i));
            }
        }
        // Gradients whose squares were summed on their way (by a layer's backward, or warm): not read again.
        Map<INDArray, Double> knownRms = new IdentityHashMap<>();
        Map<INDArray, Double> squares = new IdentityHashMap<>();
        if (warm != null) squares.putAll(warm.squares());
        for (CompiledNetwork.Node n : nodes) {
            if (n.layer() == null) continue;
            for (reslab.engine.layers.Layer.SquareSum q : n.layer().squareSums()) squares.put(q.array(), q.value());
        }
        for (Map.Entry<INDArray, Double> e : squares.entrySet()) {
            long len = e.getKey().length();
            knownRms.put(e.getKey(), len == 0 ? 0.0 : Math.sqrt(e.getValue() / len));
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
            // An output whose numbers are known needs no read.
            pending.add(new Pending(n.id(), wNorm, wRms, bNorm, ratio, gate, known[i] == null ? net.output(i) : null, known[i], net.delta(i),
                    split == null ? null : split.total(), split == null ? null : split.throughShortcut(),
                    split == null ? null : split.throughBranch(), n.spec()));
        }
        return new Capture(List.copyOf(pending), knownRms);
    }

    /**
     * Which nodes' output moments a batch norm gives: its own output's, and its input's (a
     * convolution's, in most nets) unless that input counts saturated or dead values too.
     */
    static boolean[] momentsFromBatchNorm(CompiledNetwork net) {
        List<CompiledNetwork.Node> nodes = net.nodes();
        boolean[] given = new boolean[nodes.size()];
        for (int j = 0; j < nodes.size(); j++) {
            if (!(nodes.get(j).layer() instanceof BatchNorm)) continue;
            given[j] = true;
            int in = nodes.get(j).inputs()[0];
            if (nodes.get(in).layer() != null && !countsBeyond(nodes.get(in).spec())) given[in] = true;
        }
        return given;
    }

    private static boolean countsBeyond(LayerSpec spec) {
        return spec instanceof SigmoidSpec || spec instanceof TanhSpec || spec instanceof ReluSpec;
    }

    /**
     * The output numbers that need no pass over the outputs now: a batch norm's output and its
     * input's follow from the batch statistics its training forward computed
     * ({@link #momentsFromBatchNorm}); {@code warm} read others as they were written. Null
     * where the array must be read.
     */
    private static OutputStats[] knownOutputs(CompiledNetwork net, WarmReads warm) {
        List<CompiledNetwork.Node> nodes = net.nodes();
        OutputStats[] known = new OutputStats[nodes.size()];
        boolean[] given = momentsFromBatchNorm(net);
        for (int j = 0; j < nodes.size(); j++) {
            if (warm != null && warm.output(j) != null) known[j] = warm.output(j);
            if (!(nodes.get(j).layer() instanceof BatchNorm bn)) continue;
            int in = nodes.get(j).inputs()[0];
            double[] m = bn.lastTrainingMoments(net.output(in));
            if (m == null) continue;       // its input was a converted copy, or no training forward ran
            known[j] = new OutputStats(new BufferStats.Moments(m[2], m[3], Double.NaN), Double.NaN);
            if (given[in]) known[in] = new OutputStats(new BufferStats.Moments(m[0], m[1], Double.NaN), Double.NaN);
        }
        return known;
    }

    /** The arrays of one step's telemetry, to be read once: outputs whose numbers are not known, then gradients. */
    public static final class Capture {
        private final List<Pending> pending;
        private final Map<INDArray, Double> knownRms;

        private Capture(List<Pending> pending, Map<INDArray, Double> knownRms) {
            this.pending = pending;
            this.knownRms = knownRms;
        }

        /**
         * What {@link #compute} will read, as "node output" and "node gradient" (or "node split"
         * for a total minus shortcut): the arrays whose numbers no layer and no {@link WarmReads}
         * took on their way.
         */
        public List<String> arraysToRead() {
            List<String> reads = new ArrayList<>();
            java.util.Set<INDArray> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (Pending p : pending) if (p.output() != null) reads.add(p.id() + " output");
            for (Pending p : pending) {
                if (p.splitTotal() != null) {
                    if (!knownRms.containsKey(p.splitShortcut()) && seen.add(p.splitShortcut())) reads.add(p.id() + " shortcut");
                    if (p.splitBranch() == null) reads.add(p.id() + " split");
                    else if (!knownRms.containsKey(p.splitBranch()) && seen.add(p.splitBranch())) reads.add(p.id() + " branch");
                }
                if (p.delta() != null && !knownRms.containsKey(p.delta()) && seen.add(p.delta())) reads.add(p.id() + " gradient");
            }
            return reads;
        }

        /** Reads every array left to read. */
        public List<NodeTelemetry> compute() {
            int n = pending.size();
            OutputStats[] stats = new OutputStats[n];
            for (int k = 0; k < n; k++) {
                Pending p = pending.get(k);
                stats[k] = p.known() != null ? p.known() : OutputStats.read(p.spec(), p.output());
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
                BufferStats.Moments m = stats[k].moments();
                // Population std (over N): the spread of exactly these values.
                out.add(new NodeTelemetry(p.id(), p.spec().kind(), p.wNorm(), p.wRms(), p.bNorm(), deltaRms, p.ratio(),
                        m.mean(), m.std(), m.fractionBeyond(), stats[k].dead(), shortcutRms, branchRms, p.gate()));
            }
            return out;
        }
    }

    public static double rms(INDArray a) {
        return BufferStats.rms(a);
    }
}
