package reslab.app.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Control;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.BorderStrokeStyle;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ArcTo;
import javafx.scene.shape.Circle;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.Ellipse;
import javafx.scene.shape.HLineTo;
import javafx.scene.shape.Line;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.QuadCurve;
import javafx.scene.shape.QuadCurveTo;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.Shape;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.shape.StrokeType;
import javafx.scene.shape.VLineTo;
import javafx.scene.text.Text;
import javafx.scene.transform.Affine;
import javafx.scene.transform.Transform;
import reslab.app.chart.ChartPainter;

/**
 * Writes a laid-out scene graph as SVG: each node a group with its transform, opacity, clip,
 * style classes and id; Regions as their backgrounds and borders (corner radii, insets, dashes);
 * Shapes as the matching SVG elements; Text (Labels' text included) as text with its font; a
 * canvas chart by repainting it through {@link SvgChartGraphics}. Only an image, or a canvas
 * without a painter, is embedded as pixels. Call on the FX thread.
 */
final class SceneSvg {
    private final SvgDocument svg = new SvgDocument();

    private SceneSvg() {}

    /** The picture as an SVG file. */
    static String write(Picture p) {
        SceneSvg w = new SceneSvg();
        p.root().applyCss();
        w.node(p.root(), true);
        return w.svg.finish(p.region(), p.background());
    }

    private void node(Node n, boolean root) {
        if (!root && (!n.isVisible() || n.getOpacity() == 0)) return;
        String transform = root ? null : matrix(n.getLocalToParentTransform());
        String opacity = n.getOpacity() < 1 ? SvgDocument.num(n.getOpacity()) : null;
        String clip = n.getClip() == null ? null : clip(n.getClip());
        String cls = n.getStyleClass().isEmpty() ? null : String.join(" ", n.getStyleClass());
        String id = svg.uniqueId(n.getId());
        if (n instanceof Text t) {
            text(t, transform, opacity, clip, cls, id);
        } else if (n instanceof Shape s) {
            shape(s, transform, opacity, clip, cls, id);
        } else {
            svg.open("g", "id", id, "class", cls, "transform", transform, "opacity", opacity, "clip-path", clip);
            if (n instanceof Region r) region(r);
            if (n instanceof Control c && c.getSkin() instanceof ChartPainter painter) {
                // The chart's own drawing code, into SVG instead of its canvas.
                Affine at = new Affine();
                at.appendTranslation(c.snappedLeftInset(), c.snappedTopInset());
                painter.paint(new SvgChartGraphics(svg, at), c.getWidth() - c.snappedLeftInset() - c.snappedRightInset(),
                        c.getHeight() - c.snappedTopInset() - c.snappedBottomInset());
            } else if (n instanceof Canvas || n instanceof ImageView) {
                raster(n);
            } else if (n instanceof Parent parent) {
                for (Node child : parent.getChildrenUnmodifiable()) node(child, false);
            }
            svg.close("g");
        }
    }

    // ---- regions ----

    private void region(Region r) {
        double w = r.getWidth(), h = r.getHeight();
        Background bg = r.getBackground();
        if (bg != null) {
            for (BackgroundFill f : bg.getFills()) {
                String fill = SvgDocument.colour(f.getFill());
                if (fill == null) continue;
                Insets in = f.getInsets();
                roundedBox(in.getLeft(), in.getTop(), w - in.getLeft() - in.getRight(), h - in.getTop() - in.getBottom(),
                        f.getRadii(), "fill", fill, "fill-opacity", SvgDocument.opacity(f.getFill()));
            }
        }
        Border border = r.getBorder();
        if (border != null) for (BorderStroke s : border.getStrokes()) borderStroke(s, w, h);
    }

    private void borderStroke(BorderStroke s, double w, double h) {
        Insets in = s.getInsets();
        double x0 = in.getLeft(), y0 = in.getTop(), bw = w - in.getLeft() - in.getRight(), bh = h - in.getTop() - in.getBottom();
        Paint top = s.getTopStroke();
        double width = s.getWidths().getTop();
        boolean uniform = top.equals(s.getRightStroke()) && top.equals(s.getBottomStroke()) && top.equals(s.getLeftStroke())
                && width == s.getWidths().getRight() && width == s.getWidths().getBottom() && width == s.getWidths().getLeft()
                && s.getTopStyle().equals(s.getRightStyle()) && s.getTopStyle().equals(s.getBottomStyle())
                && s.getTopStyle().equals(s.getLeftStyle());
        if (uniform) {
            BorderStrokeStyle style = s.getTopStyle();
            if (style == BorderStrokeStyle.NONE || width <= 0 || SvgDocument.colour(top) == null) return;
            // The stroke's centre line: a CSS border lies inside the box.
            double off = style.getType() == StrokeType.INSIDE ? width / 2 : style.getType() == StrokeType.OUTSIDE ? -width / 2 : 0;
            CornerRadii radii = s.getRadii();
            roundedBox(x0 + off, y0 + off, bw - 2 * off, bh - 2 * off, shrink(radii, bw, bh, off),
                    "fill", "none", "stroke", SvgDocument.colour(top), "stroke-opacity", SvgDocument.opacity(top),
                    "stroke-width", SvgDocument.num(width), "stroke-dasharray", dashes(style.getDashArray()),
                    "stroke-dashoffset", style.getDashOffset() == 0 ? null : SvgDocument.num(style.getDashOffset()));
            return;
        }
        // Sides that differ (a rule under a toolbar): each side as a line along its middle.
        side(s.getTopStroke(), s.getTopStyle(), s.getWidths().getTop(), x0, y0 + s.getWidths().getTop() / 2, x0 + bw, y0 + s.getWidths().getTop() / 2);
        side(s.getRightStroke(), s.getRightStyle(), s.getWidths().getRight(), x0 + bw - s.getWidths().getRight() / 2, y0,
                x0 + bw - s.getWidths().getRight() / 2, y0 + bh);
        side(s.getBottomStroke(), s.getBottomStyle(), s.getWidths().getBottom(), x0, y0 + bh - s.getWidths().getBottom() / 2,
                x0 + bw, y0 + bh - s.getWidths().getBottom() / 2);
        side(s.getLeftStroke(), s.getLeftStyle(), s.getWidths().getLeft(), x0 + s.getWidths().getLeft() / 2, y0,
                x0 + s.getWidths().getLeft() / 2, y0 + bh);
    }

    private void side(Paint p, BorderStrokeStyle style, double width, double x1, double y1, double x2, double y2) {
        if (style == BorderStrokeStyle.NONE || width <= 0 || SvgDocument.colour(p) == null) return;
        svg.element("line", "x1", n(x1), "y1", n(y1), "x2", n(x2), "y2", n(y2), "stroke", SvgDocument.colour(p),
                "stroke-opacity", SvgDocument.opacity(p), "stroke-width", n(width), "stroke-dasharray", dashes(style.getDashArray()));
    }

    /** Corner radii resolved to absolute values, reduced by {@code off} (a stroke's centre line inside the box). */
    private static CornerRadii shrink(CornerRadii r, double w, double h, double off) {
        double[] v = resolve(r, w, h);
        for (int i = 0; i < v.length; i++) v[i] = Math.max(0, v[i] - off);
        return new CornerRadii(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], false, false, false, false, false, false, false, false);
    }

    /**
     * A box with rounded corners: a {@code <rect>} when all corners are alike, else a path with
     * one arc per corner. Radii larger than the box shrink in proportion, as JavaFX draws them.
     */
    private void roundedBox(double x, double y, double w, double h, CornerRadii radii, String... paint) {
        if (w <= 0 || h <= 0) return;
        double[] r = resolve(radii, w, h); // tlh, tlv, trh, trv, brh, brv, blh, blv
        double f = 1;
        f = Math.min(f, fit(w, r[0] + r[2]));
        f = Math.min(f, fit(w, r[6] + r[4]));
        f = Math.min(f, fit(h, r[1] + r[7]));
        f = Math.min(f, fit(h, r[3] + r[5]));
        for (int i = 0; i < r.length; i++) r[i] *= f;
        boolean same = true;
        for (int i = 2; i < r.length; i += 2) same &= r[i] == r[0] && r[i + 1] == r[1];
        List<String> a = new ArrayList<>(Arrays.asList(paint));
        if (same) {
            a.addAll(0, Arrays.asList("x", n(x), "y", n(y), "width", n(w), "height", n(h)));
            if (r[0] > 0 || r[1] > 0) a.addAll(Arrays.asList("rx", n(r[0]), "ry", n(r[1])));
            svg.element("rect", a.toArray(String[]::new));
            return;
        }
        StringBuilder d = new StringBuilder();
        d.append('M').append(n(x + r[0])).append(',').append(n(y));
        d.append(" H").append(n(x + w - r[2]));
        arc(d, r[2], r[3], x + w, y + r[3]);
        d.append(" V").append(n(y + h - r[5]));
        arc(d, r[4], r[5], x + w - r[4], y + h);
        d.append(" H").append(n(x + r[6]));
        arc(d, r[6], r[7], x, y + h - r[7]);
        d.append(" V").append(n(y + r[1]));
        arc(d, r[0], r[1], x + r[0], y);
        d.append(" Z");
        a.addAll(0, Arrays.asList("d", d.toString()));
        svg.element("path", a.toArray(String[]::new));
    }

    private static double fit(double size, double sum) {
        return sum > size && sum > 0 ? size / sum : 1;
    }

    private static void arc(StringBuilder d, double rx, double ry, double x, double y) {
        if (rx > 0 && ry > 0) d.append(" A").append(n(rx)).append(',').append(n(ry)).append(" 0 0 1 ").append(n(x)).append(',').append(n(y));
        else d.append(" L").append(n(x)).append(',').append(n(y));
    }

    private static double[] resolve(CornerRadii r, double w, double h) {
        if (r == null) return new double[8];
        return new double[] {
            r.getTopLeftHorizontalRadius() * (r.isTopLeftHorizontalRadiusAsPercentage() ? w : 1),
            r.getTopLeftVerticalRadius() * (r.isTopLeftVerticalRadiusAsPercentage() ? h : 1),
            r.getTopRightHorizontalRadius() * (r.isTopRightHorizontalRadiusAsPercentage() ? w : 1),
            r.getTopRightVerticalRadius() * (r.isTopRightVerticalRadiusAsPercentage() ? h : 1),
            r.getBottomRightHorizontalRadius() * (r.isBottomRightHorizontalRadiusAsPercentage() ? w : 1),
            r.getBottomRightVerticalRadius() * (r.isBottomRightVerticalRadiusAsPercentage() ? h : 1),
            r.getBottomLeftHorizontalRadius() * (r.isBottomLeftHorizontalRadiusAsPercentage() ? w : 1),
            r.getBottomLeftVerticalRadius() * (r.isBottomLeftVerticalRadiusAsPercentage() ? h : 1),
        };
    }

    // ---- shapes ----

    private void shape(Shape s, String transform, String opacity, String clip, String cls, String id) {
        String fill = s instanceof Line || s instanceof Polyline ? null : SvgDocument.colour(s.getFill());
        String stroke = s.getStrokeWidth() > 0 ? SvgDocument.colour(s.getStroke()) : null;
        if (fill == null && stroke == null) return; // nothing to see (a transparent hit area)
        double inset = stroke == null ? 0 : s.getStrokeType() == StrokeType.INSIDE ? s.getStrokeWidth() / 2
                : s.getStrokeType() == StrokeType.OUTSIDE ? -s.getStrokeWidth() / 2 : 0;
        List<String> a = new ArrayList<>();
        String tag = geometry(s, inset, a);
        if (tag == null) return;
        a.addAll(Arrays.asList("id", id, "class", cls, "transform", transform, "opacity", opacity, "clip-path", clip));
        a.addAll(Arrays.asList("fill", fill == null ? "none" : fill, "fill-opacity", fill == null ? null : SvgDocument.opacity(s.getFill())));
        if (stroke != null) {
            a.addAll(Arrays.asList("stroke", stroke, "stroke-opacity", SvgDocument.opacity(s.getStroke()), "stroke-width", n(s.getStrokeWidth()),
                    "stroke-dasharray", dashes(s.getStrokeDashArray()),
                    "stroke-dashoffset", s.getStrokeDashOffset() == 0 ? null : n(s.getStrokeDashOffset()),
                    // JavaFX shapes default to square caps and a miter limit of 10; SVG to butt and 4.
                    "stroke-linecap", s.getStrokeLineCap() == StrokeLineCap.BUTT ? null : s.getStrokeLineCap().name().toLowerCase(Locale.ROOT),
                    "stroke-linejoin", s.getStrokeLineJoin() == StrokeLineJoin.MITER ? null : s.getStrokeLineJoin().name().toLowerCase(Locale.ROOT),
                    "stroke-miterlimit", s.getStrokeLineJoin() == StrokeLineJoin.MITER ? n(s.getStrokeMiterLimit()) : null));
        }
        svg.element(tag, a.toArray(String[]::new));
    }

    /** Adds the shape's geometry attributes and returns its SVG element name; null for shapes not drawn. */
    private static String geometry(Shape s, double inset, List<String> a) {
        if (s instanceof Rectangle r) {
            a.addAll(Arrays.asList("x", n(r.getX() + inset), "y", n(r.getY() + inset), "width", n(Math.max(0, r.getWidth() - 2 * inset)),
                    "height", n(Math.max(0, r.getHeight() - 2 * inset))));
            if (r.getArcWidth() > 0 && r.getArcHeight() > 0) {
                a.addAll(Arrays.asList("rx", n(r.getArcWidth() / 2), "ry", n(r.getArcHeight() / 2)));
            }
            return "rect";
        }
        if (s instanceof Circle c) {
            a.addAll(Arrays.asList("cx", n(c.getCenterX()), "cy", n(c.getCenterY()), "r", n(Math.max(0, c.getRadius() - inset))));
            return "circle";
        }
        if (s instanceof Ellipse e) {
            a.addAll(Arrays.asList("cx", n(e.getCenterX()), "cy", n(e.getCenterY()), "rx", n(Math.max(0, e.getRadiusX() - inset)),
                    "ry", n(Math.max(0, e.getRadiusY() - inset))));
            return "ellipse";
        }
        if (s instanceof Line l) {
            a.addAll(Arrays.asList("x1", n(l.getStartX()), "y1", n(l.getStartY()), "x2", n(l.getEndX()), "y2", n(l.getEndY())));
            return "line";
        }
        if (s instanceof Polyline p) {
            if (p.getPoints().size() < 4) return null;
            a.addAll(Arrays.asList("points", points(p.getPoints())));
            return "polyline";
        }
        if (s instanceof Polygon p) {
            if (p.getPoints().size() < 4) return null;
            a.addAll(Arrays.asList("points", points(p.getPoints())));
            return "polygon";
        }
        if (s instanceof CubicCurve c) {
            a.addAll(Arrays.asList("d", "M" + n(c.getStartX()) + "," + n(c.getStartY()) + " C" + n(c.getControlX1()) + "," + n(c.getControlY1())
                    + " " + n(c.getControlX2()) + "," + n(c.getControlY2()) + " " + n(c.getEndX()) + "," + n(c.getEndY())));
            return "path";
        }
        if (s instanceof QuadCurve q) {
            a.addAll(Arrays.asList("d", "M" + n(q.getStartX()) + "," + n(q.getStartY()) + " Q" + n(q.getControlX()) + "," + n(q.getControlY())
                    + " " + n(q.getEndX()) + "," + n(q.getEndY())));
            return "path";
        }
        if (s instanceof Path p) {
            a.addAll(Arrays.asList("d", pathData(p.getElements()), "fill-rule", p.getFillRule().name().equals("EVEN_ODD") ? "evenodd" : null));
            return "path";
        }
        if (s instanceof SVGPath p) {
            a.addAll(Arrays.asList("d", p.getContent(), "fill-rule", p.getFillRule().name().equals("EVEN_ODD") ? "evenodd" : null));
            return "path";
        }
        if (s instanceof Arc arc) {
            a.addAll(Arrays.asList("d", arcData(arc)));
            return "path";
        }
        return null;
    }

    private static String points(List<Double> pts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < pts.size(); i += 2) {
            if (i > 0) b.append(' ');
            b.append(n(pts.get(i))).append(',').append(n(pts.get(i + 1)));
        }
        return b.toString();
    }

    private static String pathData(List<PathElement> elements) {
        StringBuilder d = new StringBuilder();
        for (PathElement e : elements) {
            if (d.length() > 0) d.append(' ');
            String cmd;
            if (e instanceof MoveTo m) cmd = "M" + n(m.getX()) + "," + n(m.getY());
            else if (e instanceof LineTo l) cmd = "L" + n(l.getX()) + "," + n(l.getY());
            else if (e instanceof HLineTo h) cmd = "H" + n(h.getX());
            else if (e instanceof VLineTo v) cmd = "V" + n(v.getY());
            else if (e instanceof CubicCurveTo c) cmd = "C" + n(c.getControlX1()) + "," + n(c.getControlY1()) + " " + n(c.getControlX2())
                    + "," + n(c.getControlY2()) + " " + n(c.getX()) + "," + n(c.getY());
            else if (e instanceof QuadCurveTo q) cmd = "Q" + n(q.getControlX()) + "," + n(q.getControlY()) + " " + n(q.getX()) + "," + n(q.getY());
            else if (e instanceof ArcTo a) cmd = "A" + n(a.getRadiusX()) + "," + n(a.getRadiusY()) + " " + n(a.getXAxisRotation()) + " "
                    + (a.isLargeArcFlag() ? 1 : 0) + " " + (a.isSweepFlag() ? 1 : 0) + " " + n(a.getX()) + "," + n(a.getY());
            else if (e instanceof ClosePath) cmd = "Z";
            else continue;
            // JavaFX elements may be relative; SVG's lower-case commands are.
            if (!e.isAbsolute() && !(e instanceof ClosePath)) cmd = Character.toLowerCase(cmd.charAt(0)) + cmd.substring(1);
            d.append(cmd);
        }
        return d.toString();
    }

    private static String arcData(Arc arc) {
        double start = Math.toRadians(-arc.getStartAngle()), sweep = Math.toRadians(-arc.getLength());
        double cx = arc.getCenterX(), cy = arc.getCenterY(), rx = arc.getRadiusX(), ry = arc.getRadiusY();
        double x1 = cx + rx * Math.cos(start), y1 = cy + ry * Math.sin(start);
        double x2 = cx + rx * Math.cos(start + sweep), y2 = cy + ry * Math.sin(start + sweep);
        String large = Math.abs(arc.getLength()) > 180 ? "1" : "0", sweepFlag = arc.getLength() > 0 ? "0" : "1";
        String d = "M" + n(x1) + "," + n(y1) + " A" + n(rx) + "," + n(ry) + " 0 " + large + " " + sweepFlag + " " + n(x2) + "," + n(y2);
        return switch (arc.getType()) {
            case ROUND -> d + " L" + n(cx) + "," + n(cy) + " Z";
            case CHORD -> d + " Z";
            default -> d;
        };
    }

    // ---- text ----

    /**
     * Text as text: one {@code <text>} per line, at the line's start and baseline as JavaFX laid
     * it out (wrapped lines found from the caret positions), in the node's font and colour.
     */
    private void text(Text t, String transform, String opacity, String clip, String cls, String id) {
        String s = t.getText();
        String fill = SvgDocument.colour(t.getFill());
        if (s == null || s.isEmpty() || fill == null) return;
        Bounds lb = t.getLayoutBounds();
        double firstBaseline = lb.getMinY() + t.getBaselineOffset();
        List<String> font = Arrays.asList("font-family", SvgDocument.fontFamily(t.getFont()), "font-size", n(t.getFont().getSize()));
        List<String> style = new ArrayList<>(font);
        style.addAll(Arrays.asList("font-weight", SvgDocument.fontWeight(t.getFont()), "font-style", SvgDocument.fontStyle(t.getFont()),
                "fill", fill, "fill-opacity", SvgDocument.opacity(t.getFill()),
                "text-decoration", t.isUnderline() ? "underline" : t.isStrikethrough() ? "line-through" : null));
        List<double[]> starts = new ArrayList<>();   // {index, x, top}
        List<String> lines = lines(t, starts);
        if (lines.size() == 1) {
            // A turned title (a y axis's) is centred on its place: a viewer's fallback font of
            // another width then spills over both ends a little, not over one end a lot.
            boolean turned = Math.abs(t.getLocalToParentTransform().getMxy()) > 1e-9;
            double x = turned ? lb.getMinX() + lb.getWidth() / 2 : lb.getMinX();
            List<String> a = new ArrayList<>(Arrays.asList("id", id, "class", cls, "x", n(x), "y", n(firstBaseline),
                    "text-anchor", turned ? "middle" : null, "transform", transform, "opacity", opacity, "clip-path", clip));
            a.addAll(style);
            svg.textElement("text", s, a.toArray(String[]::new));
            return;
        }
        List<String> g = new ArrayList<>(Arrays.asList("id", id, "class", cls, "transform", transform, "opacity", opacity, "clip-path", clip));
        g.addAll(style);
        svg.open("g", g.toArray(String[]::new));
        double ascent = firstBaseline - starts.get(0)[2];
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            svg.textElement("text", lines.get(i), "x", n(starts.get(i)[1]), "y", n(starts.get(i)[2] + ascent));
        }
        svg.close("g");
    }

    /** The text's lines as laid out, and where each starts ({index, x, top}). */
    private static List<String> lines(Text t, List<double[]> starts) {
        String s = t.getText();
        List<String> lines = new ArrayList<>();
        if (s.indexOf('\n') < 0 && t.getWrappingWidth() <= 0) {
            lines.add(s);
            starts.add(new double[] {0, t.getLayoutBounds().getMinX(), t.getLayoutBounds().getMinY()});
            return lines;
        }
        double top = Double.NaN;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            PathElement[] caret = t.caretShape(i, true);
            if (caret.length == 0 || !(caret[0] instanceof MoveTo m)) continue;
            if (Double.isNaN(top) || Math.abs(m.getY() - top) > 0.5) {
                if (!Double.isNaN(top)) lines.add(stripEnd(s.substring(from, i)));
                from = i;
                top = m.getY();
                starts.add(new double[] {i, m.getX(), m.getY()});
            }
        }
        lines.add(stripEnd(s.substring(from)));
        return lines;
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r' || s.charAt(end - 1) == ' ')) end--;
        return s.substring(0, end);
    }

    // ---- what has no vectors ----

    /** A canvas without a painter or an image: its pixels, at twice the size for sharpness. */
    private void raster(Node n) {
        Bounds b = n.getLayoutBounds();
        if (b.getWidth() < 1 || b.getHeight() < 1) return;
        PixelImage image;
        try {
            image = PixelImage.snapshot(new Picture(n, b, null), 2);
        } catch (ExportFailure tooLarge) {
            return; // a canvas larger than any picture: leave it out rather than fail the drawing
        }
        String data = Base64.getEncoder().encodeToString(image.png(2));
        svg.element("image", "x", n(b.getMinX()), "y", n(b.getMinY()), "width", n(b.getWidth()), "height", n(b.getHeight()),
                "preserveAspectRatio", "none", "xlink:href", "data:image/png;base64," + data);
    }

    private String clip(Node clip) {
        Bounds b = clip.getBoundsInParent();
        return svg.rectangleClip(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }

    // ---- formats ----

    /** An SVG transform for a JavaFX one; null for the identity. */
    static String matrix(Transform t) {
        if (t.isIdentity()) return null;
        if (t.getMxx() == 1 && t.getMyy() == 1 && t.getMxy() == 0 && t.getMyx() == 0) {
            return "translate(" + n(t.getTx()) + "," + n(t.getTy()) + ")";
        }
        return "matrix(" + n6(t.getMxx()) + " " + n6(t.getMyx()) + " " + n6(t.getMxy()) + " " + n6(t.getMyy()) + " "
                + n(t.getTx()) + " " + n(t.getTy()) + ")";
    }

    private static String n6(double v) {
        if (Math.abs(v) < 1e-9) return "0";
        String s = String.format(Locale.ROOT, "%.6f", v);
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    private static String dashes(List<Double> d) {
        if (d == null || d.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        for (Double v : d) {
            if (b.length() > 0) b.append(' ');
            b.append(n(v));
        }
        return b.toString();
    }

    private static String n(double v) {
        return SvgDocument.num(v);
    }
}
