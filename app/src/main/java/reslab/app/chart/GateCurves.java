package reslab.app.chart;

import java.util.List;

/** g(k) over steps for each gated block, in network order (input first). Immutable. */
public record GateCurves(List<Curve> curves) {
    public static final GateCurves EMPTY = new GateCurves(List.of());

    public GateCurves {
        curves = List.copyOf(curves);
    }

    /** One gated block: its label and its g(k) after each recorded step. */
    public record Curve(String label, LossSeries series) {}

    public boolean isEmpty() {
        return curves.isEmpty();
    }

    /** The largest g over all curves (0 when empty). */
    public double maxValue() {
        double m = 0;
        for (Curve c : curves) m = Math.max(m, c.series().maxValue());
        return m;
    }

    public double lastStep() {
        double m = 0;
        for (Curve c : curves) m = Math.max(m, c.series().lastStep());
        return m;
    }
}
