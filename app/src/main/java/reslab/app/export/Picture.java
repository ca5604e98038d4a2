package reslab.app.export;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import reslab.app.builder.NetworkCanvas;
import reslab.app.builder.NetworkCanvasSkin;

/**
 * What a picture export draws: a node, the part of it to show (in the node's own coordinates)
 * and the colour behind it. A chart shows its whole box; a network canvas shows the whole
 * network, not just the part scrolled into view, at zoom 1.
 */
public record Picture(Node root, Bounds region, Color background) {
    /** Room around a network, so its outer wires and cards are not cut at the edge. */
    static final double NETWORK_MARGIN = 24;

    /** The picture of a chart, canvas or panel as it is laid out now. Call on the FX thread. */
    public static Picture of(Region shown) {
        shown.applyCss();
        if (shown instanceof NetworkCanvas canvas && canvas.getSkin() instanceof NetworkCanvasSkin skin) {
            Node drawing = skin.drawing();
            Bounds b = drawing.getBoundsInLocal();
            if (b.isEmpty()) b = new BoundingBox(0, 0, 1, 1);
            Bounds padded = new BoundingBox(Math.floor(b.getMinX() - NETWORK_MARGIN), Math.floor(b.getMinY() - NETWORK_MARGIN),
                    Math.ceil(b.getWidth() + 2 * NETWORK_MARGIN), Math.ceil(b.getHeight() + 2 * NETWORK_MARGIN));
            return new Picture(drawing, padded, backgroundBehind(drawing));
        }
        return new Picture(shown, new BoundingBox(0, 0, Math.ceil(shown.getWidth()), Math.ceil(shown.getHeight())),
                backgroundBehind(shown));
    }

    /** The first solid background of the node or a parent (the panel it sits on), else white. */
    static Color backgroundBehind(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof Region r && r.getBackground() != null) {
                for (int i = r.getBackground().getFills().size() - 1; i >= 0; i--) {
                    BackgroundFill f = r.getBackground().getFills().get(i);
                    if (f.getFill() instanceof Color c && c.getOpacity() == 1) return c;
                }
            }
        }
        return Color.WHITE;
    }

    /** Width and height in pixels at {@code scale}. */
    int pixelWidth(double scale) {
        return (int) Math.ceil(region.getWidth() * scale);
    }

    int pixelHeight(double scale) {
        return (int) Math.ceil(region.getHeight() * scale);
    }
}
