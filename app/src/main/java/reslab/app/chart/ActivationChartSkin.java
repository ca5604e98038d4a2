package reslab.app.chart;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import reslab.app.views.ActivationData;

/** Paints {@link ActivationChart}: two bands sharing the layer axis. */
public class ActivationChartSkin extends CanvasChartSkin<ActivationChart> {
    private static final Color MEAN = Color.web("#1a4fa0"), STUCK = Color.web("#dc2626");

    public ActivationChartSkin(ActivationChart chart) {
        super(chart);
        registerChangeListener(chart.dataProperty(), o -> draw());
    }

    @Override
    public void paint(ChartGraphics g, double w, double h) {
        g.clearRect(0, 0, w, h);
        ActivationData d = getSkinnable().dataProperty().get();
        g.setFont(tickFont());
        if (d.layers().isEmpty()) {
            g.setFill(titleColour());
            g.setFont(titleFont());
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(getSkinnable().emptyTextProperty().get(), w / 2, h / 2, w - 40);
            return;
        }
        double left = 80, right = w - 20, top = 26, bottom = h - 30;
        double mid = top + (bottom - top) * 0.58, gap = 28;
        double meanBottom = mid - gap / 2, stuckTop = mid + gap / 2;
        if (right - left < 50 || meanBottom - top < 30 || bottom - stuckTop < 20) return;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (ActivationData.Layer l : d.layers()) {
            lo = Math.min(lo, l.mean() - l.std());
            hi = Math.max(hi, l.mean() + l.std());
        }
        if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
        }
        double step = NiceTicks.step(hi - lo, 4);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        final double ylo = lo, yhi = hi;
        java.util.function.DoubleUnaryOperator y = v -> meanBottom - (v - ylo) / (yhi - ylo) * (meanBottom - top);

        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double v = lo; v <= hi + step / 2; v += step) {
            double py = y.applyAsDouble(v);
            g.setStroke(Math.abs(v) < step / 2 ? Color.web("#9aa4b4") : Color.web("#e6eaf0"));
            g.strokeLine(left, Math.round(py) + 0.5, right, Math.round(py) + 0.5);
            g.setFill(tickColour());
            g.fillText(String.format(Locale.ROOT, step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2f", v), left - 8, py);
        }
        for (double v = 0; v <= 1.0001; v += 0.5) {
            double py = bottom - v * (bottom - stuckTop);
            g.setStroke(Color.web("#e6eaf0"));
            g.strokeLine(left, Math.round(py) + 0.5, right, Math.round(py) + 0.5);
            g.fillText(String.format(Locale.ROOT, "%.0f%%", v * 100), left - 8, py);
        }
        int n = d.layers().size();
        double slot = (right - left) / n, bar = Math.max(3, Math.min(36, slot * 0.55));
        for (int i = 0; i < n; i++) {
            ActivationData.Layer l = d.layers().get(i);
            double cx = left + (i + 0.5) * slot;
            double y1 = y.applyAsDouble(l.mean() + l.std()), y2 = y.applyAsDouble(l.mean() - l.std());
            g.setFill(MEAN.deriveColor(0, 1, 1, 0.25));
            g.fillRect(cx - bar / 2, y1, bar, Math.max(1, y2 - y1));
            g.setStroke(MEAN);
            g.setLineWidth(3);
            double ym = y.applyAsDouble(l.mean());
            g.strokeLine(cx - bar / 2, ym, cx + bar / 2, ym);
            g.setLineWidth(1);
            double f = Math.max(0, Math.min(1, l.stuckFraction()));
            g.setFill(STUCK);
            g.fillRect(cx - bar / 2, bottom - f * (bottom - stuckTop), bar, Math.max(1, f * (bottom - stuckTop)));
            g.setFill(tickColour());
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            if (slot > 30 || i % (int) Math.ceil(30 / slot) == 0) g.fillText(Integer.toString(i + 1), cx, bottom + 4);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
        }
        g.setFill(titleColour());
        g.setFont(titleFont());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(getSkinnable().meanTitleProperty().get(), left, top - 6);
        g.fillText(getSkinnable().stuckTitleProperty().get(), left, stuckTop - 4);
    }
}
