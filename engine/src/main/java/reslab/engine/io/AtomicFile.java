package reslab.engine.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file all at once or not at all: the content goes to a hidden temporary file in the
 * target's folder ({@code .<name>.<hex>.part}), which then replaces the target in one rename.
 * If writing fails, throws anything, or the thread is interrupted (a cancelled export), the
 * temporary file is deleted and the target is left as it was.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** The content, written to a stream that the caller must not close. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * @throws InterruptedIOException if the thread was interrupted before the rename (the
     *                                interrupt status stays set)
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IOException("folder " + dir + " does not exist");
        if (Files.isDirectory(absolute)) throw new IOException(absolute + " is a folder");
        // Not Files.createTempFile: that makes the file private (0600), and the result should
        // have the permissions of any file the user writes.
        Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
        boolean moved = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                content.writeTo(new Unclosable(out));
            }
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("cancelled: " + absolute.getFileName() + " was not written");
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
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

    /** Keeps the content from closing the stream before it is flushed and checked. */
    private static final class Unclosable extends java.io.FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
