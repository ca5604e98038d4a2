package reslab.engine.spec;

/**
 * Average pooling over kernelH x kernelW windows, per channel. Padded positions are not
 * counted: each window is divided by the number of real inputs it covers (ONNX's
 * count_include_pad = 0).
 */
public record AvgPoolSpec(int kernelH, int kernelW, int strideH, int strideW, Padding padding) implements LayerSpec {
    public static AvgPoolSpec of(int kernel, int stride, Padding padding) {
        return new AvgPoolSpec(kernel, kernel, stride, stride, padding);
    }

    public String kind() { return "AvgPool"; }
}
