package reslab.app.chart;

import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The drawing calls the canvas charts make, so one drawing routine paints the screen
 * ({@link CanvasGraphics}) and writes vectors (the SVG export). The subset of
 * {@link javafx.scene.canvas.GraphicsContext} the skins use, with the same meaning.
 */
public interface ChartGraphics {
    void clearRect(double x, double y, double w, double h);

    void setFill(Color c);

    void setStroke(Color c);

    void setLineWidth(double w);

    void setFont(Font f);

    void setTextAlign(TextAlignment a);

    void setTextBaseline(VPos baseline);

    void fillRect(double x, double y, double w, double h);

    /** {@code arcWidth}, {@code arcHeight}: the corner ellipse's full width and height, as on a canvas. */
    void fillRoundRect(double x, double y, double w, double h, double arcWidth, double arcHeight);

    void strokeRect(double x, double y, double w, double h);

    void strokeLine(double x1, double y1, double x2, double y2);

    /** Dash lengths for the following strokes; null or empty for solid lines. */
    void setLineDashes(double... dashes);

    /** A polyline: {@code beginPath}, {@code moveTo}, {@code lineTo}s, then {@code stroke}. */
    void beginPath();

    void moveTo(double x, double y);

    void lineTo(double x, double y);

    void stroke();

    void fillText(String text, double x, double y);

    /** Squeezed horizontally to {@code maxWidth} if it is wider, as a canvas does. */
    void fillText(String text, double x, double y, double maxWidth);

    void save();

    void restore();

    void translate(double x, double y);

    void rotate(double degrees);
}
