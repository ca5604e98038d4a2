package reslab.engine.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.layers.Gate;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.FrozenBatch;
import reslab.engine.train.Loss;

/**
 * The step-through backward pass: one frozen batch, forwarded once, then backpropagated one
 * node at a time from the loss to the input, with what each node received, did and handed
 * on ({@link BackwardStep}), the theory's prediction beside the measured ratio
 * ({@link LayerPair}), and at each residual join the shortcut and branch parts of the block
 * input's gradient ({@link JoinSplit}).
 *
 * <p>The walk is {@link CompiledNetwork#backward}'s, node by node in reverse topological
 * order, gradients summed at a fan-out in the same order with the same operations, so every
 * delta equals the network's (tested). It runs on its own network built from a copy of the
 * weights, in training mode (batch norm on the batch's statistics; dropout masks from the
 * copy's own seed), so the session the weights came from is untouched. Recording is eager:
 * the UI steps through {@link #steps()} by index. Immutable and safe to share between threads.
 */
public final class BackwardTrace {
    /**
     * @param keepValues keep every gradient value (for tests or a small network's heat map);
     *                   otherwise only sizes and strips
     * @param stripWidth the most bins a heat strip has
     */
    public record Options(boolean keepValues, int stripWidth) {
        public static final Options DEFAULT = new Options(false, 64);

        public Options {
            if (stripWidth < 0) throw new IllegalArgumentException("strip width must be 0 or positive, got " + stripWidth);
        }
    }

    /**
     * A weighted layer and the activation that reads it (and nothing else reads it): the pair
     * DESIGN.md's rule is about. Measured is what the two together did to the gradient, from the
     * activation's incoming delta to the weighted layer's outgoing one.
     *
     * @param predictedNormGain sqrt(fanIn E[W^2] E[sigma'^2]) at these weights and this batch
     * @param predictedRmsGain  sqrt(fanOut / stride E[W^2] E[sigma'^2]) likewise
     * @param initialRmsGain    the same at initialisation from the layer's initialiser and
     *                          pre-activations near 0: 0.25 for a square sigmoid layer at Glorot
     *                          init, 1 for tanh, 1 for ReLU at He init
     */
    public record LayerPair(String weighted, String activation, double measuredNormGain, double measuredRmsGain,
                            double predictedNormGain, double predictedRmsGain, double initialRmsGain) {}

    /**
     * At a residual join (an Add or Gate), the block input's whole gradient and the parts that
     * came through the shortcut and (the rest) through the branch, as telemetry's
     * {@code shortcut_grad_rms} and {@code branch_grad_rms} define them.
     */
    public record JoinSplit(String join, String blockInput, DeltaView total, DeltaView throughShortcut,
                            DeltaView throughBranch) {}

    private final double loss;
    private final List<BackwardStep> steps;
    private final List<LayerPair> pairs;
    private final List<JoinSplit> splits;

    private BackwardTrace(double loss, List<BackwardStep> steps, List<LayerPair> pairs, List<JoinSplit> splits) {
        this.loss = loss;
        this.steps = List.copyOf(steps);
        this.pairs = List.copyOf(pairs);
        this.splits = List.copyOf(splits);
    }

    public static BackwardTrace record(FrozenBatch batch, Options options) {
        return record(batch.weights(), batch.x(), batch.oneHot(), options);
    }

    /**
     * Forwards {@code x} once through a network holding {@code weights} and walks backward.
     *
     * @param x      [batch, input...]
     * @param oneHot [batch, classes]
     */
    public static BackwardTrace record(NetworkWeights weights, INDArray x, INDArray oneHot, Options options) {
        return new Recorder(weights.compile(), options).run(x, oneHot);
    }

    /** The loss of the frozen batch. */
    public double loss() { return loss; }

    /** From the output node (gradient from the loss) to the data input. */
    public List<BackwardStep> steps() { return steps; }

    public List<LayerPair> pairs() { return pairs; }

    /** One per residual join the gradient reached, in the order the walk met their block inputs. */
    public List<JoinSplit> splits() { return splits; }

    public Optional<BackwardStep> step(String node) {
        return steps.stream().filter(s -> s.node().equals(node)).findFirst();
    }

    /** The split at the join (Add or Gate) {@code joinNode}: how its block input's gradient divides. */
    public Optional<JoinSplit> splitAt(String joinNode) {
        return splits.stream().filter(s -> s.join().equals(joinNode)).findFirst();
    }

    /** The pair whose weighted layer or activation is {@code node}. */
    public Optional<LayerPair> pairOf(String node) {
        return pairs.stream().filter(p -> p.weighted().equals(node) || p.activation().equals(node)).findFirst();
    }

    /** One recording: the walk's working state. */
    private static final class Recorder {
        private final CompiledNetwork net;
        private final Options options;
        private final List<CompiledNetwork.Node> nodes;
        private final List<CompiledNetwork.ResidualJoin> joins;
        private final int[] consumers;                               // per node: how many edges read it

        Recorder(CompiledNetwork net, Options options) {
            this.net = net;
            this.options = options;
            this.nodes = net.nodes();
            this.joins = net.residualJoins();
            this.consumers = new int[nodes.size()];
            for (CompiledNetwork.Node n : nodes) for (int in : n.inputs()) consumers[in]++;
        }

        BackwardTrace run(INDArray x, INDArray oneHot) {
            net.zeroGradients();
            INDArray logits = net.forward(x, true);
            Loss lossFn = Loss.of(net.spec().loss());
            double lossValue = lossFn.forward(logits, oneHot);

            int count = nodes.size();
            INDArray[] delta = new INDArray[count];
            boolean[] owned = new boolean[count];
            List<List<BackwardStep.Contribution>> parts = new ArrayList<>();
            for (int i = 0; i < count; i++) parts.add(new ArrayList<>());
            Map<Integer, double[]> shortcutParts = new HashMap<>();  // join index -> its shortcut edge's values
            Map<String, BackwardStep> byNode = new HashMap<>();
            List<BackwardStep> steps = new ArrayList<>();
            List<JoinSplit> splits = new ArrayList<>();
            double product = 1;

            delta[net.outputIndex()] = lossFn.backward();
            for (int i = count - 1; i >= 0; i--) {
                if (delta[i] == null) continue;                       // leads nowhere near the loss
                CompiledNetwork.Node n = nodes.get(i);
                double[] inValues = values(delta[i]);
                DeltaView incoming = view(delta[i].shape(), inValues);
                for (int j = 0; j < joins.size(); j++) {
                    if (joins.get(j).blockInput() != i || !shortcutParts.containsKey(j)) continue;
                    double[] sc = shortcutParts.get(j);
                    splits.add(new JoinSplit(nodes.get(joins.get(j).join()).id(), n.id(), incoming, view(delta[i].shape(), sc),
                            DeltaView.difference(inValues, sc, delta[i].shape(), options.stripWidth(), options.keepValues())));
                }
                BackwardStep.LocalFactor factor = factor(i);
                if (factor.kind() == BackwardStep.LocalFactor.Kind.ACTIVATION) product *= factor.meanDerivative();
                List<BackwardStep.Outgoing> outgoing = new ArrayList<>();
                if (n.layer() != null) {
                    INDArray[] dIn = n.layer().backward(delta[i]);
                    for (int k = 0; k < dIn.length; k++) {
                        int src = n.inputs()[k];
                        double[] outValues = values(dIn[k]);
                        DeltaView out = view(dIn[k].shape(), outValues);
                        double[] predicted = predictedGains(i, k, factor);
                        outgoing.add(new BackwardStep.Outgoing(k, nodes.get(src).id(), out, out.norm() / incoming.norm(),
                                out.rms() / incoming.rms(), predicted[0], predicted[1]));
                        int join = shortcutJoin(i, k);
                        if (join >= 0) shortcutParts.put(join, outValues);
                        parts.get(src).add(new BackwardStep.Contribution(n.id(), k, out, join >= 0));
                    }
                    // Sum at a fan-out exactly as CompiledNetwork.backward does: same order, same operations.
                    for (int k = 0; k < dIn.length; k++) {
                        int src = n.inputs()[k];
                        if (delta[src] == null) {
                            delta[src] = dIn[k];
                        } else if (owned[src]) {
                            delta[src].addi(dIn[k]);
                        } else {
                            INDArray sum = Nd4j.createUninitialized(dIn[k].dataType(), dIn[k].shape());
                            Nd4j.exec(new AddOp(delta[src], dIn[k], sum));
                            delta[src] = sum;
                            owned[src] = true;
                        }
                    }
                }
                BackwardStep step = new BackwardStep(steps.size(), n.id(), n.spec().kind(), blockOf(n), incoming, parts.get(i),
                        factor, outgoing, product);
                steps.add(step);
                byNode.put(n.id(), step);
            }
            List<LayerPair> pairs = pairs(byNode);
            net.clearCaches();
            return new BackwardTrace(lossValue, steps, pairs, splits);
        }

        private DeltaView view(long[] shape, double[] values) {
            return DeltaView.of(shape, values, options.stripWidth(), options.keepValues());
        }

        private String blockOf(CompiledNetwork.Node n) {
            return net.spec().node(n.id()).map(s -> s.block()).orElse(null);
        }

        /** The join whose shortcut edge is input {@code slot} of node {@code node}, or -1. */
        private int shortcutJoin(int node, int slot) {
            for (int j = 0; j < joins.size(); j++) {
                if (joins.get(j).consumer() == node && joins.get(j).slot() == slot) return j;
            }
            return -1;
        }

        private BackwardStep.LocalFactor factor(int i) {
            CompiledNetwork.Node n = nodes.get(i);
            LayerSpec s = n.spec();
            if (n.layer() == null) return BackwardStep.LocalFactor.of(BackwardStep.LocalFactor.Kind.INPUT);
            if (GradientTheory.isActivation(s)) {
                double[] d = derivatives(s, net.output(n.inputs()[0]), net.output(i));
                double sum = 0, sumSq = 0;
                for (double v : d) {
                    sum += v;
                    sumSq += v * v;
                }
                return BackwardStep.LocalFactor.activation(sum / d.length, sumSq / d.length);
            }
            if (s instanceof DenseSpec || s instanceof Conv2DSpec || s instanceof ProjectionShortcutSpec) {
                INDArray w = net.parameter(n.id() + Parameter.Role.WEIGHT.suffix()).value();
                double[] wv = values(w);
                long[] shape = w.shape();
                int fanIn, fanOut, stride;
                if (w.rank() == 2) {                                  // [in, out]
                    fanIn = (int) shape[0];
                    fanOut = (int) shape[1];
                    stride = 1;
                } else {                                              // [out, in, kh, kw]
                    int area = (int) (shape[2] * shape[3]);
                    fanIn = (int) shape[1] * area;
                    fanOut = (int) shape[0] * area;
                    stride = s instanceof Conv2DSpec c ? c.strideH() * c.strideW()
                            : ((ProjectionShortcutSpec) s).stride() * ((ProjectionShortcutSpec) s).stride();
                }
                double sumSq = 0;
                for (double v : wv) sumSq += v * v;
                BackwardStep.LocalFactor.Kind kind = s instanceof ProjectionShortcutSpec
                        ? BackwardStep.LocalFactor.Kind.SHORTCUT : BackwardStep.LocalFactor.Kind.WEIGHTED;
                return BackwardStep.LocalFactor.weighted(kind, Math.sqrt(sumSq), spectralNorm(wv, (int) shape[0]),
                        sumSq / wv.length, fanIn, fanOut, stride);
            }
            if (s instanceof BatchNormSpec bn) return BackwardStep.LocalFactor.batchNorm(batchNormScale(n, bn));
            if (n.layer() instanceof Gate g) return BackwardStep.LocalFactor.gate(g.gateValue());
            if (s instanceof reslab.engine.spec.AddSpec) return BackwardStep.LocalFactor.of(BackwardStep.LocalFactor.Kind.ADD);
            if (s instanceof ZeroPadShortcutSpec) return BackwardStep.LocalFactor.of(BackwardStep.LocalFactor.Kind.SHORTCUT);
            return BackwardStep.LocalFactor.of(BackwardStep.LocalFactor.Kind.OTHER);
        }

        /** {norm gain, RMS gain} that theory predicts for edge {@code slot} of node {@code i}. */
        private double[] predictedGains(int i, int slot, BackwardStep.LocalFactor f) {
            LayerSpec s = nodes.get(i).spec();
            switch (f.kind()) {
                case ACTIVATION: {
                    double g = Math.sqrt(f.meanSquareDerivative());
                    return new double[] {g, g};
                }
                case WEIGHTED:
                    return new double[] {Math.sqrt(f.fanIn() * f.weightMeanSquare()),
                            Math.sqrt((double) f.fanOut() / f.stride() * f.weightMeanSquare())};
                case ADD:
                    return new double[] {1, 1};
                case GATE: {
                    double g = f.gate();
                    double through = slot == 1 ? g : ((GateSpec) s).gateKind() == GateSpec.Kind.PLAIN ? 1 - g : 1;
                    return new double[] {through, through};
                }
                default:
                    return new double[] {Double.NaN, Double.NaN};
            }
        }

        private List<LayerPair> pairs(Map<String, BackwardStep> byNode) {
            List<LayerPair> out = new ArrayList<>();
            for (int i = nodes.size() - 1; i >= 0; i--) {
                CompiledNetwork.Node act = nodes.get(i);
                if (!GradientTheory.isActivation(act.spec())) continue;
                int w = act.inputs()[0];
                CompiledNetwork.Node weighted = nodes.get(w);
                Init init = weighted.spec() instanceof DenseSpec d ? d.init() : weighted.spec() instanceof Conv2DSpec c ? c.init() : null;
                if (init == null || consumers[w] != 1) continue;
                BackwardStep a = byNode.get(act.id()), l = byNode.get(weighted.id());
                if (a == null || l == null) continue;
                BackwardStep.LocalFactor fa = a.factor(), fl = l.factor();
                DeltaView in = a.incoming(), out0 = l.outgoing().get(0).delta();
                double rmsFan = (double) fl.fanOut() / fl.stride();
                out.add(new LayerPair(weighted.id(), act.id(), out0.norm() / in.norm(), out0.rms() / in.rms(),
                        GradientTheory.gain(fl.fanIn(), fl.weightMeanSquare(), fa.meanSquareDerivative()),
                        GradientTheory.gain(rmsFan, fl.weightMeanSquare(), fa.meanSquareDerivative()),
                        GradientTheory.gain(rmsFan, GradientTheory.initialMeanSquare(init, fl.fanIn(), fl.fanOut()),
                                GradientTheory.meanSquareDerivativeNearZero(act.spec()))));
            }
            return out;
        }

        /** RMS over channels of gamma / sqrt(batch variance + eps): what batch norm scales each channel by. */
        private double batchNormScale(CompiledNetwork.Node n, BatchNormSpec bn) {
            INDArray x = net.output(n.inputs()[0]).castTo(DataType.DOUBLE);
            INDArray var = x.rank() == 4 ? x.var(false, 0, 2, 3) : x.var(false, 0);
            double[] v = var.toDoubleVector(), g = values(net.parameter(n.id() + Parameter.Role.GAMMA.suffix()).value());
            double s = 0;
            for (int c = 0; c < g.length; c++) s += g[c] * g[c] / (v[c] + bn.epsilon());
            return Math.sqrt(s / g.length);
        }
    }

    /** sigma'(z) per element, from the activation's input z and output y, as its backward computes it. */
    static double[] derivatives(LayerSpec s, INDArray z, INDArray y) {
        double[] d;
        if (s instanceof SigmoidSpec) {
            d = values(y);
            for (int k = 0; k < d.length; k++) d[k] = d[k] * (1 - d[k]);
        } else if (s instanceof TanhSpec) {
            d = values(y);
            for (int k = 0; k < d.length; k++) d[k] = 1 - d[k] * d[k];
        } else if (s instanceof ReluSpec) {
            d = values(y);
            for (int k = 0; k < d.length; k++) d[k] = d[k] > 0 ? 1 : 0;
        } else if (s instanceof LeakyReluSpec l) {
            d = values(z);
            for (int k = 0; k < d.length; k++) d[k] = d[k] > 0 ? 1 : l.alpha();
        } else {
            throw new IllegalArgumentException(s.kind() + " is not an activation");
        }
        return d;
    }

    /** The array's values, row-major, as doubles (a copy). */
    static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    /**
     * The largest singular value of a row-major matrix of {@code rows} rows, by power iteration
     * on M^T M from a fixed random start (deterministic).
     */
    static double spectralNorm(double[] m, int rows) {
        int cols = m.length / rows;
        double[] v = new double[cols], u = new double[rows];
        SplittableRandom rng = new SplittableRandom(1);
        for (int j = 0; j < cols; j++) v[j] = rng.nextDouble() - 0.5;
        double sigma = 0;
        for (int it = 0; it < 50; it++) {
            for (int r = 0; r < rows; r++) {                          // u = M v
                double s = 0;
                for (int c = 0; c < cols; c++) s += m[r * cols + c] * v[c];
                u[r] = s;
            }
            double un = norm(u);
            if (un == 0) return 0;
            java.util.Arrays.fill(v, 0);
            for (int r = 0; r < rows; r++) {                          // v = M^T u / |u|
                double ur = u[r] / un;
                for (int c = 0; c < cols; c++) v[c] += m[r * cols + c] * ur;
            }
            double next = norm(v);                                    // = |M^T u| / |u| -> sigma
            for (int c = 0; c < cols; c++) v[c] /= next;
            if (Math.abs(next - sigma) <= 1e-9 * next) return next;
            sigma = next;
        }
        return sigma;
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return Math.sqrt(s);
    }
}
