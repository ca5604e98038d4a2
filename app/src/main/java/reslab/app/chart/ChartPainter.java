package reslab.app.chart;

/**
 * A chart skin that paints itself through {@link ChartGraphics}: the export asks it for the
 * same drawing it puts on screen, at the chart's current size.
 */
public interface ChartPainter {
    void paint(ChartGraphics g, double width, double height);
}
