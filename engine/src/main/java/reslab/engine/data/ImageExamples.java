package reslab.engine.data;

import reslab.engine.spec.Shape;

/**
 * Images made ready for a network's input, one example at a time: pixel / 255, then
 * (x - mean) / std per channel, laid out in the target shape. The layout is worked out once
 * as a gather map: each target value is a weighted sum of up to four source pixels (one for
 * a copy or padding, four for bilinear resizing).
 *
 * <p>How an image of C x H x W fits a target:
 * <ul>
 *   <li>a flat target of C*H*W values: the pixels in CHW order (a Dense network's input);
 *   <li>C' x H' x W' with C' = C, or C = 1 (the grey channel is repeated, e.g. MNIST into a
 *       3-channel network);
 *   <li>H' x W' equal: copied; larger by at most a quarter of the source on each axis: centred
 *       and zero-padded with the background, pixel 0, as {@code transforms.Pad} before
 *       {@code Normalize} does (28x28 to LeNet-5's 32x32); otherwise: bilinear resizing with
 *       pixel centres aligned, PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}
 *       (no antialiasing when shrinking).
 * </ul>
 */
final class ImageExamples implements Dataset.Examples {
    private final ImageSet images;
    private final int taps;          // source pixels per target value: 1 or 4
    private final int[] source;      // [size * taps]: index within one image, or -1 for padding
    private final float[] weight;    // [size * taps]
    private final float[] scale;     // [size]: 1 / (255 std) of the value's channel
    private final float[] shift;     // [size]: -mean / std

    private ImageExamples(ImageSet images, int taps, int[] source, float[] weight, float[] scale, float[] shift) {
        this.images = images;
        this.taps = taps;
        this.source = source;
        this.weight = weight;
        this.scale = scale;
        this.shift = shift;
    }

    ImageSet images() {
        return images;
    }

    /** The images as a dataset of their own shape (C x H x W). */
    static Dataset dataset(String name, ImageSet images, int classes, java.util.List<String> classNames) {
        Shape own = Shape.of(images.channels(), images.height(), images.width());
        try {
            return new Dataset(name, own, classes, classNames, fit(images, own), null, images.labels());
        } catch (DatasetException e) {
            throw new AssertionError("an image always fits its own shape", e);
        }
    }

    static ImageExamples fit(ImageSet im, Shape target) throws DatasetException {
        int c = im.channels(), h = im.height(), w = im.width();
        String what = im.name() + " (" + c + "x" + h + "x" + w + " images)";
        if (target.rank() == 1) {
            if (target.size() != im.imageSize()) {
                throw new DatasetException(what, "a network input of " + target.size() + " values needs "
                        + target.size() + " pixels per image, these have " + im.imageSize());
            }
            int n = im.imageSize();
            int[] src = new int[n];
            int[] channel = new int[n];
            for (int k = 0; k < n; k++) {
                src[k] = k;
                channel[k] = k / (h * w);
            }
            return build(im, 1, src, ones(n), channel);
        }
        if (target.rank() != 3) {
            throw new DatasetException(what, "a network input of shape " + target + " is neither flat nor channels x height x width");
        }
        int tc = target.dim(0), th = target.dim(1), tw = target.dim(2);
        if (tc != c && c != 1) {
            throw new DatasetException(what, "the network takes " + tc + " channels; only 1-channel images can be repeated to fill them");
        }
        boolean pad = th >= h && tw >= w && (th - h) * 4 <= h && (tw - w) * 4 <= w;
        int plane = th * tw;
        int taps = pad ? 1 : 4;
        int[] src = new int[tc * plane * taps];
        float[] wt = new float[tc * plane * taps];
        int[] channel = new int[tc * plane];
        for (int oc = 0; oc < tc; oc++) {
            int ic = c == 1 ? 0 : oc;
            int base = ic * h * w;
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    int k = oc * plane + y * tw + x;
                    channel[k] = ic;
                    if (pad) {
                        int sy = y - (th - h) / 2, sx = x - (tw - w) / 2;
                        boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                        src[k] = inside ? base + sy * w + sx : -1;
                        wt[k] = 1f;
                    } else {
                        bilinear(src, wt, k * 4, base, y, x, h, w, th, tw);
                    }
                }
            }
        }
        return build(im, taps, src, wt, channel);
    }

    /** The four taps of target pixel (y, x): source coordinates (y + 0.5) * h / th - 0.5, clamped. */
    private static void bilinear(int[] src, float[] wt, int at, int base, int y, int x, int h, int w, int th, int tw) {
        double fy = Math.max(0, (y + 0.5) * h / th - 0.5), fx = Math.max(0, (x + 0.5) * w / tw - 0.5);
        int y0 = Math.min((int) fy, h - 1), x0 = Math.min((int) fx, w - 1);
        int y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
        double dy = Math.min(fy - y0, 1), dx = Math.min(fx - x0, 1);
        src[at] = base + y0 * w + x0;
        src[at + 1] = base + y0 * w + x1;
        src[at + 2] = base + y1 * w + x0;
        src[at + 3] = base + y1 * w + x1;
        wt[at] = (float) ((1 - dy) * (1 - dx));
        wt[at + 1] = (float) ((1 - dy) * dx);
        wt[at + 2] = (float) (dy * (1 - dx));
        wt[at + 3] = (float) (dy * dx);
    }

    private static ImageExamples build(ImageSet im, int taps, int[] src, float[] wt, int[] channel) {
        int n = channel.length;
        float[] scale = new float[n], shift = new float[n];
        for (int k = 0; k < n; k++) {
            double m = im.mean()[channel[k]], s = im.std()[channel[k]];
            scale[k] = (float) (1.0 / (255.0 * s));
            shift[k] = (float) (-m / s);
        }
        return new ImageExamples(im, taps, src, wt, scale, shift);
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    @Override
    public void copy(int row, float[] dst, int offset) {
        byte[] px = images.pixels();
        int base = row * images.imageSize();
        int n = scale.length;
        if (taps == 1) {
            for (int k = 0; k < n; k++) {
                int s = source[k];
                float p = s < 0 ? 0f : (px[base + s] & 0xFF) * weight[k];
                dst[offset + k] = p * scale[k] + shift[k];
            }
            return;
        }
        for (int k = 0, t = 0; k < n; k++, t += 4) {
            float p = (px[base + source[t]] & 0xFF) * weight[t]
                    + (px[base + source[t + 1]] & 0xFF) * weight[t + 1]
                    + (px[base + source[t + 2]] & 0xFF) * weight[t + 2]
                    + (px[base + source[t + 3]] & 0xFF) * weight[t + 3];
            dst[offset + k] = p * scale[k] + shift[k];
        }
    }
}
