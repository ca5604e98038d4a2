package reslab.engine.spec;

/**
 * Shortcut option A of the ResNet paper: the identity, subsampled by {@code stride} (taking
 * every stride-th row and column) and with extra channels (or features) filled with zeros,
 * so it can be added to a branch that changed the size. No parameters.
 */
public record ZeroPadShortcutSpec(int outChannels, int stride) implements LayerSpec {
    /** Widening only, no subsampling (flat inputs, or same-size images). */
    public ZeroPadShortcutSpec(int outChannels) {
        this(outChannels, 1);
    }

    public String kind() { return "Shortcut A"; }
}
