package reslab.app.chart;

import javafx.scene.canvas.Canvas;
import javafx.scene.control.Control;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A chart skin that paints one canvas: cheap for many marks, redrawn on data or size changes.
 * Fonts and colours of labels still come from CSS, read from hidden sample texts with the
 * style classes {@code .axis-tick-label} and {@code .axis-title}.
 */
public abstract class CanvasChartSkin<C extends Control> extends SkinBase<C> implements ChartPainter {
    protected final Canvas canvas = new Canvas();
    private final Pane pane = new Pane();
    private final Text tickSample = new Text("0");
    private final Text titleSample = new Text("0");

    protected CanvasChartSkin(C chart) {
        super(chart);
        tickSample.getStyleClass().add("axis-tick-label");
        titleSample.getStyleClass().add("axis-title");
        tickSample.setVisible(false);
        titleSample.setVisible(false);
        pane.getChildren().addAll(canvas, tickSample, titleSample);
        getChildren().add(pane);
    }

    /** Repaints the canvas. */
    protected final void draw() {
        paint(new CanvasGraphics(canvas.getGraphicsContext2D()), canvas.getWidth(), canvas.getHeight());
    }

    protected Font tickFont() {
        tickSample.applyCss();
        return tickSample.getFont();
    }

    protected Font titleFont() {
        titleSample.applyCss();
        return titleSample.getFont();
    }

    protected Color tickColour() {
        tickSample.applyCss();
        return tickSample.getFill() instanceof Color c ? c : Color.web("#5b6576");
    }

    protected Color titleColour() {
        titleSample.applyCss();
        return titleSample.getFill() instanceof Color c ? c : Color.web("#1d2430");
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        pane.resizeRelocate(x, y, w, h);
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    @Override
    protected double computePrefWidth(double h, double t, double r, double b, double l) { return 600; }

    @Override
    protected double computePrefHeight(double w, double t, double r, double b, double l) { return 300; }

    @Override
    protected double computeMinWidth(double h, double t, double r, double b, double l) { return 200; }

    @Override
    protected double computeMinHeight(double w, double t, double r, double b, double l) { return 120; }
}
