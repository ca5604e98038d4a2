package reslab.engine.spec;

/** Max pooling over kernelH x kernelW windows, per channel. */
public record MaxPoolSpec(int kernelH, int kernelW, int strideH, int strideW, Padding padding) implements LayerSpec {
    public static MaxPoolSpec of(int kernel, int stride, Padding padding) {
        return new MaxPoolSpec(kernel, kernel, stride, stride, padding);
    }

    public String kind() { return "MaxPool"; }
}
