package reslab.engine.io;

import java.nio.file.Path;

/** A project file that cannot be read or written; the message is meant for the user. */
public final class ProjectFileException extends Exception {
    private final Path file;

    public ProjectFileException(Path file, String problem) {
        super(file.getFileName() + ": " + problem);
        this.file = file;
    }

    public ProjectFileException(Path file, String problem, Throwable cause) {
        super(file.getFileName() + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
