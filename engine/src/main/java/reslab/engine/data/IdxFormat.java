package reslab.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX files of MNIST and Fashion-MNIST, raw or gzip-compressed (told apart by their
 * first bytes, not their names). Images: magic 2051, count, rows, cols (big-endian int32),
 * then count x rows x cols unsigned bytes. Labels: magic 2049, count, then count bytes.
 */
final class IdxFormat {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private static final Pattern NAME = Pattern.compile("(train|t10k|test)-(images|labels)[-.]idx[13]-ubyte(\\.gz)?");

    private IdxFormat() {}

    /** [count, 1, rows, cols] pixels; stats are left empty (null) for the caller. */
    static ImageSet readImages(String source, InputStream raw) throws DatasetException {
        try (DataInputStream in = new DataInputStream(unpack(raw))) {
            int magic = header(in, source, "the magic number");
            if (magic != IMAGES_MAGIC) throw wrongMagic(source, magic, IMAGES_MAGIC, "images");
            int count = header(in, source, "the image count");
            int rows = header(in, source, "the row count");
            int cols = header(in, source, "the column count");
            if (count <= 0 || rows <= 0 || cols <= 0) {
                throw new DatasetException(source, "header says " + count + " images of " + rows + "x" + cols + "; all must be positive");
            }
            long bytes = (long) count * rows * cols;
            if (bytes > Integer.MAX_VALUE - 8) throw new DatasetException(source, "header says " + bytes + " pixel bytes, more than 2 GB");
            byte[] pixels = in.readNBytes((int) bytes);
            if (pixels.length < bytes) {
                throw new DatasetException(source, "truncated: header says " + count + " images of " + rows + "x" + cols
                        + " (" + bytes + " bytes) but the data ends after " + pixels.length + " bytes");
            }
            expectEnd(in, source, count + " images");
            return new ImageSet(source, 1, rows, cols, pixels, new int[count], null, null);
        } catch (EOFException | ZipException e) {
            throw unreadable(source, e);
        } catch (IOException e) {
            throw new DatasetException(source, "cannot read: " + e.getMessage(), e);
        }
    }

    static int[] readLabels(String source, InputStream raw) throws DatasetException {
        try (DataInputStream in = new DataInputStream(unpack(raw))) {
            int magic = header(in, source, "the magic number");
            if (magic != LABELS_MAGIC) throw wrongMagic(source, magic, LABELS_MAGIC, "labels");
            int count = header(in, source, "the label count");
            if (count <= 0) throw new DatasetException(source, "header says " + count + " labels; must be positive");
            byte[] b = in.readNBytes(count);
            if (b.length < count) {
                throw new DatasetException(source, "truncated: header says " + count + " labels but the data ends after " + b.length);
            }
            expectEnd(in, source, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) labels[i] = b[i] & 0xFF;
            return labels;
        } catch (EOFException | ZipException e) {
            throw unreadable(source, e);
        } catch (IOException e) {
            throw new DatasetException(source, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Images with their labels, checked to be as many. */
    static ImageSet read(String imageSource, InputStream images, String labelSource, InputStream labels) throws DatasetException {
        ImageSet im = readImages(imageSource, images);
        int[] y = readLabels(labelSource, labels);
        if (y.length != im.count()) {
            throw new DatasetException(labelSource, y.length + " labels but " + im.count() + " images in " + imageSource);
        }
        return new ImageSet(im.name(), 1, im.height(), im.width(), im.pixels(), y, null, null);
    }

    /** The four files of a folder, by their usual names ({@code train-images-idx3-ubyte[.gz]}, ...). */
    static ImageSet[] readFolder(Path folder) throws DatasetException {
        if (!Files.exists(folder)) throw new DatasetException(folder.toString(), "no such folder");
        if (!Files.isDirectory(folder)) throw new DatasetException(folder.toString(), "not a folder");
        Path[][] files = new Path[2][2]; // [train, test][images, labels]
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString().toLowerCase(Locale.ROOT));
                if (!m.matches() || !Files.isRegularFile(p)) continue;
                int split = m.group(1).equals("train") ? 0 : 1;
                int kind = m.group(2).equals("images") ? 0 : 1;
                // Both raw and .gz present: take the raw file, it reads faster.
                if (files[split][kind] == null || !p.toString().endsWith(".gz")) files[split][kind] = p;
            }
        } catch (IOException e) {
            throw new DatasetException(folder.toString(), "cannot list the folder: " + e.getMessage(), e);
        }
        String[][] expected = {{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}, {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}};
        ImageSet[] out = new ImageSet[2];
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < 2; k++) {
                if (files[s][k] == null) {
                    throw new DatasetException(folder.toString(), "no " + expected[s][k] + " (or .gz) in this folder");
                }
            }
            try (InputStream im = Files.newInputStream(files[s][0]); InputStream lb = Files.newInputStream(files[s][1])) {
                out[s] = read(files[s][0].toString(), im, files[s][1].toString(), lb);
            } catch (IOException e) {
                throw new DatasetException(folder.toString(), "cannot open: " + e.getMessage(), e);
            }
        }
        if (out[0].height() != out[1].height() || out[0].width() != out[1].width()) {
            throw new DatasetException(files[1][0].toString(), "images are " + out[1].height() + "x" + out[1].width()
                    + " but the training images are " + out[0].height() + "x" + out[0].width());
        }
        return out;
    }

    /** Peeks at the first two bytes: 1f 8b is gzip. */
    private static InputStream unpack(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    private static int header(DataInputStream in, String source, String what) throws IOException, DatasetException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DatasetException(source, "truncated: the file ends before " + what + " in its header");
        }
    }

    private static void expectEnd(DataInputStream in, String source, String what) throws IOException, DatasetException {
        if (in.read() >= 0) throw new DatasetException(source, "more data after the " + what + " its header announces; is the header's count wrong?");
    }

    private static DatasetException wrongMagic(String source, int found, int expected, String what) {
        String hint = found == LABELS_MAGIC ? " (that of a labels file)" : found == IMAGES_MAGIC ? " (that of an images file)" : "";
        return new DatasetException(source, "magic number " + found + hint + " where IDX " + what + " have " + expected
                + "; not an IDX " + what + " file");
    }

    private static DatasetException unreadable(String source, IOException e) {
        String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        return new DatasetException(source, "truncated or corrupt compressed data" + why, e);
    }
}
