package reslab.engine.shape;

import java.util.List;

/**
 * A problem with a network design, attached to the node it concerns. {@code code} is a
 * stable key the UI translates; {@code message} is the English text for logs and the CLI;
 * {@code args} are the values the message quotes; {@code fixes} are the repairs on offer
 * (none when the right change cannot be guessed, e.g. which node an unknown input meant).
 */
public record Diagnostic(String nodeId, String code, String message, List<Object> args, List<Fix> fixes) {
    public Diagnostic {
        args = List.copyOf(args);
        fixes = List.copyOf(fixes);
    }

    public Diagnostic(String nodeId, String code, String message, List<Object> args) {
        this(nodeId, code, message, args, List.of());
    }

    public static Diagnostic of(String nodeId, String code, String message, Object... args) {
        return new Diagnostic(nodeId, code, message, List.of(args), List.of());
    }

    public Diagnostic withFixes(List<Fix> more) {
        return new Diagnostic(nodeId, code, message, args, more);
    }

    @Override
    public String toString() {
        return nodeId + ": " + message;
    }
}
