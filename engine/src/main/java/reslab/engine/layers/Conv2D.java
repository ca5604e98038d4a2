package reslab.engine.layers;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.Padding;

/**
 * 2-D convolution (cross-correlation, as every framework computes it):
 * y[n, o, i, j] = b[o] + sum_{c, p, q} W[o, c, p, q] x_padded[n, c, i s_h + p, j s_w + q].
 * x: [batch, in, h, w], W: [out, in, kh, kw], b: [out], y: [batch, out, h', w'].
 * Backward: dx = the transposed convolution of dy with W; dW[o, c, p, q] = sum over n, i, j of
 * dy[n, o, i, j] x_padded[n, c, i s_h + p, j s_w + q]; db[o] = sum over n, i, j of dy[n, o, i, j].
 */
public final class Conv2D extends UnaryLayer {
    private final Parameter weight;
    private final Parameter bias;       // null without bias
    private final int strideH, strideW;
    private final Padding padding;
    private INDArray x;                 // [batch, in, h, w] or blocked, kept for backward
    private Window2D window;            // of the last forward
    private long[] yShape;              // of the last forward's output: [batch, out, h', w'], or blocked
    private boolean blockedOutput;

    /** @param w [out, in, kh, kw]; @param b [out] or null */
    public Conv2D(String name, INDArray w, INDArray b, int strideH, int strideW, Padding padding) {
        super(name);
        if (w.rank() != 4) throw new IllegalArgumentException(name + ": weights must be [out, in, kh, kw], got " + Arrays.toString(w.shape()));
        if (b != null && (b.rank() != 1 || b.size(0) != w.size(0))) {
            throw new IllegalArgumentException(name + ": bias must be [" + w.size(0) + "], got " + Arrays.toString(b.shape()));
        }
        this.weight = new Parameter(name, Parameter.Role.WEIGHT, w);
        this.bias = b == null ? null : new Parameter(name, Parameter.Role.BIAS, b);
        this.strideH = strideH;
        this.strideW = strideW;
        this.padding = padding;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        INDArray w = weight.value();
        Window2D win = window(x);
        if (!win.fits()) throw new IllegalArgumentException(name() + ": window " + win + " leaves no output");
        this.x = x;
        this.window = win;
        long[] image = Blocked.imageShape(x);
        long[] y = {image[0], w.size(0), win.outH(), win.outW()};
        long block = blockedOutput ? OneDnnConv.outputBlock(x, w, win, bias != null) : 0;
        if (block != 0) y = Blocked.shape(y, block);
        this.yShape = y;
        return ConvKernels.forward(x, w, bias == null ? null : bias.value(), win, y, buffers);   // [batch, out, h', w'] or blocked
    }

    /** x's window, after checking x is [batch, in, h, w] (or blocked) for these weights. */
    private Window2D window(INDArray x) {
        INDArray w = weight.value();
        long[] image = Blocked.imageShape(x);
        NativeOps.requireImage(name(), image, w.size(1));
        return Window2D.of((int) w.size(2), (int) w.size(3), strideH, strideW, padding, (int) image[2], (int) image[3]);
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray x = cached(this.x);
        NativeOps.requireGradShape(name(), dy, yShape);
        if (!inputGradientNeeded() && ConvKernels.weightGradientFits(x, window)) {
            ConvKernels.weightGradient(x, dy, window, weight.grad(), bias == null ? null : bias.grad(), buffers);
            return null;
        }
        return ConvKernels.backward(x, weight.value(), bias == null ? null : bias.value(), dy, window,
                weight.grad(), bias == null ? null : bias.grad(), inputGradientNeeded(), buffers); // dx: as x
    }

    /**
     * True when oneDNN computes this layer on float input of {@code x}'s shape by Winograd's
     * algorithm, which multiplies less than direct convolution (see OneDnnConv#winograd).
     */
    public boolean byWinograd(INDArray x) {
        Window2D win = window(x);
        return win.fits() && OneDnnConv.byWinograd(x, weight.value(), win, bias != null);
    }

    /** Blocked input where oneDNN computes this convolution. */
    @Override
    public boolean takesBlocked(INDArray[] inputs, boolean training) {
        INDArray x = inputs[0];
        if (!Blocked.is(x)) return false;
        Window2D win = window(x);
        return win.fits() && OneDnnConv.runs(x, weight.value(), win, bias != null);
    }

    @Override
    public void blockedOutput(boolean on) {
        blockedOutput = on;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void clearCache() {
        x = null;
    }
}
