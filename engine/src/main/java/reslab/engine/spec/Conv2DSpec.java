package reslab.engine.spec;

/**
 * 2-D convolution. Input [channels, h, w] per example, weights [filters, channels, kernelH,
 * kernelW], output [filters, h', w'].
 */
public record Conv2DSpec(int filters, int kernelH, int kernelW, int strideH, int strideW, Padding padding,
                         boolean bias, Init init) implements LayerSpec {
    /** Square kernel and stride. */
    public static Conv2DSpec of(int filters, int kernel, int stride, Padding padding, boolean bias, Init init) {
        return new Conv2DSpec(filters, kernel, kernel, stride, stride, padding, bias, init);
    }

    public String kind() { return "Conv2D"; }
}
