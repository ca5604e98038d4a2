package reslab.engine.spec;

public enum LossKind {
    /** Softmax over the output then cross-entropy with the class label, mean over the batch. */
    SOFTMAX_CROSS_ENTROPY,
    /**
     * L = 1/(B K) sum_i sum_k (z_ik - t_ik)^2 with t the one-hot label (PyTorch's MSELoss,
     * mean over every element); the output is used as is, no softmax.
     */
    MEAN_SQUARED_ERROR
}
