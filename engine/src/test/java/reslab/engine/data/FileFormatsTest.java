package reslab.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reslab.engine.spec.Shape;

/** The file loaders on small files each test writes itself, good and damaged. */
class FileFormatsTest {
    @TempDir
    Path dir;

    // ---- IDX ----------------------------------------------------------------------------

    /** Image i has every pixel equal to 10 * i + row, so a read-back shows order and layout. */
    private static byte[] idxImages(int count, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(2051);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < count; i++) for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out.writeByte(10 * i + r);
        return b.toByteArray();
    }

    private static byte[] idxLabels(int... labels) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(2049);
        out.writeInt(labels.length);
        for (int y : labels) out.writeByte(y);
        return b.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(data);
        }
        return b.toByteArray();
    }

    private Path idxFolder(boolean gz, byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) throws IOException {
        Path f = Files.createDirectories(dir.resolve(gz ? "gz" : "raw"));
        String ext = gz ? ".gz" : "";
        Files.write(f.resolve("train-images-idx3-ubyte" + ext), gz ? gzip(trainImages) : trainImages);
        Files.write(f.resolve("train-labels-idx1-ubyte" + ext), gz ? gzip(trainLabels) : trainLabels);
        Files.write(f.resolve("t10k-images-idx3-ubyte" + ext), gz ? gzip(testImages) : testImages);
        Files.write(f.resolve("t10k-labels-idx1-ubyte" + ext), gz ? gzip(testLabels) : testLabels);
        return f;
    }

    private Path goodIdx(boolean gz) throws IOException {
        return idxFolder(gz, idxImages(4, 3, 2), idxLabels(0, 1, 2, 1), idxImages(2, 3, 2), idxLabels(2, 0));
    }

    private static float[] example(Dataset d, int i) {
        float[] x = new float[(int) d.shape().size()];
        d.copyFeatures(i, x, 0);
        return x;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void idxFolderLoadsRawOrCompressedWithTheTrainingSetsStatistics(boolean gz) throws Exception {
        Split s = DatasetCatalog.open("idx", goodIdx(gz));
        assertEquals(4, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals(Shape.of(1, 3, 2), s.train().shape());
        assertEquals(3, s.train().classes());
        assertEquals(1, s.train().label(3));
        // Training pixels: 10 i + r over i = 0..3, r = 0..2, each value twice (two columns).
        double sum = 0, sumSq = 0;
        for (int i = 0; i < 4; i++) for (int r = 0; r < 3; r++) {
            double p = (10 * i + r) / 255.0;
            sum += 2 * p;
            sumSq += 2 * p * p;
        }
        double mean = sum / 24, std = Math.sqrt(sumSq / 24 - mean * mean);
        float[] x = example(s.test(), 1); // test image 1, row 2: pixel 12
        assertEquals((12 / 255.0 - mean) / std, x[2 * 2 + 1], 1e-5);
        assertEquals((10 / 255.0 - mean) / std, x[0], 1e-5);
    }

    @Test
    void idxWithTheWrongMagicNumberNamesTheFileAndTheNumber() throws Exception {
        // The labels file where the images file belongs.
        Path f = idxFolder(false, idxLabels(0, 1, 2, 1), idxLabels(0, 1, 2, 1), idxImages(2, 3, 2), idxLabels(2, 0));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.source().endsWith("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.problem().contains("magic number 2049") && e.problem().contains("2051"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedIdxImagesAreReportedAsTruncated(boolean gz) throws Exception {
        byte[] full = idxImages(4, 3, 2);
        byte[] cut = gz ? java.util.Arrays.copyOf(gzip(full), gzip(full).length - 12) : java.util.Arrays.copyOf(full, full.length - 5);
        Path f = idxFolder(false, full, idxLabels(0, 1, 2, 1), idxImages(2, 3, 2), idxLabels(2, 0));
        Files.write(f.resolve("train-images-idx3-ubyte"), cut);
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.source().endsWith("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.problem().contains("truncated"), e.getMessage());
    }

    @Test
    void idxHeaderCutShortIsTruncated() throws Exception {
        Path f = goodIdx(false);
        Files.write(f.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0});
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.source().endsWith("t10k-labels-idx1-ubyte") && e.problem().contains("truncated"), e.getMessage());
    }

    @Test
    void idxLabelCountThatDiffersFromTheImageCountIsAnError() throws Exception {
        Path f = idxFolder(false, idxImages(4, 3, 2), idxLabels(0, 1, 2), idxImages(2, 3, 2), idxLabels(2, 0));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.source().endsWith("train-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.problem().contains("3 labels but 4 images"), e.getMessage());
    }

    @Test
    void idxTestLabelOutsideTheTrainingLabelsIsOutOfRange() throws Exception {
        Path f = idxFolder(false, idxImages(4, 3, 2), idxLabels(0, 1, 2, 1), idxImages(2, 3, 2), idxLabels(2, 7));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.source().endsWith("t10k-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.problem().contains("label 7 of test image 1 is out of range") && e.problem().contains("0..2"), e.getMessage());
    }

    @Test
    void idxWithMoreDataThanItsHeaderSaysIsAnError() throws Exception {
        Path f = goodIdx(false);
        byte[] labels = idxLabels(2, 0);
        Files.write(f.resolve("t10k-labels-idx1-ubyte"), java.util.Arrays.copyOf(labels, labels.length + 1));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.problem().contains("more data"), e.getMessage());
    }

    @Test
    void idxFolderWithoutTestFilesSaysWhichIsMissing() throws Exception {
        Path f = goodIdx(true);
        Files.delete(f.resolve("t10k-labels-idx1-ubyte.gz"));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.problem().contains("t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void idxImagesOfDifferentSizesInTrainAndTestAreAnError() throws Exception {
        Path f = idxFolder(false, idxImages(4, 3, 2), idxLabels(0, 1, 2, 1), idxImages(2, 2, 2), idxLabels(2, 0));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("idx", f));
        assertTrue(e.problem().contains("2x2") && e.problem().contains("3x2"), e.getMessage());
    }

    // ---- CIFAR-10 -----------------------------------------------------------------------

    /** Record r: label r % 10; pixel (c, y, x) = (r + 3 c + y + x) % 256. */
    private static byte[] cifarRecords(int from, int count) {
        byte[] b = new byte[count * 3073];
        for (int k = 0; k < count; k++) {
            int r = from + k;
            b[k * 3073] = (byte) (r % 10);
            for (int c = 0; c < 3; c++) for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) {
                b[k * 3073 + 1 + c * 1024 + y * 32 + x] = (byte) ((r + 3 * c + y + x) % 256);
            }
        }
        return b;
    }

    private Path cifarFolder() throws IOException {
        Path f = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Files.write(f.resolve("data_batch_1.bin"), cifarRecords(0, 3));
        Files.write(f.resolve("data_batch_2.bin"), cifarRecords(3, 2));
        Files.write(f.resolve("test_batch.bin"), cifarRecords(100, 2));
        return f;
    }

    @Test
    void cifarRecordsAreLabelThenChwPixelsNormalisedPerChannel() throws Exception {
        Split s = DatasetCatalog.open("cifar10", cifarFolder());
        assertEquals(5, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals(Shape.of(3, 32, 32), s.train().shape());
        assertEquals(10, s.train().classes());
        assertEquals("airplane", s.train().classNames().get(0));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, new int[] {s.train().label(0), s.train().label(1), s.train().label(2),
                s.train().label(3), s.train().label(4)}, "batch files in order");
        assertEquals(0, s.test().label(0));
        for (int c = 0; c < 3; c++) {
            double sum = 0, sumSq = 0;
            for (int r = 0; r < 5; r++) for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) {
                double p = ((r + 3 * c + y + x) % 256) / 255.0;
                sum += p;
                sumSq += p * p;
            }
            double mean = sum / 5120, std = Math.sqrt(sumSq / 5120 - mean * mean);
            float[] x = example(s.test(), 1); // record 101
            int y = 7, xx = 20;
            assertEquals((((101 + 3 * c + y + xx) % 256) / 255.0 - mean) / std, x[c * 1024 + y * 32 + xx], 1e-5, "channel " + c);
        }
    }

    @Test
    void cifarParentFolderIsAcceptedAndRecognised() throws Exception {
        cifarFolder();
        assertEquals("cifar10", DatasetCatalog.kindOf(dir));
        assertEquals(5, DatasetCatalog.resolve(dir.toString()).train().size());
    }

    @Test
    void cifarFileThatIsNotWholeRecordsIsTruncated() throws Exception {
        Path f = cifarFolder();
        Files.write(f.resolve("data_batch_2.bin"), java.util.Arrays.copyOf(cifarRecords(3, 2), 3073 + 100));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("cifar10", f));
        assertTrue(e.source().endsWith("data_batch_2.bin"), e.getMessage());
        assertTrue(e.problem().contains("truncated") && e.problem().contains("1 records and 100 bytes over"), e.getMessage());
    }

    @Test
    void cifarLabelOutOfRangeNamesTheRecord() throws Exception {
        Path f = cifarFolder();
        byte[] b = cifarRecords(100, 2);
        b[3073] = 12;
        Files.write(f.resolve("test_batch.bin"), b);
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("cifar10", f));
        assertTrue(e.source().endsWith("test_batch.bin") && e.problem().contains("record 1 has label 12"), e.getMessage());
    }

    @Test
    void cifarFolderWithoutTestBatchSaysSo() throws Exception {
        Path f = cifarFolder();
        Files.delete(f.resolve("test_batch.bin"));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("cifar10", f));
        assertTrue(e.problem().contains("test_batch.bin"), e.getMessage());
    }

    // ---- CSV ----------------------------------------------------------------------------

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** 20 rows: x = i, z = 2i, label i % 2 in the column after x. */
    private static String table(boolean header, String labelName) {
        StringBuilder sb = new StringBuilder(header ? "x," + labelName + ",z\n" : "");
        for (int i = 0; i < 20; i++) sb.append(i).append(',').append(i % 2).append(',').append(2 * i).append('\n');
        return sb.toString();
    }

    @Test
    void csvWithAHeaderTakesTheColumnNamedLabel() throws Exception {
        Split s = DatasetCatalog.open("csv", csv("t.csv", table(true, "Label")));
        assertEquals(16, s.train().size());
        assertEquals(4, s.test().size());
        assertEquals(Shape.of(2), s.train().shape());
        assertEquals(2, s.train().classes());
        for (Dataset d : List.of(s.train(), s.test())) {
            for (int i = 0; i < d.size(); i++) {
                float[] x = example(d, i);
                // Both features are linear in the row number, so after standardising they are equal,
                // and the label says whether that row number was odd.
                assertEquals(x[0], x[1], 1e-5);
            }
        }
    }

    @Test
    void csvFeaturesAreStandardisedWithTheTrainingSplit() throws Exception {
        Split s = DatasetCatalog.open("csv", csv("t.csv", table(true, "class")));
        double sum = 0, sumSq = 0;
        for (int i = 0; i < s.train().size(); i++) {
            float v = example(s.train(), i)[0];
            sum += v;
            sumSq += v * v;
        }
        int n = s.train().size();
        assertEquals(0, sum / n, 1e-5);
        assertEquals(1, sumSq / n, 1e-4);
    }

    @Test
    void csvWithoutHeaderTakesTheLastColumnAsLabel() throws Exception {
        Split s = DatasetCatalog.open("csv", csv("t.csv", "0.5;1;0\n1.5;2;1\n2.5;3;2\n3.5;4;0\n4.5;5;1\n"));
        assertEquals(3, s.train().classes(), "labels 0..2 from the last column, semicolon-separated");
        assertEquals(Shape.of(2), s.train().shape());
        assertEquals(5, s.train().size() + s.test().size());
    }

    @Test
    void csvTextLabelsBecomeClassesInAlphabeticalOrder() throws Exception {
        Split s = DatasetCatalog.open("csv", csv("iris.csv", "a,b,species\n1,2,virginica\n2,3,setosa\n3,4,versicolor\n4,5,setosa\n5,6,setosa\n"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), s.train().classNames());
    }

    @Test
    void csvNonNumericCellNamesTheLineAndColumn() throws Exception {
        Path f = csv("t.csv", "x,z,label\n1,2,0\n3,abc,1\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("csv", f));
        assertEquals(f.toString(), e.source());
        assertTrue(e.problem().contains("line 3, column 2 ('abc')") && e.problem().contains("not a finite number"), e.getMessage());
    }

    @Test
    void csvLabelOutOfRangeIsAnError() throws Exception {
        Path f = csv("t.csv", "1,2,0\n3,4,-1\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("csv", f));
        assertTrue(e.problem().contains("line 2") && e.problem().contains("out of range"), e.getMessage());
        Path g = csv("u.csv", "1,2,0\n3,4,1.5\n");
        assertTrue(assertThrows(DatasetException.class, () -> DatasetCatalog.open("csv", g)).problem().contains("out of range"));
    }

    @Test
    void csvRowWithAMissingColumnIsAnError() throws Exception {
        Path f = csv("t.csv", "1,2,0\n3,1\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.open("csv", f));
        assertTrue(e.problem().contains("line 2 has 2 columns"), e.getMessage());
    }

    @Test
    void emptyCsvIsAnError() throws Exception {
        Path f = csv("t.csv", "\n\n");
        assertTrue(assertThrows(DatasetException.class, () -> DatasetCatalog.open("csv", f)).problem().contains("no rows"));
    }

    // ---- recognising paths --------------------------------------------------------------

    @Test
    void resolveTakesIdsExplicitKindsAndRecognisedPaths() throws Exception {
        assertEquals(10_000, DatasetCatalog.resolve("mnist").train().size());
        Path idx = goodIdx(true);
        assertEquals("idx", DatasetCatalog.kindOf(idx));
        assertEquals(4, DatasetCatalog.resolve(idx.toString()).train().size());
        Path data = csv("data.dat", table(false, ""));
        assertEquals(16, DatasetCatalog.resolve("csv:" + data).train().size(), "csv: prefix for any file name");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetCatalog.resolve(data.toString()));
        assertTrue(e.problem().contains("cannot tell"), e.getMessage());
        DatasetException none = assertThrows(DatasetException.class, () -> DatasetCatalog.resolve("moons"));
        assertTrue(none.problem().contains("no such dataset") && none.problem().contains("fashion-mnist"), none.getMessage());
    }
}
