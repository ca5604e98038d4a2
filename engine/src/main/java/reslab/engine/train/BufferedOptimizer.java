package reslab.engine.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.layers.Parameter;
import reslab.engine.telemetry.BufferStats;

/**
 * The shared half of every update rule: per parameter key it keeps the state slots, a second
 * set for the state being proposed, and a buffer for the proposed value, all allocated once.
 * Applying copies the proposed values into the weights and swaps the two slot sets; nothing
 * is allocated per step beyond the temporaries of the rule itself.
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
     * The update rule for one parameter. On entry {@code delta} holds the gradient (plus L2
     * decay); on exit it must hold the change to subtract from {@code w}. Reads {@code state},
     * writes the new state into {@code next}; never modifies {@code w} or {@code state}.
     *
     * @param decay the weight decay of this parameter (0 if its role does not decay)
     * @param t     the number of this update, from 1
     */
    abstract void rule(INDArray w, INDArray delta, INDArray[] state, INDArray[] next, double lr, double decay, long t);

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
        for (Parameter p : ps) {
            Slots s = slotsFor(p);
            double decay = config.decayOf(p);
            INDArray delta = s.proposed.assign(p.grad());
            if (decay != 0 && decayIsL2()) delta.addi(p.value().mul(decay));   // g + wd W
            rule(p.value(), delta, s.state, s.next, learningRate, decay, steps + 1);
            norms.put(p.key(), BufferStats.norm2(delta));
            delta.rsubi(p.value());                                             // w - delta
        }
        latest = new Prepared(ps, Map.copyOf(norms));
        return latest;
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

        Prepared(List<Parameter> parameters, Map<String, Double> norms) {
            this.parameters = parameters;
            this.norms = norms;
        }

        @Override
        public Optional<NonFinite> firstNonFinite() {
            for (Parameter p : parameters) {
                Slots s = slots.get(p.key());
                if (!Finite.all(s.proposed)) return Optional.of(new NonFinite(p, "weight"));
                for (int i = 0; i < s.next.length; i++) {
                    if (!Finite.all(s.next[i])) return Optional.of(new NonFinite(p, "optimizer state '" + slotNames().get(i) + "'"));
                }
            }
            return Optional.empty();
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
                p.value().assign(s.proposed);
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
