package reslab.app.design;

import java.util.List;

/**
 * A command's readable name as a message key and arguments ("cmd.addNode", [Conv2DSpec]):
 * the view renders it in the UI's language; layer specs among the args print as titles.
 */
public record Description(String key, List<Object> args) {
    public Description {
        args = List.copyOf(args);
    }

    public static Description of(String key, Object... args) {
        return new Description(key, List.of(args));
    }
}
