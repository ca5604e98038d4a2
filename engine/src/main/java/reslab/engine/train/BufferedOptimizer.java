package reslab.engine.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;
import reslab.engine.layers.Parameter;

/**
 * The shared half of every update rule: per parameter key it keeps the state slots, a second
 * set for the state being proposed, and a buffer for the proposed value, all allocated once.
 * Applying copies the proposed values into the weights and swaps the two slot sets.
 *
 * <p>Preparing one parameter is one Java pass over it, a chunk at a time ({@link ArrayView}):
 * the rule, the proposed value, ||delta W|| and the finiteness check together. As ND4J ops
 * the same took about eight calls per parameter (tens of microseconds each, whatever the
 * size) and two more passes; chain-sigmoid-20's 42 parameters took 1.5 ms per step.
 * The ND4J-op form of every rule is kept in the tests as the reference.
 */
abstract class BufferedOptimizer implements Optimizer {
    private static final class Slots {
        final INDArray[] state;
        final INDArray[] next;
        final INDArray proposed;     // first the change delta, then the new value w - delta

        Slots(INDArray like, int count) {
            state = new INDArray[count];
            next = new INDArray[count];
            for (int i = 0; i < count; i++) {
                state[i] = like.ulike().assign(0);
                next[i] = like.ulike().assign(0);
            }
            proposed = like.ulike();
        }

        void swap() {
            for (int i = 0; i < state.length; i++) {
                INDArray t = state[i];
                state[i] = next[i];
                next[i] = t;
            }
        }
    }

    private final OptimizerConfig config;
    private final Map<String, Slots> slots = new HashMap<>();
    private long steps;
    private Prepared latest;

    BufferedOptimizer(OptimizerConfig config) {
        this.config = config;
    }

    /** Names of the state slots, e.g. {"velocity"}; empty for plain SGD. */
    abstract List<String> slotNames();

    /** True when weight decay is added to the gradient (L2); false when the rule applies it itself. */
    boolean decayIsL2() {
        return true;
    }

    /**
     * The update rule on one chunk of one parameter, elementwise in double (a float parameter
     * is widened on reading and rounded on writing). On entry {@code delta[0, len)} holds the
     * gradient (plus L2 decay); on exit it must hold the change to subtract from {@code w}.
     * Reads {@code state}, writes the new state into {@code next}; never modifies {@code w} or
     * {@code state}.
     *
     * @param decay the weight decay of this parameter (0 if its role does not decay)
     * @param t     the number of this update, from 1
     */
    abstract void rule(double[] w, double[] delta, double[][] state, double[][] next, int len, double lr, double decay, long t);

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public Update prepare(List<Parameter> parameters, double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        List<Parameter> ps = List.copyOf(parameters);
        Map<String, Double> norms = new LinkedHashMap<>();
        NonFinite firstBad = null;
        for (Parameter p : ps) {
            Slots s = slotsFor(p);
            double decay = config.decayOf(p);
            int bad = prepare(p, s, learningRate, decay, norms);
            if (firstBad == null && bad != OK) {
                firstBad = new NonFinite(p, bad == WEIGHT ? "weight" : "optimizer state '" + slotNames().get(bad) + "'");
            }
        }
        latest = new Prepared(ps, Map.copyOf(norms), firstBad);
        return latest;
    }

    private static final int OK = -2, WEIGHT = -1;

    /**
     * One parameter in one pass, a chunk at a time: gradient (+ L2) into delta, the rule, the
     * proposed value w - delta and the new state written, ||delta||^2 summed and every new
     * value checked. Returns OK, WEIGHT, or the index of the first slot with a non-finite value.
     */
    private int prepare(Parameter p, Slots s, double lr, double decay, Map<String, Double> norms) {
        ArrayView w = ArrayView.of(p.value()), g = ArrayView.of(ArrayView.dense(p.grad())), out = ArrayView.of(s.proposed);
        int slots = s.state.length;
        ArrayView[] state = new ArrayView[slots], next = new ArrayView[slots];
        for (int k = 0; k < slots; k++) {
            state[k] = ArrayView.of(s.state[k]);
            next[k] = ArrayView.of(s.next[k]);
        }
        boolean l2 = decay != 0 && decayIsL2();
        // Finite after rounding to the parameter's type: a float beyond Float.MAX_VALUE becomes infinite.
        double limit = w.isFloat() ? Float.MAX_VALUE : Double.MAX_VALUE;
        Chunks chunk = chunk();
        double sumSq = 0;
        int bad = OK;
        float[] tmp = chunk.tmp;
        double[] wc = chunk.w, dc = chunk.delta;
        for (int from = 0; from < w.length(); from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, w.length() - from);
            w.readAsDoubles(from, len, wc, tmp);
            g.readAsDoubles(from, len, dc, tmp);
            if (l2) for (int i = 0; i < len; i++) dc[i] += decay * wc[i];                       // g + wd W
            for (int k = 0; k < slots; k++) state[k].readAsDoubles(from, len, chunk.state[k], tmp);
            rule(wc, dc, chunk.state, chunk.next, len, lr, decay, steps + 1);
            double q = 0;
            for (int i = 0; i < len; i++) {
                q += dc[i] * dc[i];
                wc[i] -= dc[i];                                                                  // w - delta
            }
            sumSq += q;
            if (bad == OK && !finite(wc, len, limit)) bad = WEIGHT;
            out.writeDoubles(from, len, wc, tmp);
            for (int k = 0; k < slots; k++) {
                if (bad == OK && !finite(chunk.next[k], len, limit)) bad = k;
                next[k].writeDoubles(from, len, chunk.next[k], tmp);
            }
        }
        norms.put(p.key(), Math.sqrt(sumSq));
        return bad;
    }

    /** Every value finite and within the type's range (NaN fails the comparison). */
    private static boolean finite(double[] v, int len, double limit) {
        boolean ok = true;
        for (int i = 0; i < len; i++) ok &= Math.abs(v[i]) <= limit;
        return ok;
    }

    /** Chunks of the parameter being updated, kept so a step allocates nothing per parameter. */
    private final class Chunks {
        final float[] tmp = new float[ArrayView.CHUNK];
        final double[] w = new double[ArrayView.CHUNK], delta = new double[ArrayView.CHUNK];
        final double[][] state = new double[slotNames().size()][ArrayView.CHUNK];
        final double[][] next = new double[slotNames().size()][ArrayView.CHUNK];
    }

    private Chunks chunkBuffers;

    private Chunks chunk() {
        if (chunkBuffers == null) chunkBuffers = new Chunks();
        return chunkBuffers;
    }

    private Slots slotsFor(Parameter p) {
        Slots s = slots.get(p.key());
        if (s == null) {
            s = new Slots(p.value(), slotNames().size());
            slots.put(p.key(), s);
        } else if (!Arrays.equals(s.proposed.shape(), p.value().shape()) || s.proposed.dataType() != p.value().dataType()) {
            throw new IllegalStateException("optimizer state for " + p.key() + " is " + s.proposed.dataType() + " "
                    + Arrays.toString(s.proposed.shape()) + " but the parameter is " + p.value().dataType() + " "
                    + Arrays.toString(p.value().shape()));
        }
        return s;
    }

    private final class Prepared implements Update {
        private final List<Parameter> parameters;
        private final Map<String, Double> norms;
        private final NonFinite firstBad;   // found while preparing

        Prepared(List<Parameter> parameters, Map<String, Double> norms, NonFinite firstBad) {
            this.parameters = parameters;
            this.norms = norms;
            this.firstBad = firstBad;
        }

        @Override
        public Optional<NonFinite> firstNonFinite() {
            return Optional.ofNullable(firstBad);
        }

        @Override
        public Map<String, Double> updateNorms() {
            return norms;
        }

        @Override
        public void apply() {
            if (latest != this) throw new IllegalStateException("this update was applied already or replaced by a newer one");
            for (Parameter p : parameters) {
                Slots s = slots.get(p.key());
                ArrayView.of(p.value()).copyFrom(ArrayView.of(s.proposed));
                s.swap();
            }
            steps++;
            latest = null;
        }
    }

    @Override
    public OptimizerState state() {
        Map<String, Map<String, INDArray>> copy = new HashMap<>();
        for (Map.Entry<String, Slots> e : slots.entrySet()) {
            Map<String, INDArray> named = new LinkedHashMap<>();
            for (int i = 0; i < slotNames().size(); i++) named.put(slotNames().get(i), e.getValue().state[i].dup());
            copy.put(e.getKey(), named);
        }
        return new OptimizerState(config.kind(), steps, copy);
    }

    @Override
    public void restore(OptimizerState saved) {
        if (saved.kind() != config.kind()) {
            throw new IllegalArgumentException("saved state is for " + saved.kind().id() + ", this optimizer is " + config.kind().id());
        }
        if (saved.steps() < 0) throw new IllegalArgumentException("saved step count is negative: " + saved.steps());
        Map<String, Slots> restored = new HashMap<>();
        for (Map.Entry<String, Map<String, INDArray>> e : saved.slots().entrySet()) {
            Map<String, INDArray> named = e.getValue();
            if (!named.keySet().equals(new java.util.HashSet<>(slotNames()))) {
                throw new IllegalArgumentException("saved state of " + e.getKey() + " has slots " + named.keySet()
                        + ", " + config.kind().id() + " keeps " + slotNames());
            }
            INDArray first = named.isEmpty() ? null : named.get(slotNames().get(0));
            if (first == null) continue; // plain SGD: nothing to restore per parameter
            Slots s = new Slots(first, slotNames().size());
            for (int i = 0; i < slotNames().size(); i++) {
                INDArray a = named.get(slotNames().get(i));
                if (!Arrays.equals(a.shape(), first.shape())) {
                    throw new IllegalArgumentException("saved slots of " + e.getKey() + " differ in shape");
                }
                s.state[i].assign(a);
            }
            restored.put(e.getKey(), s);
        }
        slots.clear();
        slots.putAll(restored);
        steps = saved.steps();
        latest = null;
    }

    /** Keys with state, for tests and tools. */
    List<String> keys() {
        return new ArrayList<>(slots.keySet());
    }
}
