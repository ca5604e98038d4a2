package reslab.app.export;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CancellationException;

/**
 * Writes an export all at once or not at all: the bytes go to a hidden temporary file beside
 * the target ({@code .<name>.<hex>.part}), renamed over the target only when the content is
 * complete. If writing fails or is cancelled, the temporary file is deleted and the target is
 * left as it was (absent, or the previous file).
 */
final class ExportFile {
    private ExportFile() {}

    /** The content, written to a stream it must not close. */
    @FunctionalInterface
    interface Content {
        /** @throws CancellationException when the user cancelled: nothing is written */
        void writeTo(OutputStream out) throws IOException;
    }

    static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new ExportFailure(ExportFailure.Reason.NO_FOLDER, String.valueOf(dir));
        if (Files.isDirectory(absolute)) throw new ExportFailure(ExportFailure.Reason.IS_FOLDER, absolute.toString());
        // Not Files.createTempFile: that makes the file private (0600), the export should not be.
        Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
        boolean moved = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the content's writer may close; the file is closed here, once
                    }
                });
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (AccessDeniedException e) {
            throw new ExportFailure(ExportFailure.Reason.NOT_WRITABLE, dir.toString());
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the file is hidden and marked .part
                }
            }
        }
    }
}
