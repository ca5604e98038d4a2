package reslab.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reslab.engine.spec.Shape;

class BundledDatasetsTest {
    /** Only for cross-checks; the product never reads it, and a user's clone has no such folder. */
    private static final Path SHARED = Path.of("/work/shared/datasets");

    private static int[] labels(Dataset d, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = d.label(i);
        return y;
    }

    private static float[] example(Dataset d, int i) {
        float[] x = new float[(int) d.shape().size()];
        d.copyFeatures(i, x, 0);
        return x;
    }

    /** Pixels of image {@code i} read straight from the bundled gzip, independently of the loader. */
    private static int[] rawPixels(String id, String file, int i) throws IOException {
        try (InputStream in = new GZIPInputStream(BundledDatasetsTest.class.getResourceAsStream("/reslab/datasets/" + id + "/" + file))) {
            in.skipNBytes(16 + 784L * i);
            byte[] b = in.readNBytes(784);
            int[] p = new int[784];
            for (int k = 0; k < 784; k++) p[k] = b[k] & 0xFF;
            return p;
        }
    }

    @ParameterizedTest
    @CsvSource({
            "mnist,         '5,0,4,1,9,2,1,3,1,4', '7,2,1,0,4,1,4,9,5,9'",
            "fashion-mnist, '9,0,0,3,0,2,7,2,5,5', '9,2,1,1,6,1,4,6,5,7'"})
    void bundledSubsetsHaveTheFirstTenThousandAndTwoThousandImagesInPublishedOrder(String id, String train, String test) {
        Split s = DatasetCatalog.load(id).orElseThrow();
        assertEquals(10_000, s.train().size());
        assertEquals(2_000, s.test().size());
        assertEquals(Shape.of(1, 28, 28), s.train().shape());
        assertEquals(10, s.train().classes());
        assertArrayEquals(java.util.Arrays.stream(train.split(",")).mapToInt(Integer::parseInt).toArray(), labels(s.train(), 10));
        assertArrayEquals(java.util.Arrays.stream(test.split(",")).mapToInt(Integer::parseInt).toArray(), labels(s.test(), 10));
    }

    @ParameterizedTest
    @CsvSource({"mnist, 0.1307, 0.3081", "fashion-mnist, 0.2860, 0.3530"})
    void pixelsAreScaledToOneThenNormalisedWithThePublishedMeanAndStd(String id, double mean, double std) throws IOException {
        Split s = DatasetCatalog.load(id).orElseThrow();
        for (int i : new int[] {0, 1234, 9999}) {
            int[] raw = rawPixels(id, "train-images-idx3-ubyte.gz", i);
            float[] x = example(s.train(), i);
            for (int k = 0; k < 784; k++) assertEquals((raw[k] / 255.0 - mean) / std, x[k], 1e-5, "image " + i + " pixel " + k);
        }
        int[] raw = rawPixels(id, "t10k-images-idx3-ubyte.gz", 1999);
        float[] x = example(s.test(), 1999);
        for (int k = 0; k < 784; k++) assertEquals((raw[k] / 255.0 - mean) / std, x[k], 1e-5, "test image 1999 pixel " + k);
    }

    @Test
    void fashionMnistNamesItsClasses() {
        Dataset d = DatasetCatalog.load("fashion-mnist").orElseThrow().train();
        assertEquals("T-shirt/top", d.classNames().get(0));
        assertEquals("Ankle boot", d.classNames().get(9));
        assertTrue(DatasetCatalog.load("mnist").orElseThrow().train().classNames().isEmpty(), "digits are their own names");
    }

    @ParameterizedTest
    @CsvSource({"mnist", "fashion-mnist"})
    void bundledImagesEqualTheStartOfThePublishedFiles(String id) throws DatasetException {
        assumeTrue(Files.isDirectory(SHARED.resolve(id)), "no reference copy of the full dataset here");
        Split full = DatasetCatalog.open("idx", SHARED.resolve(id));
        Split bundled = DatasetCatalog.load(id).orElseThrow();
        assertEquals(60_000, full.train().size());
        for (int i : new int[] {0, 5000, 9999}) {
            assertEquals(full.train().label(i), bundled.train().label(i));
            // The folder loader normalises with the statistics it computes; undo both to compare pixels.
            float[] a = example(full.train(), i), b = example(bundled.train(), i);
            double m = id.equals("mnist") ? 0.1307 : 0.2860, sd = id.equals("mnist") ? 0.3081 : 0.3530;
            for (int k = 0; k < 784; k++) {
                double pb = b[k] * sd + m;
                double pa = a[k] * fullStd(full) + fullMean(full);
                assertEquals(pa, pb, 1e-4, "image " + i + " pixel " + k);
            }
        }
    }

    @Test
    void fullMnistTrainingSetStatisticsAreThePublishedOnes() throws DatasetException {
        assumeTrue(Files.isDirectory(SHARED.resolve("mnist")), "no reference copy of the full dataset here");
        Split full = DatasetCatalog.open("idx", SHARED.resolve("mnist"));
        assertEquals(0.1307, fullMean(full), 5e-5);
        assertEquals(0.3081, fullStd(full), 5e-5);
    }

    /** The mean the loader normalises with. */
    private static double fullMean(Split s) {
        return ((ImageExamples) s.train().examples()).images().mean()[0];
    }

    private static double fullStd(Split s) {
        return ((ImageExamples) s.train().examples()).images().std()[0];
    }

    @Test
    void bothBundledSetsLoadWellUnderASecond() {
        // A fresh read of the classpath files, not the cache: what the app pays once per run.
        long start = System.nanoTime();
        for (String id : new String[] {"mnist", "fashion-mnist"}) {
            ImageSet[] s = DatasetCatalog.readBundled(id);
            assertEquals(10_000, s[0].count());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("bundled mnist + fashion-mnist read in " + ms + " ms");
        assertTrue(ms < 1000, "reading both bundled sets took " + ms + " ms");
    }
}
