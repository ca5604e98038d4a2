package reslab.app.chart;

import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Draws {@link HeatmapChart} on a canvas: thousands of cells are one image, not thousands of
 * nodes. Label fonts and colours come from CSS (see {@link CanvasChartSkin}).
 */
public class HeatmapChartSkin extends CanvasChartSkin<HeatmapChart> {
    private static final double LEGEND_WIDTH = 18, LEFT = 64, RIGHT = 90, TOP = 10, BOTTOM = 44;

    public HeatmapChartSkin(HeatmapChart chart) {
        super(chart);
        registerChangeListener(chart.dataProperty(), o -> draw());
        registerChangeListener(chart.scaleProperty(), o -> draw());
    }

    @Override
    public void paint(ChartGraphics g, double w, double h) {
        g.clearRect(0, 0, w, h);
        HeatmapData d = getSkinnable().dataProperty().get();
        LogScale s = getSkinnable().scaleProperty().get();
        Font tickFont = tickFont(), titleFont = titleFont();
        Color ink = tickColour();
        Color titleInk = titleColour();
        double plotW = w - LEFT - RIGHT, plotH = h - TOP - BOTTOM;
        if (plotW <= 10 || plotH <= 10) return;
        int rows = d.rows().size(), cols = d.columnCount();

        g.setFill(Color.web("#f6f8fb"));
        g.fillRect(LEFT, TOP, plotW, plotH);
        if (rows > 0 && cols > 0) {
            double rowH = plotH / rows;
            long first = d.step(0), last = Math.max(d.step(cols - 1), first + 1);
            // One column per pixel at most: the last snapshot in each pixel wins.
            int pixels = (int) Math.max(1, Math.floor(plotW));
            int prev = -1;
            for (int c = 0; c < cols; c++) {
                int px = (int) Math.min(pixels - 1, Math.floor((d.step(c) - first) / (double) (last - first) * (pixels - 1)));
                int nextPx = c + 1 < cols ? (int) Math.min(pixels - 1, Math.floor((d.step(c + 1) - first) / (double) (last - first) * (pixels - 1))) : pixels;
                if (nextPx == px && c + 1 < cols) continue;
                int from = Math.max(prev + 1, px), to = Math.max(from + 1, nextPx);
                for (int r = 0; r < rows; r++) {
                    double v = d.value(c, r);
                    g.setFill(Double.isNaN(v) ? Color.TRANSPARENT : ColorScale.at(s.fraction(v)));
                    // Row 0 (the first layer, next to the input) at the bottom.
                    g.fillRect(LEFT + from, TOP + plotH - (r + 1) * rowH, to - from, Math.ceil(rowH));
                }
                prev = to - 1;
            }
            // Row labels: every one when there is room, else a stride.
            g.setFont(tickFont);
            g.setFill(ink);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
            int stride = (int) Math.max(1, Math.ceil(tickFont.getSize() * 1.3 / rowH));
            for (int r = 0; r < rows; r += stride) g.fillText(d.rows().get(r), LEFT - 8, TOP + plotH - (r + 0.5) * rowH);
            if ((rows - 1) % stride != 0) g.fillText(d.rows().get(rows - 1), LEFT - 8, TOP + plotH - (rows - 0.5) * rowH);
            // Step axis.
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            double step = NiceTicks.step(last - first, 5);
            for (double t = Math.ceil(first / step) * step; t <= last + 1e-9; t += step) {
                double px = LEFT + (t - first) / (last - first) * plotW;
                g.fillText(String.format(java.util.Locale.ROOT, "%.0f", t), px, TOP + plotH + 4);
            }
        }
        g.setStroke(Color.web("#9aa4b4"));
        g.strokeRect(LEFT + 0.5, TOP + 0.5, plotW - 1, plotH - 1);

        // Legend: the colour scale with its powers of ten.
        double lx = LEFT + plotW + 22;
        for (int i = 0; i < (int) plotH; i++) {
            g.setFill(ColorScale.at(1 - i / plotH));
            g.fillRect(lx, TOP + i, LEGEND_WIDTH, 1.5);
        }
        g.setFill(ink);
        g.setFont(tickFont);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        int decades = s.decades();
        int labelStride = (int) Math.max(1, Math.ceil(tickFont.getSize() * 1.4 / (plotH / decades)));
        for (int e = s.maxExponent(); e >= s.minExponent(); e -= labelStride) {
            double py = TOP + (s.maxExponent() - e) / (double) decades * plotH;
            g.fillText(SciFormat.powerOfTen(e), lx + LEGEND_WIDTH + 5, py);
        }
        g.setFill(titleInk);
        g.setFont(titleFont);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(getSkinnable().xTitleProperty().get(), LEFT + plotW / 2, h - 2);
        g.save();
        g.translate(14, TOP + plotH / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(getSkinnable().yTitleProperty().get(), 0, 0);
        g.restore();
    }
}
