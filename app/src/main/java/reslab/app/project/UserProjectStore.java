package reslab.app.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The real store: Java preferences for recent files, ~/.reslab/recovery for autosave. */
public final class UserProjectStore implements ProjectStore {
    private static final Preferences PREFS = Preferences.userNodeForPackage(UserProjectStore.class);
    private static final String RECENT = "recentFiles";

    @Override
    public List<Path> recentFiles() {
        List<Path> out = new ArrayList<>();
        for (String s : PREFS.get(RECENT, "").split("\n")) if (!s.isBlank()) out.add(Path.of(s));
        return out;
    }

    @Override
    public void setRecentFiles(List<Path> files) {
        StringBuilder sb = new StringBuilder();
        for (Path p : files) sb.append(p.toAbsolutePath()).append('\n');
        PREFS.put(RECENT, sb.toString());
    }

    @Override
    public Path recoveryFolder() {
        return Path.of(System.getProperty("user.home"), ".reslab", "recovery");
    }
}
