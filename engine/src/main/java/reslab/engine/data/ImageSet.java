package reslab.engine.data;

/**
 * 8-bit images as IDX and CIFAR files store them, before any scaling.
 *
 * @param pixels [count, channels, height, width], row-major, 0..255 as unsigned bytes
 * @param mean   per channel, of pixel / 255 (the training set's, also used for its test set)
 * @param std    per channel, of pixel / 255
 */
record ImageSet(String name, int channels, int height, int width, byte[] pixels, int[] labels,
                double[] mean, double[] std) {
    int imageSize() {
        return channels * height * width;
    }

    int count() {
        return labels.length;
    }

    ImageSet named(String n, double[] m, double[] s) {
        return new ImageSet(n, channels, height, width, pixels, labels, m, s);
    }

    /** Per-channel mean and std (population) of pixel / 255 over every image: {mean[], std[]}. */
    static double[][] stats(byte[] pixels, int count, int channels, int planeSize) {
        double[] mean = new double[channels], std = new double[channels];
        for (int c = 0; c < channels; c++) {
            long sum = 0, sumSq = 0;
            for (int i = 0; i < count; i++) {
                int base = (i * channels + c) * planeSize;
                for (int k = 0; k < planeSize; k++) {
                    int p = pixels[base + k] & 0xFF;
                    sum += p;
                    sumSq += (long) p * p;
                }
            }
            double n = (double) count * planeSize;
            double m = sum / n;
            mean[c] = m / 255.0;
            std[c] = Math.sqrt(Math.max(0, sumSq / n - m * m)) / 255.0;
            if (!(std[c] > 0)) std[c] = 1.0; // a constant channel: centre it, do not divide by zero
        }
        return new double[][] {mean, std};
    }
}
