package reslab.app.project;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the app keeps things between runs: recent files and the recovery folder. An
 * interface so tests use a temporary folder and never touch the user's real settings.
 */
public interface ProjectStore {
    List<Path> recentFiles();

    void setRecentFiles(List<Path> files);

    /** Folder for the autosaved design; created on demand. */
    Path recoveryFolder();
}
