package reslab.engine.train;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.layers.Parameter;

/**
 * An update rule with its state (moments), kept under the parameters' stable keys.
 *
 * <p>A step has two halves so that a diverging step changes nothing: {@link #prepare} works
 * out every parameter's new value and new optimizer state into buffers of its own, the caller
 * checks them ({@link Update#firstNonFinite()}), and only then {@link Update#apply()} writes
 * them. Parameter gradients are read, never modified.
 */
public interface Optimizer {
    OptimizerConfig config();

    /**
     * Works out one update from the parameters' current gradients, changing nothing yet.
     * Preparing again discards an update that was not applied.
     *
     * @param learningRate this step's rate (the schedule's, not necessarily the config's)
     */
    Update prepare(List<Parameter> parameters, double learningRate);

    /** Updates applied so far (Adam's bias correction counts them). */
    long steps();

    /** A copy of the state: per parameter key, per slot name ("velocity", "m", "v"), an array of the parameter's shape. */
    OptimizerState state();

    /** Replaces the state with {@code state} (copied), e.g. from a saved project. */
    void restore(OptimizerState state);

    /** prepare + apply, for callers that handle no divergence; fails if any value would be NaN or infinite. */
    default Map<String, Double> step(List<Parameter> parameters, double learningRate) {
        Update u = prepare(parameters, learningRate);
        u.firstNonFinite().ifPresent(bad -> {
            throw new IllegalStateException(bad.what() + " of " + bad.parameter().key() + " would become NaN or infinite");
        });
        u.apply();
        return u.updateNorms();
    }

    /** A prepared step. */
    interface Update {
        /** The first parameter, in the order given to prepare, whose new value or optimizer state is not finite. */
        Optional<NonFinite> firstNonFinite();

        /** ||delta W||_2 per parameter key: the change apply() makes. */
        Map<String, Double> updateNorms();

        /** Writes the new values and state. Only once, and only while this is the latest prepared update. */
        void apply();
    }

    /** @param what "weight" for the new value, or "optimizer state 'v'" for a moment */
    record NonFinite(Parameter parameter, String what) {}

    /**
     * Everything an optimizer carries from step to step: which kind, how many updates it has
     * applied, and its slots per parameter key.
     */
    record OptimizerState(OptimizerKind kind, long steps, Map<String, Map<String, INDArray>> slots) {
        public OptimizerState {
            slots = Map.copyOf(slots);
        }
    }
}
