package reslab.engine.shape;

import java.util.List;

/**
 * A problem with a network design, attached to the node it concerns. {@code code} is a
 * stable key the UI translates; {@code message} is the English text for logs and the CLI.
 */
public record Diagnostic(String nodeId, String code, String message, List<Object> args) {
    public Diagnostic {
        args = List.copyOf(args);
    }

    public static Diagnostic of(String nodeId, String code, String message, Object... args) {
        return new Diagnostic(nodeId, code, message, List.of(args));
    }

    @Override
    public String toString() {
        return nodeId + ": " + message;
    }
}
