package reslab.app.export;

import java.io.IOException;

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
        /** Another export is still running. */
        BUSY,
        /** Anything else the system reported (detail: its message). */
        IO
    }

    private final Reason reason;
    private final String detail;

    public ExportFailure(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.detail = detail == null ? "" : detail;
    }

    public Reason reason() { return reason; }
    public String detail() { return detail; }
}
