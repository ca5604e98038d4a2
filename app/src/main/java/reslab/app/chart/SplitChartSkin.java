package reslab.app.chart;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import reslab.app.views.SplitData;

/** Paints {@link SplitChart}. */
public class SplitChartSkin extends CanvasChartSkin<SplitChart> {
    static final Color SHORTCUT = Color.web("#1a4fa0"), BRANCH = Color.web("#d97706");

    public SplitChartSkin(SplitChart chart) {
        super(chart);
        registerChangeListener(chart.dataProperty(), o -> draw());
        registerChangeListener(chart.scaleProperty(), o -> draw());
    }

    @Override
    public void paint(ChartGraphics g, double w, double h) {
        g.clearRect(0, 0, w, h);
        SplitData d = getSkinnable().dataProperty().get();
        LogScale s = getSkinnable().scaleProperty().get();
        g.setFont(tickFont());
        if (d.joins().isEmpty()) {
            g.setFill(titleColour());
            g.setFont(titleFont());
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(getSkinnable().emptyTextProperty().get(), w / 2, h / 2, w - 40);
            return;
        }
        double left = 80, right = w - 20, top = 34, bottom = h - 40;
        if (right - left < 50 || bottom - top < 40) return;
        // Power-of-ten grid.
        int stride = (int) Math.max(1, Math.ceil(18 / ((bottom - top) / s.decades())));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int e = s.minExponent(); e <= s.maxExponent(); e++) {
            double y = bottom - (e - s.minExponent()) / (double) s.decades() * (bottom - top);
            g.setStroke(Color.web("#e6eaf0"));
            g.strokeLine(left, Math.round(y) + 0.5, right, Math.round(y) + 0.5);
            if ((s.maxExponent() - e) % stride == 0) {
                g.setFill(tickColour());
                g.fillText(SciFormat.powerOfTen(e), left - 8, y);
            }
        }
        int n = d.joins().size();
        double slot = (right - left) / n, bar = Math.max(3, Math.min(40, slot * 0.32));
        g.setTextAlign(TextAlignment.CENTER);
        for (int i = 0; i < n; i++) {
            SplitData.Join j = d.joins().get(i);
            double cx = left + (i + 0.5) * slot;
            drawBar(g, cx - bar - 1, bar, s.fraction(j.shortcut()), SHORTCUT, top, bottom);
            drawBar(g, cx + 1, bar, s.fraction(j.branch()), BRANCH, top, bottom);
            g.setFill(tickColour());
            g.setTextBaseline(VPos.TOP);
            if (slot > 40 || i % (int) Math.ceil(40 / slot) == 0) g.fillText(j.label(), cx, bottom + 6, slot * 2);
            double share = j.shortcutShare();
            if (!Double.isNaN(share) && slot > 34) {
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText(String.format(Locale.ROOT, "%.0f%%", 100 * share), cx,
                        bottom - Math.max(s.fraction(j.shortcut()), s.fraction(j.branch())) * (bottom - top) - 3);
            }
        }
        // Legend and axis title.
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(SHORTCUT);
        g.fillRect(left, 8, 14, 14);
        g.setFill(titleColour());
        g.fillText(getSkinnable().shortcutNameProperty().get(), left + 20, 15);
        double x2 = left + 30 + textWidth(getSkinnable().shortcutNameProperty().get()) + 20;
        g.setFill(BRANCH);
        g.fillRect(x2, 8, 14, 14);
        g.setFill(titleColour());
        g.fillText(getSkinnable().branchNameProperty().get(), x2 + 20, 15);
        g.save();
        g.setFont(titleFont());
        g.translate(14, (top + bottom) / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(getSkinnable().axisTitleProperty().get(), 0, 0);
        g.restore();
    }

    private double textWidth(String s) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(tickFont());
        return t.getLayoutBounds().getWidth();
    }

    private static void drawBar(ChartGraphics g, double x, double width, double f, Color c, double top, double bottom) {
        double hgt = Math.max(1, f * (bottom - top));
        g.setFill(c);
        g.fillRoundRect(x, bottom - hgt, width, hgt, 4, 4);
    }
}
