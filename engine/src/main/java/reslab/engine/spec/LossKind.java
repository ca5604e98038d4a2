package reslab.engine.spec;

public enum LossKind {
    /** Softmax over the output then cross-entropy with the class label, mean over the batch. */
    SOFTMAX_CROSS_ENTROPY
}
