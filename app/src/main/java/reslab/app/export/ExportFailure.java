package reslab.app.export;

import java.io.IOException;
import java.util.List;
import reslab.engine.shape.Diagnostic;

/** Why an export wrote nothing, in terms the user can act on; the view words it in their language. */
public final class ExportFailure extends IOException {
    public enum Reason {
        /** The chosen folder does not exist (detail: the folder). */
        NO_FOLDER,
        /** The chosen name is a folder (detail: the path). */
        IS_FOLDER,
        /** The folder may not be written (detail: the folder). */
        NOT_WRITABLE,
        /** The picture would be too large for one image (detail: width x height in pixels). */
        TOO_LARGE,
        /** There is nothing to export yet: no training step was recorded. */
        NOTHING_RECORDED,
        /** The view is not shown, so it has no size to draw (detail: the file). */
        EMPTY,
        /** The design is not valid, so there is no network to write (detail: its first problem; see {@link #diagnostics}). */
        INVALID_DESIGN,
        /** Another export is still running. */
        BUSY,
        /** Anything else the system reported (detail: its message). */
        IO
    }

    private final Reason reason;
    private final String detail;
    private final List<Diagnostic> diagnostics;

    public ExportFailure(Reason reason, String detail) {
        this(reason, detail, List.of());
    }

    private ExportFailure(Reason reason, String detail, List<Diagnostic> diagnostics) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.detail = detail == null ? "" : detail;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** A design shape inference rejects, with the engine's diagnostics. */
    static ExportFailure invalidDesign(List<Diagnostic> diagnostics) {
        return new ExportFailure(Reason.INVALID_DESIGN, diagnostics.isEmpty() ? "invalid network" : diagnostics.get(0).toString(), diagnostics);
    }

    public Reason reason() { return reason; }
    public String detail() { return detail; }
    /** Why the design is not valid (for {@link Reason#INVALID_DESIGN}); else empty. */
    public List<Diagnostic> diagnostics() { return diagnostics; }
}
