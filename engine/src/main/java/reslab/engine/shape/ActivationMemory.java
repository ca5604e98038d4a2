package reslab.engine.shape;

/**
 * How much memory a batch's activations take, from the shapes alone.
 *
 * <p>{@code activationElements} counts the output of every node except the Input, per
 * example; {@code inputElements} the Input's (the batch itself). Gradients are not in
 * either: backward keeps one dL/da buffer per node output, about as much again, which
 * {@link #trainingBytes()} adds. Caches a layer keeps besides its output (BN's normalised
 * input, dropout masks, pooling indices) and the weights are not counted.
 *
 * @param complete false when some node has no shape (invalid design), so the sums are lower bounds
 */
public record ActivationMemory(long batch, int bytesPerElement, long inputElements, long activationElements,
                               boolean complete) {

    /** Bytes of every node's output (Input excluded) for the whole batch; no gradients. */
    public long activationBytes() {
        return activationElements * batch * bytesPerElement;
    }

    /** Bytes of the input batch. */
    public long inputBytes() {
        return inputElements * batch * bytesPerElement;
    }

    /** A training step's estimate: the input, every output, and a gradient of the same size per output. */
    public long trainingBytes() {
        return inputBytes() + 2 * activationBytes();
    }

    /**
     * @param batch           examples per batch, at least 1
     * @param bytesPerElement 4 for float32, 8 for float64
     */
    public static ActivationMemory of(NetworkAnalysis analysis, long batch, int bytesPerElement) {
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        if (bytesPerElement < 1) throw new IllegalArgumentException("bytes per element must be at least 1, got " + bytesPerElement);
        long input = 0, activations = 0;
        boolean complete = true;
        for (NodeInfo n : analysis.nodes()) {
            if (!n.valid()) {
                complete = false;
            } else if (n.kind().equals(INPUT_KIND)) {
                input += n.outputShape().size();
            } else {
                activations += n.outputShape().size();
            }
        }
        return new ActivationMemory(batch, bytesPerElement, input, activations, complete);
    }

    private static final String INPUT_KIND = new reslab.engine.spec.InputSpec(null).kind();
}
