package reslab.app.shell;

import java.nio.file.Path;
import java.util.Optional;

/** Asking the user for files; the app uses the system's dialogs, window tests a fixed answer. */
public interface FileDialogs {
    Optional<Path> chooseProjectToOpen();

    Optional<Path> chooseProjectToSave(String suggestedName);

    /** A kind of file an export writes: its name in the UI's language and its extension, without the dot. */
    record FileType(String description, String extension) {}

    /** Where to write an export; the chosen name ends in the type's extension. */
    Optional<Path> chooseExportTarget(FileType type, String suggestedName);
}
