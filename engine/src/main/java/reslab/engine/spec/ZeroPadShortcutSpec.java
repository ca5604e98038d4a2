package reslab.engine.spec;

/**
 * Shortcut option A of the ResNet paper: the identity, with the extra features
 * (or channels) filled with zeros so it can be added to a wider branch. No parameters.
 */
public record ZeroPadShortcutSpec(int outFeatures) implements LayerSpec {
    public String kind() { return "Shortcut A"; }
}
