package reslab.app.main;

/** The views the training stage can show, in the order of the switcher. */
public enum DashboardView {
    DEPTH_PROFILE, HEATMAP, NETWORK, SHORTCUTS, ACTIVATIONS, GATES, BACKWARD;

    public String messageKey() {
        return "view." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
