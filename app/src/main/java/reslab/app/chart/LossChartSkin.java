package reslab.app.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polyline;
import javafx.scene.text.Text;

/** Draws {@link LossChart}: axes with round ticks and one polyline, decimated per pixel. */
public class LossChartSkin extends SkinBase<LossChart> {
    private static final double MIN_MARKER_SPACING = 14;   // px between test-point markers, 2 diameters
    private final Pane plot = new Pane();
    private final Polyline rawLine = new Polyline();      // every batch's loss, faint
    private final Polyline line = new Polyline();         // smoothed, bold
    private final Polyline secondLine = new Polyline();   // the second series (test)
    private final Group gridLayer = new Group();           // axis and grid lines, behind the series
    private final Group markers = new Group();             // the second series' points
    private final Group tickLayer = new Group();           // tick labels
    private final javafx.scene.control.Label legend = new javafx.scene.control.Label();
    private boolean legendMarker = true;                   // whether the legend shows the second series' marker
    private final Pool<Line> axisLines = new Pool<>(gridLayer, () -> styled(new Line(), "axis-line"));
    private final Pool<Line> gridLines = new Pool<>(gridLayer, () -> styled(new Line(), "grid-line"));
    private final Pool<Text> tickLabels = new Pool<>(tickLayer, () -> styled(new Text(), "axis-tick-label"));
    private final Pool<Circle> markerDots = new Pool<>(markers, () -> styled(new Circle(3.5), "series-marker-second"));
    private final Text xTitle = new Text();
    private final Text yTitle = new Text();

    public LossChartSkin(LossChart chart) {
        super(chart);
        plot.setManaged(false);
        line.getStyleClass().add("series-line");
        rawLine.getStyleClass().add("series-line-raw");
        secondLine.getStyleClass().add("series-line-second");
        legend.getStyleClass().add("chart-legend");
        legend.setManaged(false);
        xTitle.getStyleClass().add("axis-title");
        yTitle.getStyleClass().add("axis-title");
        xTitle.setTextOrigin(VPos.TOP);
        yTitle.setTextOrigin(VPos.TOP);
        xTitle.textProperty().bind(chart.xTitleProperty());
        yTitle.textProperty().bind(chart.yTitleProperty());
        plot.getChildren().addAll(gridLayer, rawLine, line, secondLine, markers, tickLayer, xTitle, yTitle, legend);
        getChildren().add(plot);
        registerChangeListener(chart.seriesProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(chart.logarithmicProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(chart.secondarySeriesProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(chart.fixedMaxProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(chart.primaryNameProperty(), o -> updateLegend());
        registerChangeListener(chart.secondaryNameProperty(), o -> updateLegend());
        updateLegend();
    }

    // Size hints are fixed: the default (from child positions) would grow with every layout.
    @Override
    protected double computeMinWidth(double h, double top, double right, double bottom, double left) {
        return 240 + left + right;
    }

    @Override
    protected double computeMinHeight(double w, double top, double right, double bottom, double left) {
        return 120 + top + bottom;
    }

    @Override
    protected double computePrefWidth(double h, double top, double right, double bottom, double left) {
        return 600 + left + right;
    }

    @Override
    protected double computePrefHeight(double w, double top, double right, double bottom, double left) {
        return 200 + top + bottom;
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        plot.resizeRelocate(x, y, w, h);
        draw(w, h);
    }

    private void draw(double w, double h) {
        for (Pool<?> p : List.of(axisLines, gridLines, tickLabels, markerDots)) p.begin();
        try {
            draw(w, h, getSkinnable().getSeries());
        } finally {
            for (Pool<?> p : List.of(axisLines, gridLines, tickLabels, markerDots)) p.end();
        }
    }

    private void draw(double w, double h, LossSeries s) {
        LossSeries s2 = getSkinnable().secondarySeriesProperty().get();
        double fixed = getSkinnable().fixedMaxProperty().get();
        YAxis axis = !Double.isNaN(fixed) ? YAxis.fixed(fixed)
                : getSkinnable().isLogarithmic() ? YAxis.logarithmic(s, s2) : YAxis.linear(s, s2);
        double lastStep = Math.max(Math.max(s.lastStep(), s2.lastStep()), 10);
        double xStep = NiceTicks.step(lastStep, 5);
        double xMax = NiceTicks.ceil(lastStep, xStep);

        double titleH = yTitle.getLayoutBounds().getHeight();
        double[] ticks = axis.ticks();
        List<Text> yLabels = new ArrayList<>();
        double tickW = 0;
        for (double v : ticks) {
            Text t = tickLabels.next();
            t.setText(axis.label(v));
            yLabels.add(t);
            tickW = Math.max(tickW, t.getLayoutBounds().getWidth());
        }
        tickW += 8;
        double left = tickW + 6, top = titleH + 8;
        double right = w - 12, bottom = h - xTitle.getLayoutBounds().getHeight() - 26;
        if (right <= left || bottom <= top) {
            tickLabels.begin(); // too small to draw: hide the labels just measured
            return;
        }
        yTitle.relocate(left, 0);
        xTitle.relocate(right - xTitle.getLayoutBounds().getWidth(), bottom + 24);

        for (int k = 0; k < ticks.length; k++) {
            double py = bottom - axis.fraction(ticks[k]) * (bottom - top);
            place(k == 0 ? axisLines.next() : gridLines.next(), left, py, right, py);
            Text t = yLabels.get(k);
            t.setTextOrigin(VPos.CENTER);
            t.setX(left - 6 - t.getLayoutBounds().getWidth());
            t.setY(py);
        }
        for (double v = 0; v <= xMax + xStep / 2; v += xStep) {
            double px = left + v / xMax * (right - left);
            place(axisLines.next(), px, bottom, px, bottom + 4);
            Text t = tickLabels.next();
            t.setText(format(v, xStep));
            t.setTextOrigin(VPos.TOP);
            t.setX(px - t.getLayoutBounds().getWidth() / 2);
            t.setY(bottom + 6);
        }
        place(axisLines.next(), left, top, left, bottom);

        int n = s.size();
        double[] smooth = smoothed(s);
        List<Double> raw = new ArrayList<>();
        List<Double> pts = new ArrayList<>();
        // At most two raw points (min, max) and one smoothed point per pixel column: long
        // runs stay cheap to draw.
        int column = Integer.MIN_VALUE;
        double lo = 0, hi = 0, colX = 0, colSmooth = Double.NaN;
        for (int i = 0; i <= n; i++) {
            int c = i < n ? (int) ((s.step(i) / xMax) * (right - left)) : Integer.MAX_VALUE;
            if (c != column && column != Integer.MIN_VALUE) {
                raw.add(colX);
                raw.add(bottom - axis.fraction(lo) * (bottom - top));
                if (hi != lo) {
                    raw.add(colX);
                    raw.add(bottom - axis.fraction(hi) * (bottom - top));
                }
                if (Double.isFinite(colSmooth)) {
                    pts.add(colX);
                    pts.add(bottom - axis.fraction(colSmooth) * (bottom - top));
                }
            }
            if (i == n) break;
            double v = s.value(i);
            if (!Double.isFinite(v)) continue;
            if (c != column) {
                column = c;
                lo = hi = v;
                colX = left + s.step(i) / xMax * (right - left);
            } else {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            colSmooth = smooth[i];
        }
        rawLine.getPoints().setAll(raw);
        line.getPoints().setAll(pts);
        // The second series: every point, with markers while they stand apart; closer together
        // they merge into a band that hides the training line under it.
        boolean withMarkers = s2.size() <= 1 || (right - left) / (s2.size() - 1) >= MIN_MARKER_SPACING;
        if (withMarkers != legendMarker) {                      // the legend shows the line as drawn
            legendMarker = withMarkers;
            updateLegend();
        }
        List<Double> second = new ArrayList<>();
        for (int i = 0; i < s2.size(); i++) {
            double v = s2.value(i);
            if (!Double.isFinite(v)) continue;
            double px = left + s2.step(i) / xMax * (right - left), py = bottom - axis.fraction(v) * (bottom - top);
            second.add(px);
            second.add(py);
            if (withMarkers) {
                Circle c = markerDots.next();
                c.setCenterX(px);
                c.setCenterY(py);
            }
        }
        secondLine.getPoints().setAll(second);
        legend.applyCss();
        legend.resize(legend.prefWidth(-1), legend.prefHeight(-1));
        // Inside the plot's top-right corner, clear of the axis title above it.
        legend.relocate(right - legend.getWidth() - 4,
                getSkinnable().legendAtBottomProperty().get() ? bottom - legend.getHeight() - 4 : top + 2);
    }

    /** On pixel centres, so one-pixel lines stay sharp. */
    private static void place(Line l, double x1, double y1, double x2, double y2) {
        l.setStartX(Math.round(x1) + 0.5);
        l.setStartY(Math.round(y1) + 0.5);
        l.setEndX(Math.round(x2) + 0.5);
        l.setEndY(Math.round(y2) + 0.5);
    }

    private static <T extends Node> T styled(T node, String styleClass) {
        node.getStyleClass().add(styleClass);
        return node;
    }

    /**
     * Nodes of one kind, made once and reused from one layout to the next (the unused ones
     * hidden). A node added to the scene during layout is styled at once here, but it leaves the
     * scene marked for a CSS pass, and the next pulse, which runs it, draws a frame of its own:
     * with new nodes on every redraw, every training step was drawn twice.
     */
    private static final class Pool<T extends Node> {
        private final Group parent;
        private final java.util.function.Supplier<T> make;
        private final List<T> nodes = new ArrayList<>();
        private int used;

        Pool(Group parent, java.util.function.Supplier<T> make) {
            this.parent = parent;
            this.make = make;
        }

        void begin() {
            used = 0;
        }

        T next() {
            if (used == nodes.size()) {
                T node = make.get();
                nodes.add(node);
                parent.getChildren().add(node);
                node.applyCss(); // made during layout: styled now, so it is measured and drawn as styled
            }
            T node = nodes.get(used++);
            node.setVisible(true);
            return node;
        }

        void end() {
            for (int i = used; i < nodes.size(); i++) nodes.get(i).setVisible(false);
        }
    }

    /**
     * Exponential moving average with bias correction (as TensorBoard draws it), over about
     * 1% of the run, so the trend reads through the noise of single batches.
     */
    static double[] smoothed(LossSeries s) {
        int n = s.size();
        double[] out = new double[n];
        double window = Math.max(1, n / 100.0);
        double keep = 1 - 1 / window;
        double avg = 0, weight = 0;
        for (int i = 0; i < n; i++) {
            double v = s.value(i);
            if (!Double.isFinite(v)) {
                out[i] = Double.NaN;
                continue;
            }
            avg = keep * avg + (1 - keep) * v;
            weight = keep * weight + (1 - keep);
            out[i] = avg / weight;
        }
        return out;
    }

    static String format(double v, double step) {
        if (step >= 1) return String.format(Locale.ROOT, "%.0f", v);
        int decimals = (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private void updateLegend() {
        String a = getSkinnable().primaryNameProperty().get(), b = getSkinnable().secondaryNameProperty().get();
        legend.setText(b == null || b.isEmpty() ? (a == null ? "" : a) : "━ " + a + "    " + (legendMarker ? "●━ " : "━ ") + b);
        legend.setVisible(a != null && !a.isEmpty());
    }

    /** Maps loss values to [0, 1] of the plot height; knows its ticks and their labels. */
    abstract static class YAxis {
        abstract double fraction(double v);
        abstract double[] ticks();
        abstract String label(double v);

        /** 0 to {@code max}, fixed (accuracy: 0 to 1), ticks every fifth. */
        static YAxis fixed(double max) {
            double step = NiceTicks.step(max, 4);
            return new YAxis() {
                double fraction(double v) { return Math.max(0, Math.min(1, v / max)); }
                double[] ticks() {
                    int n = (int) Math.round(max / step);
                    double[] t = new double[n + 1];
                    for (int i = 0; i <= n; i++) t[i] = i * step;
                    return t;
                }
                String label(double v) { return format(v, step); }
            };
        }

        static YAxis linear(LossSeries s, LossSeries s2) {
            double maxData = Math.max(Math.max(s.maxValue(), s2.maxValue()), 1e-6);
            double step = NiceTicks.step(maxData, 4);
            double max = NiceTicks.ceil(maxData, step);
            return new YAxis() {
                double fraction(double v) { return Math.max(0, Math.min(1, v / max)); }
                double[] ticks() {
                    int n = (int) Math.round(max / step);
                    double[] t = new double[n + 1];
                    for (int i = 0; i <= n; i++) t[i] = i * step;
                    return t;
                }
                String label(double v) { return format(v, step); }
            };
        }

        /** Whole decades from below the smallest loss to above the largest. */
        static YAxis logarithmic(LossSeries s, LossSeries s2) {
            double min = Double.POSITIVE_INFINITY, max = 0;
            for (LossSeries series : new LossSeries[] {s, s2}) {
                for (int i = 0; i < series.size(); i++) {
                    double v = series.value(i);
                    if (v > 0 && Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (max == 0) {
                min = 0.1;
                max = 1;
            }
            int lo = (int) Math.floor(Math.log10(min));
            int hi = (int) Math.ceil(Math.log10(max));
            if (hi <= lo) hi = lo + 1;
            final int bottomExp = lo, topExp = hi;
            return new YAxis() {
                double fraction(double v) {
                    if (!(v > 0)) return 0;
                    return Math.max(0, Math.min(1, (Math.log10(v) - bottomExp) / (topExp - bottomExp)));
                }
                double[] ticks() {
                    double[] t = new double[topExp - bottomExp + 1];
                    for (int e = bottomExp; e <= topExp; e++) t[e - bottomExp] = Math.pow(10, e);
                    return t;
                }
                String label(double v) {
                    int e = (int) Math.round(Math.log10(v));
                    if (e >= -3 && e <= 3) return e >= 0 ? String.format(Locale.ROOT, "%.0f", v)
                            : String.format(Locale.ROOT, "%." + (-e) + "f", v);
                    return SciFormat.powerOfTen(e);
                }
            };
        }
    }
}
