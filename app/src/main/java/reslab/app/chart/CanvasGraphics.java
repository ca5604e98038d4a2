package reslab.app.chart;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** {@link ChartGraphics} on a canvas: each call goes straight to its {@link GraphicsContext}. */
public final class CanvasGraphics implements ChartGraphics {
    private final GraphicsContext g;

    public CanvasGraphics(GraphicsContext g) {
        this.g = g;
    }

    @Override public void clearRect(double x, double y, double w, double h) { g.clearRect(x, y, w, h); }
    @Override public void setFill(Color c) { g.setFill(c); }
    @Override public void setStroke(Color c) { g.setStroke(c); }
    @Override public void setLineWidth(double w) { g.setLineWidth(w); }
    @Override public void setFont(Font f) { g.setFont(f); }
    @Override public void setTextAlign(TextAlignment a) { g.setTextAlign(a); }
    @Override public void setTextBaseline(VPos baseline) { g.setTextBaseline(baseline); }
    @Override public void fillRect(double x, double y, double w, double h) { g.fillRect(x, y, w, h); }
    @Override public void fillRoundRect(double x, double y, double w, double h, double aw, double ah) { g.fillRoundRect(x, y, w, h, aw, ah); }
    @Override public void strokeRect(double x, double y, double w, double h) { g.strokeRect(x, y, w, h); }
    @Override public void strokeLine(double x1, double y1, double x2, double y2) { g.strokeLine(x1, y1, x2, y2); }
    @Override public void setLineDashes(double... dashes) { g.setLineDashes(dashes); }
    @Override public void beginPath() { g.beginPath(); }
    @Override public void moveTo(double x, double y) { g.moveTo(x, y); }
    @Override public void lineTo(double x, double y) { g.lineTo(x, y); }
    @Override public void stroke() { g.stroke(); }
    @Override public void fillText(String text, double x, double y) { g.fillText(text, x, y); }
    @Override public void fillText(String text, double x, double y, double maxWidth) { g.fillText(text, x, y, maxWidth); }
    @Override public void save() { g.save(); }
    @Override public void restore() { g.restore(); }
    @Override public void translate(double x, double y) { g.translate(x, y); }
    @Override public void rotate(double degrees) { g.rotate(degrees); }
}
