package reslab.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import reslab.engine.spec.Shape;

/** Laying data out for a network's input: padding, resizing, channels, flattening, classes. */
class FitTest {
    private static final Split MNIST = DatasetCatalog.load("mnist").orElseThrow();
    private static final double BLACK = (0 - 0.1307) / 0.3081;

    private static float[] example(Dataset d, int i) {
        float[] x = new float[(int) d.shape().size()];
        d.copyFeatures(i, x, 0);
        return x;
    }

    /** A 2-channel 2x3 "image set" with known pixels, mean 0 and std 1/255 so values are the raw pixels. */
    private static Dataset tiny(int channels, int h, int w, int... pixels) {
        byte[] px = new byte[pixels.length];
        for (int i = 0; i < px.length; i++) px[i] = (byte) pixels[i];
        double[] mean = new double[channels], std = new double[channels];
        java.util.Arrays.fill(std, 1 / 255.0);
        ImageSet im = new ImageSet("tiny", channels, h, w, px, new int[] {0}, mean, std);
        return ImageExamples.dataset("tiny", im, 2, List.of());
    }

    @Test
    void mnistIsZeroPaddedWithTheBackgroundToLeNetsThirtyTwo() throws DatasetException {
        Split s = DatasetCatalog.fit(MNIST, Shape.of(1, 32, 32), 10);
        assertEquals(Shape.of(1, 32, 32), s.train().shape());
        float[] own = example(MNIST.train(), 0), padded = example(s.train(), 0);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean border = y < 2 || y >= 30 || x < 2 || x >= 30;
                float expected = border ? (float) BLACK : own[(y - 2) * 28 + (x - 2)];
                assertEquals(expected, padded[y * 32 + x], 1e-6, "(" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void greyImagesFillEveryChannelOfAColourNetwork() throws DatasetException {
        Split s = DatasetCatalog.fit(MNIST, Shape.of(3, 28, 28), 10);
        float[] own = example(MNIST.test(), 5), rgb = example(s.test(), 5);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(own, java.util.Arrays.copyOfRange(rgb, c * 784, (c + 1) * 784), "channel " + c);
        }
    }

    @Test
    void imagesFlattenForADenseInputInChwOrder() throws DatasetException {
        Split s = DatasetCatalog.fit(MNIST, Shape.of(784), 10);
        assertEquals(Shape.of(784), s.train().shape());
        assertArrayEquals(example(MNIST.train(), 3), example(s.train(), 3));
        Dataset two = tiny(2, 1, 2, 1, 2, 3, 4);
        assertArrayEquals(new float[] {1, 2, 3, 4}, example(DatasetCatalog.fit(new Split(two, two), Shape.of(4), 2).train(), 0), 1e-4f);
    }

    @Test
    void enlargingBeyondAQuarterResizesBilinearlyWithAlignedPixelCentres() throws DatasetException {
        // 1x2 -> 1x4 (pad would be 2 > 2/4): source x = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25,
        // clamped to 0..1: values 10, 10 + 0.25 * 20, 10 + 0.75 * 20, 30.
        Dataset d = tiny(1, 1, 2, 10, 30);
        float[] x = example(DatasetCatalog.fit(new Split(d, d), Shape.of(1, 1, 4), 2).train(), 0);
        assertArrayEquals(new float[] {10, 15, 25, 30}, x, 1e-3f);
    }

    @Test
    void shrinkingAveragesTheTwoNearestPixels() throws DatasetException {
        // 1x4 -> 1x2: source x = (x + 0.5) * 2 - 0.5 = 0.5, 2.5.
        Dataset d = tiny(1, 1, 4, 0, 100, 200, 40);
        float[] x = example(DatasetCatalog.fit(new Split(d, d), Shape.of(1, 1, 2), 2).train(), 0);
        assertArrayEquals(new float[] {50, 120}, x, 1e-3f);
    }

    @Test
    void mnistResizedToImageNetSizeKeepsItsRangeAndBackground() throws DatasetException {
        Split s = DatasetCatalog.fit(MNIST, Shape.of(3, 224, 224), 1000);
        float[] x = example(s.train(), 0);
        assertEquals(3 * 224 * 224, x.length);
        assertEquals((float) BLACK, x[0], 1e-6, "corner is background");
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) max = Math.max(max, v);
        assertTrue(max > 2.5 && max <= (1 - 0.1307) / 0.3081 + 1e-4, "brightest value " + max);
        assertEquals(1000, s.train().classes(), "more outputs than digits: labels stay 0..9");
    }

    @Test
    void colourImagesDoNotFitAGreyNetwork() {
        Dataset d = tiny(2, 1, 2, 1, 2, 3, 4);
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.fit(new Split(d, d), Shape.of(1, 1, 2), 2));
        assertTrue(e.problem().contains("channels"), e.getMessage());
    }

    @Test
    void moreClassesThanOutputsIsAnError() {
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.fit(MNIST, Shape.of(784), 2));
        assertTrue(e.getMessage().contains("10 classes but the network has 2 outputs"), e.getMessage());
    }

    @Test
    void flatDataOfAnotherSizeIsAnErrorNamingBothShapes() {
        Split spirals = DatasetCatalog.load("spirals").orElseThrow();
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.fit(spirals, Shape.of(3), 2));
        assertTrue(e.getMessage().contains("spirals") && e.problem().contains("2 (2 values)") && e.problem().contains("3 (3 values)"),
                e.getMessage());
        Split same = assertDoesNotThrowFit(spirals, Shape.of(2), 2);
        assertSame(spirals.train().shape(), same.train().shape());
    }

    private static Split assertDoesNotThrowFit(Split s, Shape shape, int classes) {
        try {
            return DatasetCatalog.fit(s, shape, classes);
        } catch (DatasetException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void syntheticDataTakesTheNetworksShapeAndClassesAndRepeats() throws DatasetException {
        Split a = DatasetCatalog.fit(DatasetCatalog.load("synthetic").orElseThrow(), Shape.of(3, 224, 224), 1000);
        Split b = DatasetCatalog.fit(DatasetCatalog.load("synthetic").orElseThrow(), Shape.of(3, 224, 224), 1000);
        assertEquals(Shape.of(3, 224, 224), a.train().shape());
        assertEquals(1000, a.train().classes());
        assertEquals(DatasetCatalog.SYNTHETIC_TRAIN, a.train().size());
        assertArrayEquals(example(a.train(), 17), example(b.train(), 17));
        assertFalse(java.util.Arrays.equals(example(a.train(), 17), example(a.test(), 17)), "test rows differ from train rows");
        java.util.Set<Integer> labels = new java.util.HashSet<>();
        for (int i = 0; i < a.train().size(); i++) labels.add(a.train().label(i));
        assertTrue(labels.size() > 800, "labels spread over the classes: " + labels.size());
        // Unit-variance noise plus the class signal on one feature in every 1000.
        float[] x = example(a.train(), 0);
        double sum = 0, sumSq = 0;
        for (float v : x) {
            sum += v;
            sumSq += v * v;
        }
        assertEquals(0.001, sum / x.length, 0.01);
        assertEquals(1.0, sumSq / x.length, 0.02);
    }

    @Test
    void syntheticFeaturesCarryTheirClassSignal() throws DatasetException {
        Split s = DatasetCatalog.fit(DatasetCatalog.load("synthetic").orElseThrow(), Shape.of(64), 4);
        double onSignal = 0, offSignal = 0;
        int nOn = 0, nOff = 0;
        for (int i = 0; i < s.train().size(); i++) {
            float[] x = example(s.train(), i);
            for (int j = 0; j < x.length; j++) {
                if (j % 4 == s.train().label(i)) {
                    onSignal += x[j];
                    nOn++;
                } else {
                    offSignal += x[j];
                    nOff++;
                }
            }
        }
        assertEquals(1.0, onSignal / nOn, 0.05);
        assertEquals(0.0, offSignal / nOff, 0.05);
    }

    @Test
    void fittedImagesBatchIntoTheNetworksShape() throws DatasetException {
        Split s = DatasetCatalog.fit(MNIST, Shape.of(1, 32, 32), 10);
        Batches.Batch b = new Batches(s.train(), 8, 1, DataType.FLOAT).next();
        assertArrayEquals(new long[] {8, 1, 32, 32}, b.x().shape());
    }
}
