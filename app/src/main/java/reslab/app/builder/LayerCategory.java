package reslab.app.builder;

import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

/** The palette's groups; each has a colour in the CSS ({@code .category-<name>}). */
public enum LayerCategory {
    INPUT, CORE, CONVOLUTION, NORMALISATION, POOLING, SHORTCUTS, BLOCKS, LOSSES;

    public String styleClass() {
        return "category-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    public String messageKey() {
        return "palette.group." + name().toLowerCase(java.util.Locale.ROOT);
    }

    public static LayerCategory of(LayerSpec s) {
        if (s instanceof InputSpec) return INPUT;
        if (s instanceof Conv2DSpec) return CONVOLUTION;
        if (s instanceof BatchNormSpec) return NORMALISATION;
        if (s instanceof MaxPoolSpec || s instanceof AvgPoolSpec || s instanceof GlobalAvgPoolSpec) return POOLING;
        if (s instanceof AddSpec || s instanceof ZeroPadShortcutSpec || s instanceof ProjectionShortcutSpec
                || s instanceof GateSpec) return SHORTCUTS;
        return CORE;
    }
}
