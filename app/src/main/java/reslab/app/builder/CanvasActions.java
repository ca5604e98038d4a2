package reslab.app.builder;

import java.util.Optional;
import java.util.Set;

/** What the canvas asks its owner to do; the builder view forwards each to the view-model. */
public interface CanvasActions {
    void moveCommitted(Set<String> ids, double dx, double dy);

    /** Empty if the wire is allowed, else the reason in the UI's language. */
    Optional<String> checkConnect(String from, String to);

    void connect(String from, String to);

    void disconnect(String from, String to);

    /** A palette item was dropped at world coordinates (x, y). */
    void dropped(String paletteItemId, double x, double y);

    void setBlockCollapsed(String block, boolean collapsed);

    /** The user asked for help with a node's problem (e.g. a mismatched Add). */
    void fixRequested(String nodeId);
}
