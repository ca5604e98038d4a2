package reslab.app.chart;

import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/** Paints {@link GateChart} on one canvas. */
final class GateChartSkin extends CanvasChartSkin<GateChart> {
    /** Distinguishable on white and in print (Okabe-Ito, then four of Tableau). */
    private static final Color[] PALETTE = {
        Color.web("#0072b2"), Color.web("#d55e00"), Color.web("#009e73"), Color.web("#cc79a7"),
        Color.web("#e69f00"), Color.web("#56b4e9"), Color.web("#000000"), Color.web("#8c564b"),
        Color.web("#9467bd"), Color.web("#7f7f7f"), Color.web("#bcbd22"), Color.web("#17becf")};

    GateChartSkin(GateChart chart) {
        super(chart);
        registerChangeListener(chart.curvesProperty(), o -> draw());
        registerChangeListener(chart.markedProperty(), o -> draw());
        registerChangeListener(chart.emptyTextProperty(), o -> draw());
    }

    static Color colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    @Override
    public void paint(ChartGraphics g, double w, double h) {
        g.clearRect(0, 0, w, h);
        GateCurves data = getSkinnable().curvesProperty().get();
        g.setFont(tickFont());
        g.setFill(tickColour());
        if (data.isEmpty()) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(getSkinnable().emptyTextProperty().get(), w / 2, h / 2);
            return;
        }
        double yMax = Math.max(1, data.maxValue());
        double yStep = NiceTicks.step(yMax, 5);
        yMax = NiceTicks.ceil(yMax, yStep);
        double lastStep = Math.max(data.lastStep(), 10);
        double xStep = NiceTicks.step(lastStep, 6);
        double xMax = NiceTicks.ceil(lastStep, xStep);
        double labelW = 0;
        for (GateCurves.Curve c : data.curves()) labelW = Math.max(labelW, textWidth(c.label() + " 0.000"));
        double left = 48, top = 26, right = w - Math.min(labelW + 16, w * 0.35), bottom = h - 40;
        if (right <= left + 20 || bottom <= top + 20) return;

        g.setLineWidth(1);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double v = 0; v <= yMax + yStep / 2; v += yStep) {
            double py = bottom - v / yMax * (bottom - top);
            g.setStroke(v == 0 ? tickColour() : Color.gray(0.88));
            g.strokeLine(left, py, right, py);
            g.fillText(NiceTicks.label(v, yStep), left - 6, py);
        }
        // g = 1: the block passes its branch at full strength.
        double one = bottom - 1 / yMax * (bottom - top);
        g.setStroke(Color.gray(0.55));
        g.setLineDashes(2, 4);
        g.strokeLine(left, one, right, one);
        g.setLineDashes((double[]) null);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setStroke(tickColour());
        for (double v = 0; v <= xMax + xStep / 2; v += xStep) {
            double px = left + v / xMax * (right - left);
            g.strokeLine(px, bottom, px, bottom + 4);
            g.fillText(NiceTicks.label(v, xStep), px, bottom + 6);
        }
        g.strokeLine(left, top, left, bottom);
        g.setFont(titleFont());
        g.setFill(titleColour());
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(getSkinnable().yTitleProperty().get(), left, 2);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(getSkinnable().xTitleProperty().get(), right, bottom + 20);

        java.util.Set<String> marked = getSkinnable().markedProperty().get();
        g.setFont(tickFont());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        // Labels in order of their end value, top to bottom, nudged apart so none overlap.
        java.util.List<double[]> ends = new java.util.ArrayList<>();
        for (int ci = 0; ci < data.curves().size(); ci++) {
            GateCurves.Curve c = data.curves().get(ci);
            LossSeries s = c.series();
            if (s.size() == 0) continue;
            Color colour = colour(ci);
            g.setStroke(colour);
            g.setLineWidth(2);
            g.setLineDashes(marked.contains(c.label()) ? new double[] {6, 4} : null);
            g.beginPath();
            int column = Integer.MIN_VALUE;
            for (int i = 0; i < s.size(); i++) {
                double v = s.value(i);
                if (!Double.isFinite(v)) continue;
                double px = left + s.step(i) / xMax * (right - left);
                int col = (int) px;
                if (col == column && i != s.size() - 1) continue; // one point per pixel column
                double py = bottom - v / yMax * (bottom - top);
                if (column == Integer.MIN_VALUE) g.moveTo(px, py);
                else g.lineTo(px, py);
                column = col;
            }
            g.stroke();
            double v = s.value(s.size() - 1);
            ends.add(new double[] {ci, bottom - (Double.isFinite(v) ? v : 0) / yMax * (bottom - top), v});
        }
        g.setLineDashes((double[]) null);
        ends.sort(java.util.Comparator.comparingDouble(e -> e[1]));
        // Labels beside their line ends, top to bottom, pushed apart so none overlap, and
        // pushed back up so none fall below the axis.
        double lineH = Math.min(tickFont().getSize() + 3, (bottom - top) / Math.max(1, ends.size()));
        int n = ends.size();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.max(ends.get(i)[1], i == 0 ? top : y[i - 1] + lineH);
        for (int i = n - 1; i >= 0; i--) y[i] = Math.min(y[i], i == n - 1 ? bottom : y[i + 1] - lineH);
        for (int i = 0; i < n; i++) {
            int ci = (int) ends.get(i)[0];
            g.setFill(colour(ci));
            g.fillText(data.curves().get(ci).label() + " " + String.format(java.util.Locale.ROOT, "%.3f", ends.get(i)[2]), right + 8, y[i]);
        }
    }

    private double textWidth(String s) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(tickFont());
        return t.getLayoutBounds().getWidth();
    }
}
