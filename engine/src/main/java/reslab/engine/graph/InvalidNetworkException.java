package reslab.engine.graph;

import java.util.List;
import reslab.engine.shape.Diagnostic;

/** Thrown when asked to run a design that shape inference rejects. */
public final class InvalidNetworkException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public InvalidNetworkException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid network" : diagnostics.get(0).toString());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
