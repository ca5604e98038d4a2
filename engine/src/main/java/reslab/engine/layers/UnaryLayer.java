package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer with exactly one input. */
public abstract class UnaryLayer implements Layer {
    private final String name;
    /** Where the layer's outputs and input gradients live (see {@link Buffers}). */
    protected final Buffers buffers = new Buffers();
    private boolean skipInputGradient;

    protected UnaryLayer(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    protected abstract INDArray forward(INDArray x, boolean training);

    protected abstract INDArray backward1(INDArray dy);

    @Override
    public final INDArray forward(INDArray[] inputs, boolean training) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException(name + " takes one input, got " + inputs.length);
        }
        return forward(inputs[0], training);
    }

    @Override
    public final INDArray[] backward(INDArray gradOutput) {
        return new INDArray[] {backward1(gradOutput)};
    }

    @Override
    public void reuseBuffers(boolean on) {
        buffers.reuse(on);
    }

    @Override
    public void skipInputGradient(boolean skip) {
        skipInputGradient = skip;
    }

    /** False when backward may return null instead of dL/d(input) ({@link #skipInputGradient}). */
    protected final boolean inputGradientNeeded() {
        return !skipInputGradient;
    }

    /** Fails loudly, with the layer's name, if backward runs before forward. */
    protected final INDArray cached(INDArray value) {
        if (value == null) throw new IllegalStateException(name + ": backward called before forward");
        return value;
    }
}
