package reslab.app.shell;

/** Questions with buttons; the app shows dialogs, window tests answer directly. */
public interface Confirmations {
    enum UnsavedChoice { SAVE, DISCARD, CANCEL }

    UnsavedChoice unsavedChanges(String projectName);

    void error(String title, String message);

    /** A recovered design from a session that ended abruptly: restore it? */
    boolean restoreRecovery(String savedAt);
}
