package reslab.engine.spec;

/**
 * The immutable configuration of one node. Runtime state (weights, caches) lives in
 * {@code reslab.engine.layers}, never here.
 */
public sealed interface LayerSpec
        permits InputSpec, DenseSpec, Conv2DSpec, BatchNormSpec, MaxPoolSpec, AvgPoolSpec, GlobalAvgPoolSpec,
                FlattenSpec, DropoutSpec, SigmoidSpec, TanhSpec, ReluSpec, LeakyReluSpec, AddSpec,
                ZeroPadShortcutSpec, ProjectionShortcutSpec, GateSpec {

    /** Short kind name shown in summaries and the UI, e.g. "Dense". */
    String kind();

    /** How many inputs the node takes; -1 means any number of at least two. */
    default int arity() {
        return 1;
    }
}
