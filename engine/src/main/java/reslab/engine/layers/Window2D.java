package reslab.engine.layers;

import reslab.engine.spec.Padding;

/**
 * Where a sliding window (convolution or pooling) goes on one input size: the output size and
 * the zeros added on each side. SAME follows TensorFlow: out = ceil(in / stride), total padding
 * max((out - 1) stride + kernel - in, 0), the odd one at the bottom/right. EXPLICIT pads
 * {@code h} rows above and below (PyTorch); rows the last window does not reach are ignored.
 */
public record Window2D(int kernelH, int kernelW, int strideH, int strideW, Padding padding,
                       int inH, int inW, int outH, int outW, int padTop, int padBottom, int padLeft, int padRight) {

    public static Window2D of(int kernelH, int kernelW, int strideH, int strideW, Padding padding, int inH, int inW) {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("kernel and stride must be positive, got kernel " + kernelH + "x" + kernelW
                    + ", stride " + strideH + "x" + strideW);
        }
        int[] h = axis(inH, kernelH, strideH, padding.mode(), padding.h());
        int[] w = axis(inW, kernelW, strideW, padding.mode(), padding.w());
        return new Window2D(kernelH, kernelW, strideH, strideW, padding, inH, inW, h[0], w[0], h[1], h[2], w[1], w[2]);
    }

    /** {out, padBefore, padAfter}; out <= 0 when the window does not fit. */
    private static int[] axis(int in, int k, int s, Padding.Mode mode, int pad) {
        return switch (mode) {
            case SAME -> {
                int out = (in + s - 1) / s;
                int total = Math.max((out - 1) * s + k - in, 0);
                yield new int[] {out, total / 2, total - total / 2};
            }
            case VALID -> new int[] {in < k ? 0 : (in - k) / s + 1, 0, 0};
            case EXPLICIT -> new int[] {in + 2 * pad < k ? 0 : (in + 2 * pad - k) / s + 1, pad, pad};
        };
    }

    public boolean fits() {
        return outH > 0 && outW > 0;
    }

    /**
     * The integer arguments of libnd4j's conv2d/pooling ops, up to and including the padding
     * mode: kH, kW, sH, sW, pH, pW, dH, dW, same (1) or explicit (0). In SAME mode libnd4j
     * computes the same padding as {@link #of} (top = total / 2).
     */
    int[] nd4jArgs() {
        boolean same = padding.mode() == Padding.Mode.SAME;
        return new int[] {kernelH, kernelW, strideH, strideW, same ? 0 : padTop, same ? 0 : padLeft, 1, 1, same ? 1 : 0};
    }

    @Override
    public String toString() {
        return kernelH + "x" + kernelW + " stride " + strideH + "x" + strideW + " padding " + padding
                + " on " + inH + "x" + inW + " -> " + outH + "x" + outW;
    }
}
