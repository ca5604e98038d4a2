package reslab.app.export;

import java.util.ArrayDeque;
import java.util.Deque;
import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.transform.Affine;
import javafx.scene.transform.Transform;
import reslab.app.chart.ChartGraphics;

/**
 * {@link ChartGraphics} that writes SVG elements: a canvas chart's own drawing code, recorded
 * as rectangles, lines and text instead of pixels. Keeps a canvas's state (colours, line
 * width, font, text alignment, transform) and its save/restore stack. Text stays text, with
 * its baseline placed where the canvas puts it (measured with the same font).
 */
final class SvgChartGraphics implements ChartGraphics {
    private final SvgDocument svg;
    private State state;
    private final Deque<State> saved = new ArrayDeque<>();
    /** The polyline being built by moveTo/lineTo, as SVG path data; as on a canvas, not part of the state. */
    private final StringBuilder path = new StringBuilder();

    private static final class State {
        Color fill = Color.BLACK, stroke = Color.BLACK;
        double lineWidth = 1;
        double[] dashes;
        Font font = Font.getDefault();
        TextAlignment align = TextAlignment.LEFT;
        VPos baseline = VPos.BASELINE;
        Affine transform;

        State(Transform base) {
            transform = new Affine(base);
        }

        State copy() {
            State s = new State(transform);
            s.fill = fill;
            s.stroke = stroke;
            s.lineWidth = lineWidth;
            s.dashes = dashes;
            s.font = font;
            s.align = align;
            s.baseline = baseline;
            return s;
        }
    }

    /** @param base where the chart sits in the picture (its transform to the picture's coordinates) */
    SvgChartGraphics(SvgDocument svg, Transform base) {
        this.svg = svg;
        this.state = new State(base);
    }

    @Override
    public void clearRect(double x, double y, double w, double h) {
        // A fresh SVG has nothing to clear.
    }

    @Override public void setFill(Color c) { state.fill = c; }
    @Override public void setStroke(Color c) { state.stroke = c; }
    @Override public void setLineWidth(double w) { state.lineWidth = w; }
    @Override public void setFont(Font f) { if (f != null) state.font = f; }
    @Override public void setTextAlign(TextAlignment a) { state.align = a; }
    @Override public void setTextBaseline(VPos baseline) { state.baseline = baseline; }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        if (w <= 0 || h <= 0 || SvgDocument.colour(state.fill) == null) return;
        svg.element("rect", "x", n(x), "y", n(y), "width", n(w), "height", n(h), "fill", SvgDocument.colour(state.fill),
                "fill-opacity", SvgDocument.opacity(state.fill), "transform", transform());
    }

    @Override
    public void fillRoundRect(double x, double y, double w, double h, double arcWidth, double arcHeight) {
        if (w <= 0 || h <= 0 || SvgDocument.colour(state.fill) == null) return;
        double rx = Math.min(w / 2, arcWidth / 2), ry = Math.min(h / 2, arcHeight / 2);
        svg.element("rect", "x", n(x), "y", n(y), "width", n(w), "height", n(h), "rx", n(rx), "ry", n(ry),
                "fill", SvgDocument.colour(state.fill), "fill-opacity", SvgDocument.opacity(state.fill), "transform", transform());
    }

    @Override
    public void strokeRect(double x, double y, double w, double h) {
        if (SvgDocument.colour(state.stroke) == null) return;
        svg.element("rect", "x", n(x), "y", n(y), "width", n(w), "height", n(h), "fill", "none",
                "stroke", SvgDocument.colour(state.stroke), "stroke-opacity", SvgDocument.opacity(state.stroke),
                "stroke-width", n(state.lineWidth), "stroke-dasharray", dashArray(), "transform", transform());
    }

    @Override
    public void strokeLine(double x1, double y1, double x2, double y2) {
        if (SvgDocument.colour(state.stroke) == null) return;
        // A canvas caps lines square by default.
        svg.element("line", "x1", n(x1), "y1", n(y1), "x2", n(x2), "y2", n(y2), "stroke", SvgDocument.colour(state.stroke),
                "stroke-opacity", SvgDocument.opacity(state.stroke), "stroke-width", n(state.lineWidth),
                "stroke-linecap", "square", "stroke-dasharray", dashArray(), "transform", transform());
    }

    @Override
    public void setLineDashes(double... dashes) {
        state.dashes = dashes == null || dashes.length == 0 ? null : dashes.clone();
    }

    @Override
    public void beginPath() {
        path.setLength(0);
    }

    @Override
    public void moveTo(double x, double y) {
        path.append(path.length() == 0 ? "M" : " M").append(n(x)).append(',').append(n(y));
    }

    @Override
    public void lineTo(double x, double y) {
        if (path.length() == 0) moveTo(x, y);
        else path.append(" L").append(n(x)).append(',').append(n(y));
    }

    @Override
    public void stroke() {
        if (path.length() == 0 || SvgDocument.colour(state.stroke) == null) return;
        // A canvas caps lines square and joins them with mitres (SVG's default join) by default.
        svg.element("path", "d", path.toString(), "fill", "none", "stroke", SvgDocument.colour(state.stroke),
                "stroke-opacity", SvgDocument.opacity(state.stroke), "stroke-width", n(state.lineWidth),
                "stroke-linecap", "square", "stroke-dasharray", dashArray(), "transform", transform());
    }

    private String dashArray() {
        if (state.dashes == null) return null;
        StringBuilder b = new StringBuilder();
        for (double d : state.dashes) b.append(b.length() == 0 ? "" : " ").append(n(d));
        return b.toString();
    }

    @Override
    public void fillText(String text, double x, double y) {
        fillText(text, x, y, 0);
    }

    @Override
    public void fillText(String text, double x, double y, double maxWidth) {
        if (text == null || text.isEmpty() || SvgDocument.colour(state.fill) == null) return;
        Text probe = new Text(text);
        probe.setFont(state.font);
        probe.setTextOrigin(state.baseline);
        double width = probe.getLayoutBounds().getWidth();
        double baselineY = y + probe.getLayoutBounds().getMinY() + probe.getBaselineOffset();
        String anchor = switch (state.align) {
            case CENTER -> "middle";
            case RIGHT -> "end";
            default -> null;
        };
        boolean squeeze = maxWidth > 0 && width > maxWidth;
        Font f = state.font;
        svg.textElement("text", text, "x", n(x), "y", n(baselineY), "font-family", SvgDocument.fontFamily(f),
                "font-size", n(f.getSize()), "font-weight", SvgDocument.fontWeight(f), "font-style", SvgDocument.fontStyle(f),
                "text-anchor", anchor, "fill", SvgDocument.colour(state.fill), "fill-opacity", SvgDocument.opacity(state.fill),
                "textLength", squeeze ? n(maxWidth) : null, "lengthAdjust", squeeze ? "spacingAndGlyphs" : null,
                "transform", transform());
    }

    @Override
    public void save() {
        saved.push(state.copy());
    }

    @Override
    public void restore() {
        if (!saved.isEmpty()) state = saved.pop();
    }

    @Override
    public void translate(double x, double y) {
        state.transform.appendTranslation(x, y);
    }

    @Override
    public void rotate(double degrees) {
        state.transform.appendRotation(degrees);
    }

    private String transform() {
        return SceneSvg.matrix(state.transform);
    }

    private static String n(double v) {
        return SvgDocument.num(v);
    }
}
