package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.Padding;

/**
 * Max or average pooling over kernelH x kernelW windows, each channel on its own.
 * x: [batch, c, h, w], y: [batch, c, h', w'].
 * Max: y is the largest value of the window (padding never wins); the gradient goes to that
 * one position. Average: y is the mean of the real inputs the window covers (padding not
 * counted); the gradient is shared equally among them.
 */
public final class Pool2D extends UnaryLayer {
    public enum Kind { MAX, AVG }

    private final Kind kind;
    private final int kernelH, kernelW, strideH, strideW;
    private final Padding padding;
    private INDArray x;        // [batch, c, h, w], kept for backward
    private Window2D window;   // of the last forward

    public Pool2D(String name, Kind kind, int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
        super(name);
        this.kind = kind;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padding = padding;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        NativeOps.requireImage(name(), x, -1);
        Window2D win = Window2D.of(kernelH, kernelW, strideH, strideW, padding, (int) x.size(2), (int) x.size(3));
        if (!win.fits()) throw new IllegalArgumentException(name() + ": window " + win + " leaves no output");
        this.x = x;
        this.window = win;
        INDArray y = buffers.get("y", x.dataType(), x.size(0), x.size(1), win.outH(), win.outW());
        NativeOps.exec(op(), new INDArray[] {x}, new INDArray[] {y}, args(win));
        return y;                                                     // [batch, c, h', w']
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray x = cached(this.x);
        NativeOps.requireGradShape(name(), dy, x.size(0), x.size(1), window.outH(), window.outW());
        INDArray dx = buffers.get("dx", x.dataType(), x.shape());      // [batch, c, h, w]
        NativeOps.exec(op() + "_bp", new INDArray[] {x, dy}, new INDArray[] {dx}, args(window));
        return dx;
    }

    private String op() {
        return kind == Kind.MAX ? "maxpool2d" : "avgpool2d";
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, same, extraParam0 (average: 0 = padding not counted), NCHW. */
    private static int[] args(Window2D win) {
        return NativeOps.concat(win.nd4jArgs(), 0, 0);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public void clearCache() {
        x = null;
    }
}
