package reslab.engine.testutil;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * The slow, readable reference path: the same network in plain double-precision Java loops,
 * no ND4J. Nodes run in spec order (the spec must list every node after its inputs); the
 * backward pass walks that list in reverse and adds each consumer's contribution with +=.
 * Loss: softmax cross-entropy, mean over the batch.
 */
public final class ReferenceNetwork {
    private final NetworkSpec spec;
    /** Weights [in][out] and biases [out] under the engine's keys ("dense1.W", "dense1.b"). */
    public final Map<String, double[][]> weights = new HashMap<>();
    public final Map<String, double[]> biases = new HashMap<>();

    /** What one forward/backward pass produced; arrays are [batch][features]. */
    public static final class Pass {
        public double loss;
        public double accuracy;
        public final Map<String, double[][]> outputs = new HashMap<>();
        public final Map<String, double[][]> deltas = new HashMap<>();
        public final Map<String, double[][]> weightGrads = new HashMap<>();
        public final Map<String, double[]> biasGrads = new HashMap<>();
    }

    public ReferenceNetwork(NetworkSpec spec) {
        this.spec = spec;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NodeSpec n : spec.nodes()) {
            for (String in : n.inputs()) {
                if (!seen.contains(in)) throw new IllegalArgumentException(n.id() + " is listed before its input " + in);
            }
            seen.add(n.id());
        }
    }

    public Pass forwardBackward(double[][] x, int[] labels) {
        Pass p = new Pass();
        int batch = x.length;
        for (NodeSpec n : spec.nodes()) {
            LayerSpec l = n.layer();
            double[][] in = n.inputs().isEmpty() ? null : p.outputs.get(n.inputs().get(0));
            double[][] y;
            if (l instanceof InputSpec) {
                y = copy(x);
            } else if (l instanceof DenseSpec d) {
                double[][] w = weights.get(n.id() + ".W");
                double[] b = d.bias() ? biases.get(n.id() + ".b") : null;
                y = new double[batch][d.units()];
                for (int i = 0; i < batch; i++) {
                    for (int o = 0; o < d.units(); o++) {
                        double s = b == null ? 0 : b[o];
                        for (int k = 0; k < w.length; k++) s += in[i][k] * w[k][o];
                        y[i][o] = s;
                    }
                }
            } else if (l instanceof SigmoidSpec) {
                y = map(in, v -> 1 / (1 + Math.exp(-v)));
            } else if (l instanceof TanhSpec) {
                y = map(in, Math::tanh);
            } else if (l instanceof ReluSpec) {
                y = map(in, v -> Math.max(v, 0));
            } else if (l instanceof AddSpec) {
                y = new double[batch][in[0].length];
                for (String src : n.inputs()) {
                    double[][] a = p.outputs.get(src);
                    for (int i = 0; i < batch; i++) for (int j = 0; j < a[i].length; j++) y[i][j] += a[i][j];
                }
            } else if (l instanceof ZeroPadShortcutSpec z) {
                y = new double[batch][z.outChannels()];
                for (int i = 0; i < batch; i++) System.arraycopy(in[i], 0, y[i], 0, in[i].length);
            } else {
                throw new IllegalArgumentException("reference has no " + l.kind());
            }
            p.outputs.put(n.id(), y);
        }

        // Softmax cross-entropy, mean over the batch: dL/dz = (softmax - onehot) / B.
        double[][] z = p.outputs.get(spec.output());
        double[][] dz = new double[batch][z[0].length];
        int correct = 0;
        for (int i = 0; i < batch; i++) {
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < z[i].length; c++) {
                if (z[i][c] > max) {
                    max = z[i][c];
                    argmax = c;
                }
            }
            double sum = 0;
            for (double v : z[i]) sum += Math.exp(v - max);
            p.loss -= (z[i][labels[i]] - max - Math.log(sum)) / batch;
            for (int c = 0; c < z[i].length; c++) {
                dz[i][c] = (Math.exp(z[i][c] - max) / sum - (c == labels[i] ? 1 : 0)) / batch;
            }
            if (argmax == labels[i]) correct++;
        }
        p.accuracy = (double) correct / batch;

        p.deltas.put(spec.output(), dz);
        List<NodeSpec> nodes = spec.nodes();
        for (int idx = nodes.size() - 1; idx >= 0; idx--) {
            NodeSpec n = nodes.get(idx);
            double[][] dy = p.deltas.get(n.id());
            if (dy == null || n.inputs().isEmpty()) continue;
            LayerSpec l = n.layer();
            double[][] y = p.outputs.get(n.id());
            if (l instanceof DenseSpec d) {
                double[][] in = p.outputs.get(n.inputs().get(0));
                double[][] w = weights.get(n.id() + ".W");
                double[][] gw = new double[w.length][d.units()];
                double[] gb = new double[d.units()];
                double[][] dx = new double[batch][w.length];
                for (int i = 0; i < batch; i++) {
                    for (int o = 0; o < d.units(); o++) {
                        gb[o] += dy[i][o];
                        for (int k = 0; k < w.length; k++) {
                            gw[k][o] += in[i][k] * dy[i][o];
                            dx[i][k] += dy[i][o] * w[k][o];
                        }
                    }
                }
                p.weightGrads.put(n.id() + ".W", gw);
                if (d.bias()) p.biasGrads.put(n.id() + ".b", gb);
                accumulate(p, n.inputs().get(0), dx);
            } else if (l instanceof SigmoidSpec) {
                accumulate(p, n.inputs().get(0), zip(dy, y, (g, s) -> g * s * (1 - s)));
            } else if (l instanceof TanhSpec) {
                accumulate(p, n.inputs().get(0), zip(dy, y, (g, t) -> g * (1 - t * t)));
            } else if (l instanceof ReluSpec) {
                accumulate(p, n.inputs().get(0), zip(dy, y, (g, r) -> r > 0 ? g : 0));
            } else if (l instanceof AddSpec) {
                for (String src : n.inputs()) accumulate(p, src, copy(dy));
            } else if (l instanceof ZeroPadShortcutSpec) {
                int width = p.outputs.get(n.inputs().get(0))[0].length;
                double[][] dx = new double[batch][width];
                for (int i = 0; i < batch; i++) System.arraycopy(dy[i], 0, dx[i], 0, width);
                accumulate(p, n.inputs().get(0), dx);
            }
        }
        return p;
    }

    /** Plain SGD with momentum on every weight and bias: v = mu v + g; W -= lr v. */
    public static final class Momentum {
        private final double lr, mu;
        private final Map<String, double[][]> vw = new HashMap<>();
        private final Map<String, double[]> vb = new HashMap<>();
        /** lr ||v|| / ||W before the update|| per weight key, from the last step. */
        public final Map<String, Double> updateRatios = new HashMap<>();

        public Momentum(double lr, double mu) {
            this.lr = lr;
            this.mu = mu;
        }

        public void step(ReferenceNetwork net, Pass grads) {
            updateRatios.clear();
            for (Map.Entry<String, double[][]> e : net.weights.entrySet()) {
                double[][] w = e.getValue(), g = grads.weightGrads.get(e.getKey());
                double[][] v = vw.computeIfAbsent(e.getKey(), k -> new double[w.length][w[0].length]);
                double before = 0, update = 0;
                for (int i = 0; i < w.length; i++) {
                    for (int j = 0; j < w[i].length; j++) {
                        before += w[i][j] * w[i][j];
                        v[i][j] = mu * v[i][j] + g[i][j];
                        update += (lr * v[i][j]) * (lr * v[i][j]);
                        w[i][j] -= lr * v[i][j];
                    }
                }
                updateRatios.put(e.getKey(), Math.sqrt(update) / Math.sqrt(before));
            }
            for (Map.Entry<String, double[]> e : net.biases.entrySet()) {
                double[] b = e.getValue(), g = grads.biasGrads.get(e.getKey());
                double[] v = vb.computeIfAbsent(e.getKey(), k -> new double[b.length]);
                for (int j = 0; j < b.length; j++) {
                    v[j] = mu * v[j] + g[j];
                    b[j] -= lr * v[j];
                }
            }
        }
    }

    private static void accumulate(Pass p, String node, double[][] d) {
        double[][] have = p.deltas.get(node);
        if (have == null) {
            p.deltas.put(node, d);
            return;
        }
        for (int i = 0; i < d.length; i++) for (int j = 0; j < d[i].length; j++) have[i][j] += d[i][j];
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    private static double[][] map(double[][] a, java.util.function.DoubleUnaryOperator f) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) c[i][j] = f.applyAsDouble(a[i][j]);
        return c;
    }

    private static double[][] zip(double[][] a, double[][] b, java.util.function.DoubleBinaryOperator f) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) c[i][j] = f.applyAsDouble(a[i][j], b[i][j]);
        return c;
    }

    // ---- the telemetry numbers of DESIGN.md, written out ----

    /** Frobenius norm. */
    public static double norm(double[][] a) {
        double s = 0;
        for (double[] r : a) for (double v : r) s += v * v;
        return Math.sqrt(s);
    }

    public static double norm(double[] a) {
        return norm(new double[][] {a});
    }

    public static int count(double[][] a) {
        return a.length * a[0].length;
    }

    public static double rms(double[][] a) {
        return norm(a) / Math.sqrt(count(a));
    }

    public static double mean(double[][] a) {
        double s = 0;
        for (double[] r : a) for (double v : r) s += v;
        return s / count(a);
    }

    /** Population standard deviation (divides by N): the spread of these very values. */
    public static double std(double[][] a) {
        double m = mean(a), s = 0;
        for (double[] r : a) for (double v : r) s += (v - m) * (v - m);
        return Math.sqrt(s / count(a));
    }

    /** Sigmoid: fraction of outputs with |2y - 1| > 0.99. */
    public static double sigmoidSaturated(double[][] y) {
        int n = 0;
        for (double[] r : y) for (double v : r) if (Math.abs(2 * v - 1) > 0.99) n++;
        return (double) n / count(y);
    }

    /** Tanh: fraction of outputs with |y| > 0.99. */
    public static double tanhSaturated(double[][] y) {
        int n = 0;
        for (double[] r : y) for (double v : r) if (Math.abs(v) > 0.99) n++;
        return (double) n / count(y);
    }

    /** ReLU: fraction of units that are zero for every example. */
    public static double dead(double[][] y) {
        int dead = 0;
        for (int j = 0; j < y[0].length; j++) {
            boolean allZero = true;
            for (double[] r : y) allZero &= r[j] == 0;
            if (allZero) dead++;
        }
        return (double) dead / y[0].length;
    }
}
