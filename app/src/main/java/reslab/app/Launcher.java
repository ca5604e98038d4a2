package reslab.app;

import javafx.application.Application;

/**
 * Entry point. A separate class (not the Application subclass) so the app also starts from
 * a plain classpath, where JavaFX refuses to launch an Application main class directly.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        Application.launch(ResLabApp.class, args);
    }
}
