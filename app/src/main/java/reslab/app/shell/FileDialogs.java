package reslab.app.shell;

import java.nio.file.Path;
import java.util.Optional;

/** Asking the user for files; the app uses the system's dialogs, window tests a fixed answer. */
public interface FileDialogs {
    Optional<Path> chooseProjectToOpen();

    Optional<Path> chooseProjectToSave(String suggestedName);
}
