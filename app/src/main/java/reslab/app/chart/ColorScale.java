package reslab.app.chart;

import javafx.scene.paint.Color;

/**
 * The gradient-magnitude colours: a vanished gradient is a pale, washed-out grey-blue; a
 * healthy one a strong blue; in between a smooth blend. Same scale everywhere a gradient
 * magnitude is coloured, so bars, heatmaps and wires read alike.
 */
public final class ColorScale {
    private static final Color[] STOPS = {
        Color.web("#e3e7ee"), // vanished
        Color.web("#a9c3e6"),
        Color.web("#4f86d1"),
        Color.web("#1a4fa0"), // alive
    };

    private ColorScale() {}

    /** The colour at position {@code t} in [0, 1] of the scale. */
    public static Color at(double t) {
        double x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min((int) Math.floor(x), STOPS.length - 2);
        return STOPS[i].interpolate(STOPS[i + 1], x - i);
    }
}
