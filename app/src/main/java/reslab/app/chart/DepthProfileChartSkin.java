package reslab.app.chart;

import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;
import javafx.util.Duration;

/**
 * Draws {@link DepthProfileChart} with plain nodes (bars are Regions) so CSS styles every
 * part and tests can look them up. Heights glide toward their targets in log space.
 */
public class DepthProfileChartSkin extends javafx.scene.control.SkinBase<DepthProfileChart> {
    private static final double SMOOTHING_SECONDS = 0.12;
    /** Pulses come every 16.7 ms: a cap of 20 a second then draws every third one. */
    private static final long HALF_PULSE_NANOS = 8_000_000;
    /** A move of this many pixels or more glides at the full rate; less creeps, drawn when it comes to rest. */
    private static final double LARGE_MOVE_PIXELS = 3;
    private boolean layoutPending;
    private boolean handDriven;
    private long lastLayoutNanos;

    private final Pane plot = new Pane();
    private final List<Line> gridLines = new ArrayList<>();
    private final List<Text> tickLabels = new ArrayList<>();
    private final List<Region> bars = new ArrayList<>();
    private final List<Text> barLabels = new ArrayList<>();
    private final List<Tooltip> tooltips = new ArrayList<>();
    private final Text axisTitle = new Text();
    private final Text inputCaption = new Text();
    private final Text outputCaption = new Text();

    private double[] shownExponent = new double[0];   // what is drawn now
    private double[] targetExponent = new double[0];  // where it is heading
    private double[] drawnHeight = new double[0];     // per bar: the height it was last given, whole pixels
    private double[] drawnFraction = new double[0];   // and the height fraction its colour was last given for
    private long lastFrameNanos;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            animate(now);
        }
    };

    public DepthProfileChartSkin(DepthProfileChart chart) {
        super(chart);
        plot.getStyleClass().add("plot");
        plot.setManaged(false);
        axisTitle.getStyleClass().add("axis-title");
        axisTitle.setRotate(-90);
        axisTitle.setTextOrigin(VPos.CENTER);
        inputCaption.getStyleClass().add("axis-caption");
        outputCaption.getStyleClass().add("axis-caption");
        inputCaption.setTextOrigin(VPos.TOP);
        outputCaption.setTextOrigin(VPos.TOP);
        getChildren().addAll(plot, axisTitle, inputCaption, outputCaption);

        axisTitle.textProperty().bind(chart.axisTitleProperty());
        inputCaption.textProperty().bind(chart.inputCaptionProperty());
        outputCaption.textProperty().bind(chart.outputCaptionProperty());
        registerChangeListener(chart.profileProperty(), o -> updateBars());
        registerChangeListener(chart.outputBarLabelProperty(), o -> updateBars());
        registerChangeListener(chart.scaleProperty(), o -> {
            rebuildAxis();
            updateBars();
        });
        registerChangeListener(chart.sceneProperty(), o -> {
            if (chart.getScene() == null || handDriven) timer.stop();
            else timer.start();
        });
        rebuildAxis();
        updateBars();
        if (chart.getScene() != null) timer.start();
    }

    /** Heights currently drawn, as exponents of ten (for tests). */
    public double[] shownExponents() {
        return shownExponent.clone();
    }

    private void rebuildAxis() {
        plot.getChildren().removeAll(gridLines);
        plot.getChildren().removeAll(tickLabels);
        gridLines.clear();
        tickLabels.clear();
        LogScale s = getSkinnable().getScale();
        for (int e = s.minExponent(); e <= s.maxExponent(); e++) {
            Line l = new Line();
            l.getStyleClass().add(e == s.minExponent() ? "axis-line" : "grid-line");
            Text t = new Text(SciFormat.powerOfTen(e));
            t.getStyleClass().add("axis-tick-label");
            t.setTextOrigin(VPos.CENTER);
            gridLines.add(l);
            tickLabels.add(t);
        }
        plot.getChildren().addAll(0, gridLines);
        plot.getChildren().addAll(tickLabels);
        getSkinnable().requestLayout();
    }

    private void updateBars() {
        DepthProfile p = getSkinnable().getProfile();
        LogScale s = getSkinnable().getScale();
        int n = p.bars().size();
        if (n != bars.size()) {
            plot.getChildren().removeAll(bars);
            plot.getChildren().removeAll(barLabels);
            bars.clear();
            barLabels.clear();
            tooltips.clear();
            for (int i = 0; i < n; i++) {
                Region bar = new Region();
                bar.getStyleClass().add("depth-bar");
                bar.setManaged(false); // positioned by this skin, not by the Pane
                Tooltip tip = new Tooltip();
                tip.setShowDelay(Duration.millis(80));
                Tooltip.install(bar, tip);
                Text label = new Text();
                label.getStyleClass().add("depth-bar-label");
                label.setTextOrigin(VPos.TOP);
                bars.add(bar);
                tooltips.add(tip);
                barLabels.add(label);
            }
            plot.getChildren().addAll(bars);
            plot.getChildren().addAll(barLabels);
            double[] old = shownExponent;
            shownExponent = new double[n];
            for (int i = 0; i < n; i++) shownExponent[i] = i < old.length ? old[i] : s.minExponent();
        }
        targetExponent = new double[n];
        for (int i = 0; i < n; i++) {
            DepthProfile.Bar b = p.bars().get(i);
            targetExponent[i] = s.exponent(b.value());
            boolean output = DepthProfile.OUTPUT_LABEL.equals(b.label());
            barLabels.get(i).setText(output ? getSkinnable().getOutputBarLabel() : b.label());
            tooltips.get(i).setText(b.nodeId() + ": " + SciFormat.format(b.value()));
        }
        if (!getSkinnable().isAnimated() || getSkinnable().getScene() == null) {
            shownExponent = targetExponent.clone();
        }
        getSkinnable().requestLayout();
    }

    /**
     * Tests drive the glide frame by frame, with times of their choosing: the pulse clock stops
     * and only {@link #animate} moves the bars, so what is drawn when does not depend on how
     * busy the machine is.
     */
    void driveByHand() {
        handDriven = true;
        timer.stop();
    }

    /** One frame of the glide at time {@code now} (ns): move the shown heights, draw if due. */
    void animate(long now) {
        double dt = lastFrameNanos == 0 ? 1 / 60.0 : (now - lastFrameNanos) / 1e9;
        lastFrameNanos = now;
        if (!getSkinnable().isAnimated()) return;
        double k = 1 - Math.exp(-dt / SMOOTHING_SECONDS);
        boolean moved = false, resting = true;
        for (int i = 0; i < shownExponent.length && i < targetExponent.length; i++) {
            double d = targetExponent[i] - shownExponent[i];
            if (Math.abs(d) > 1e-3) {
                shownExponent[i] += d * k;
                moved = true;
                resting = false;
            } else if (d != 0) {
                shownExponent[i] = targetExponent[i];
                moved = true;
            }
        }
        if (moved) layoutPending = true;
        if (!layoutPending) return;
        // A frame that draws nothing is not rendered: the cap is on frames that move a bar.
        // Bars creeping by a pixel or two (steady training) show no motion worth smoothing,
        // so a creep draws no frame of its own: the frame in which the next profile arrives
        // lays the bars out where they are (it is drawn anyway, for the other views), and a
        // glide that comes to rest is drawn once, exactly. A visible jump glides at the rate.
        double interval = 1e9 / Math.max(1, getSkinnable().getGlideFrameRate());
        boolean due = largestPendingMove() < LARGE_MOVE_PIXELS ? resting : now - lastLayoutNanos >= interval - HALF_PULSE_NANOS;
        if (due) {
            layoutBars(false);
            layoutPending = false;
            lastLayoutNanos = now;
        }
    }

    /** The most pixels by which a bar's drawn height lags the height it is gliding through. */
    private double largestPendingMove() {
        Insets in = plotInsets();
        double span = plot.getHeight() - in.getTop() - in.getBottom();
        if (span <= 0 || drawnHeight.length != shownExponent.length) return Double.POSITIVE_INFINITY;
        double most = 0;
        for (int i = 0; i < shownExponent.length; i++) most = Math.max(most, Math.abs(barHeight(shownFraction(i), span) - drawnHeight[i]));
        return most;
    }

    /** Bar i's shown height as a fraction of the axis. */
    private double shownFraction(int i) {
        LogScale s = getSkinnable().getScale();
        return (shownExponent[i] - s.minExponent()) / s.decades();
    }

    /** Whole pixels, at least one, for a fraction of an axis {@code span} pixels tall. */
    private static double barHeight(double fraction, double span) {
        return Math.max(1, Math.round(fraction * span));
    }

    // Size hints are fixed: the default (from child positions) would grow with every layout.
    @Override
    protected double computeMinWidth(double h, double top, double right, double bottom, double left) {
        return 300 + left + right;
    }

    @Override
    protected double computeMinHeight(double w, double top, double right, double bottom, double left) {
        return 200 + top + bottom;
    }

    @Override
    protected double computePrefWidth(double h, double top, double right, double bottom, double left) {
        return 900 + left + right;
    }

    @Override
    protected double computePrefHeight(double w, double top, double right, double bottom, double left) {
        return 420 + top + bottom;
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        double captionHeight = inputCaption.getLayoutBounds().getHeight() + 6;
        // In a short window the title, upright along the axis, is longer than the plot: shrink it
        // to fit, and its column with it.
        double length = axisTitle.getLayoutBounds().getWidth(), room = h - captionHeight;
        double fit = length > room && length > 0 ? Math.max(0.5, room / length) : 1;
        axisTitle.setScaleX(fit);
        axisTitle.setScaleY(fit);
        double titleWidth = axisTitle.getLayoutBounds().getHeight() * fit + 8;
        axisTitle.relocate(x + titleWidth / 2 - axisTitle.getLayoutBounds().getWidth() / 2,
                y + (h - captionHeight) / 2 - axisTitle.getLayoutBounds().getHeight() / 2);
        plot.resizeRelocate(x + titleWidth, y, Math.max(0, w - titleWidth), Math.max(0, h - captionHeight));
        layoutPlot();
        Insets pi = plotInsets();
        double left = x + titleWidth + pi.getLeft();
        double right = x + w - pi.getRight();
        double captionY = y + h - captionHeight + 2;
        inputCaption.relocate(left, captionY);
        outputCaption.relocate(right - outputCaption.getLayoutBounds().getWidth(), captionY);
    }

    private Insets plotInsets() {
        double tickWidth = 0;
        for (Text t : tickLabels) tickWidth = Math.max(tickWidth, t.getLayoutBounds().getWidth());
        double labelHeight = barLabels.isEmpty() ? 16 : barLabels.get(0).getLayoutBounds().getHeight();
        double halfTick = tickLabels.isEmpty() ? 8 : tickLabels.get(0).getLayoutBounds().getHeight() / 2;
        return new Insets(halfTick + 2, 8, labelHeight + 6, tickWidth + 10);
    }

    private void layoutPlot() {
        double w = plot.getWidth(), h = plot.getHeight();
        if (w <= 0 || h <= 0) return;
        Insets in = plotInsets();
        double left = in.getLeft(), right = w - in.getRight();
        double top = in.getTop(), bottom = h - in.getBottom();
        LogScale s = getSkinnable().getScale();
        double decadeHeight = (bottom - top) / s.decades();
        double tickHeight = tickLabels.isEmpty() ? 1 : tickLabels.get(0).getLayoutBounds().getHeight();
        int tickStride = Math.max(1, (int) Math.ceil(tickHeight * 1.15 / Math.max(1, decadeHeight)));
        for (int k = 0; k < gridLines.size(); k++) {
            double yk = bottom - k * decadeHeight;
            Line l = gridLines.get(k);
            l.setStartX(left);
            l.setEndX(right);
            l.setStartY(snap(yk));
            l.setEndY(snap(yk));
            Text t = tickLabels.get(k);
            // Label every decade when there is room, else every second (third...) one,
            // always including the top of the axis.
            t.setVisible((gridLines.size() - 1 - k) % tickStride == 0);
            t.relocate(left - 8 - t.getLayoutBounds().getWidth(), yk - t.getLayoutBounds().getHeight() / 2);
        }
        layoutBars(true);
        int n = bars.size();
        if (n == 0) return;
        double slot = (right - left) / n;
        for (int i = 0; i < n; i++) {
            Text label = barLabels.get(i);
            label.setVisible(slot >= label.getLayoutBounds().getWidth() + 2 || i == 0 || i == n - 1 || i % labelStride(slot) == 0);
            label.relocate(left + i * slot + slot / 2 - label.getLayoutBounds().getWidth() / 2, bottom + 4);
        }
    }

    /**
     * Sizes and colours the bars. While gliding ({@code all} false) a bar is touched only when
     * its height changes by a whole pixel, or when it arrives (then its colour is exact): in
     * software rendering each touched bar costs a redraw of its part of the chart, and the
     * glide's tail moves by fractions of a pixel for most of its length.
     */
    private void layoutBars(boolean all) {
        double w = plot.getWidth(), h = plot.getHeight();
        int n = bars.size();
        if (w <= 0 || h <= 0 || n == 0) return;
        if (drawnHeight.length != n) {
            drawnHeight = new double[n];
            drawnFraction = new double[n];
            all = true;
        }
        Insets in = plotInsets();
        double left = in.getLeft(), right = w - in.getRight();
        double top = in.getTop(), bottom = h - in.getBottom();
        double slot = (right - left) / n;
        double barWidth = Math.max(2, slot * 0.72);
        for (int i = 0; i < n; i++) {
            double f = shownFraction(i);
            double barHeight = barHeight(f, bottom - top);
            boolean arrived = shownExponent[i] == targetExponent[i] && f != drawnFraction[i];
            if (!all && barHeight == drawnHeight[i] && !arrived) continue;
            double bx = left + i * slot + (slot - barWidth) / 2;
            Region bar = bars.get(i);
            bar.resizeRelocate(bx, bottom - barHeight, barWidth, barHeight);
            bar.setBackground(new Background(new BackgroundFill(ColorScale.at(f), new CornerRadii(3, 3, 0, 0, false), Insets.EMPTY)));
            drawnHeight[i] = barHeight;
            drawnFraction[i] = f;
        }
    }

    /** Show every k-th label when bars are too narrow for all of them. */
    private int labelStride(double slot) {
        double widest = 0;
        for (Text t : barLabels) widest = Math.max(widest, t.getLayoutBounds().getWidth());
        return Math.max(1, (int) Math.ceil((widest + 6) / Math.max(1, slot)));
    }

    private static double snap(double v) {
        return Math.round(v) + 0.5;
    }

    @Override
    public void dispose() {
        timer.stop();
        super.dispose();
    }
}
