package reslab.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CIFAR-10 binary version ({@code cifar-10-batches-bin}): each file is a run of 3,073-byte
 * records, one label byte (0-9) then 3,072 pixel bytes, the 1,024 red, 1,024 green and
 * 1,024 blue values of a 32x32 image, rows top to bottom (CHW). Training files are
 * {@code data_batch_1.bin} .. {@code data_batch_5.bin}, the test file {@code test_batch.bin}.
 */
final class Cifar10Format {
    static final int SIDE = 32;
    static final int PIXELS = 3 * SIDE * SIDE;
    static final int RECORD = 1 + PIXELS;
    static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    private Cifar10Format() {}

    /**
     * Reads the records of {@code files} in order into one image set (stats left null). Sizes
     * are checked first, then one file at a time is read and copied, so the peak memory is the
     * pixels plus one file.
     */
    static ImageSet read(String name, List<Path> files) throws DatasetException {
        long records = 0;
        for (Path f : files) {
            long size;
            try {
                size = Files.size(f);
            } catch (IOException e) {
                throw new DatasetException(f.toString(), "cannot read: " + e.getMessage(), e);
            }
            if (size == 0) throw new DatasetException(f.toString(), "empty file; CIFAR-10 files hold 3,073-byte records");
            if (size % RECORD != 0) {
                throw new DatasetException(f.toString(), "truncated or not CIFAR-10: " + size
                        + " bytes is not a whole number of 3,073-byte records (" + size / RECORD + " records and "
                        + size % RECORD + " bytes over)");
            }
            records += size / RECORD;
        }
        if (records * PIXELS > Integer.MAX_VALUE - 8) throw new DatasetException(name, records + " images are more than 2 GB of pixels");
        byte[] pixels = new byte[(int) records * PIXELS];
        int[] labels = new int[(int) records];
        int n = 0;
        for (Path f : files) {
            byte[] b;
            try {
                b = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new DatasetException(f.toString(), "cannot read: " + e.getMessage(), e);
            }
            if (n + b.length / RECORD > records || b.length % RECORD != 0) {
                throw new DatasetException(f.toString(), "changed while being read");
            }
            for (int r = 0; r < b.length / RECORD; r++, n++) {
                int label = b[r * RECORD] & 0xFF;
                if (label > 9) {
                    throw new DatasetException(f.toString(), "record " + r + " has label " + label
                            + "; CIFAR-10 labels are 0-9 (a CIFAR-100 file has 3,074-byte records)");
                }
                labels[n] = label;
                System.arraycopy(b, r * RECORD + 1, pixels, n * PIXELS, PIXELS);
            }
        }
        return new ImageSet(name, 3, SIDE, SIDE, pixels, labels, null, null);
    }

    /** {train, test} from the folder, or from its {@code cifar-10-batches-bin} subfolder. */
    static ImageSet[] readFolder(Path folder) throws DatasetException {
        if (!Files.exists(folder)) throw new DatasetException(folder.toString(), "no such folder");
        if (!Files.isDirectory(folder)) throw new DatasetException(folder.toString(), "not a folder");
        Path inner = folder.resolve("cifar-10-batches-bin");
        if (!Files.exists(folder.resolve("test_batch.bin")) && Files.isDirectory(inner)) folder = inner;
        List<Path> train = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin")).sorted().forEach(train::add);
        } catch (IOException e) {
            throw new DatasetException(folder.toString(), "cannot list the folder: " + e.getMessage(), e);
        }
        Path test = folder.resolve("test_batch.bin");
        if (train.isEmpty()) throw new DatasetException(folder.toString(), "no data_batch_1.bin .. data_batch_5.bin here");
        if (!Files.isRegularFile(test)) throw new DatasetException(folder.toString(), "no test_batch.bin here");
        return new ImageSet[] {read(folder + " (train)", train), read(test.toString(), List.of(test))};
    }
}
