package reslab.engine.spec;

/**
 * Batch normalisation: per channel for [c, h, w] inputs, per feature for [n] inputs.
 * Training uses the batch's statistics and updates the running ones with
 * running = (1 - momentum) * running + momentum * batch (PyTorch's convention, momentum 0.1);
 * evaluation uses the running statistics. Parameters gamma (init 1) and beta (init 0).
 */
public record BatchNormSpec(double epsilon, double momentum) implements LayerSpec {
    public static final BatchNormSpec DEFAULT = new BatchNormSpec(1e-5, 0.1);

    public String kind() { return "BatchNorm"; }
}
