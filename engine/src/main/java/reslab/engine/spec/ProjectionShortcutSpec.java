package reslab.engine.spec;

/**
 * A projection shortcut (options B and C of the ResNet paper): a 1x1 convolution with
 * {@code stride} to {@code outChannels}, no bias, followed by batch normalisation when
 * {@code batchNorm} (torchvision's "downsample"). On a flat input it is a Dense layer.
 */
public record ProjectionShortcutSpec(int outChannels, int stride, boolean batchNorm, Init init) implements LayerSpec {
    public String kind() { return "Shortcut B/C"; }
}
