package reslab.app.export;

import reslab.app.main.DashboardView;

/**
 * The views a picture can be taken of: the design canvas, the dashboard's views, its two
 * curves and, in compare mode, the two runs side by side. Each names the node's id in the
 * window, the dashboard view that shows it (if it shares the stage with others), its name in
 * the menus and the start of its file name.
 */
public enum PictureTarget {
    DESIGN("canvas", null, false, "export.target.design", "design"),
    DEPTH_PROFILE("depthChart", DashboardView.DEPTH_PROFILE, false, "view.depth-profile", "depth-profile"),
    HEATMAP("heatmapChart", DashboardView.HEATMAP, false, "view.heatmap", "heatmap"),
    NETWORK("networkView", DashboardView.NETWORK, false, "export.target.network", "network-gradients"),
    SHORTCUTS("splitChart", DashboardView.SHORTCUTS, false, "view.shortcuts", "shortcut-split"),
    ACTIVATIONS("activationChart", DashboardView.ACTIVATIONS, false, "view.activations", "activations"),
    GATES("gateChart", DashboardView.GATES, false, "view.gates", "gates"),
    BACKWARD("backwardChart", DashboardView.BACKWARD, false, "view.backward", "backward-pass"),
    TWIN_DEPTH_PROFILE("twinDepthBox", DashboardView.DEPTH_PROFILE, true, "export.target.twinDepth", "depth-profiles-compared"),
    TWIN_HEATMAP("twinHeatBox", DashboardView.HEATMAP, true, "export.target.twinHeatmap", "heatmaps-compared"),
    LOSS("lossChart", null, false, "loss.title", "loss"),
    ACCURACY("accuracyChart", null, false, "accuracy.title", "accuracy");

    private final String nodeId;
    private final DashboardView view;
    private final boolean twin;
    private final String messageKey;
    private final String fileStem;

    PictureTarget(String nodeId, DashboardView view, boolean twin, String messageKey, String fileStem) {
        this.nodeId = nodeId;
        this.view = view;
        this.twin = twin;
        this.messageKey = messageKey;
        this.fileStem = fileStem;
    }

    public String nodeId() { return nodeId; }
    /** The dashboard view to switch to before drawing it; null when it is always in sight. */
    public DashboardView view() { return view; }
    /** Shown only while two runs are compared. */
    public boolean twin() { return twin; }
    public String messageKey() { return messageKey; }
    public String fileStem() { return fileStem; }
    /** On the Design tab; the others are on the Train tab. */
    public boolean onDesignTab() { return this == DESIGN; }
}
