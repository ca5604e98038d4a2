package reslab.app.export;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;

/**
 * An SVG file being written: elements in drawing order, definitions (clip paths) and the
 * attribute formats they share (numbers with at most three decimals, colours as #rrggbb plus
 * an opacity, fonts as a family list that reaches a CJK face, text escaped for XML).
 */
final class SvgDocument {
    /** Tried in order by whatever draws the file; the bundled face first, then common CJK faces. */
    static final String FONT_FALLBACKS =
            "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

    private final StringBuilder body = new StringBuilder(1 << 16);
    private final StringBuilder defs = new StringBuilder();
    private final Set<String> ids = new HashSet<>();
    private int depth = 1;
    private int nextDef;

    /** Starts an element and leaves it open; {@code attributes} are name, value pairs (null values skipped). */
    void open(String tag, String... attributes) {
        indent();
        body.append('<').append(tag);
        attributes(attributes);
        body.append(">\n");
        depth++;
    }

    void close(String tag) {
        depth--;
        indent();
        body.append("</").append(tag).append(">\n");
    }

    void element(String tag, String... attributes) {
        indent();
        body.append('<').append(tag);
        attributes(attributes);
        body.append("/>\n");
    }

    /** An element with text content, e.g. {@code <text>}. */
    void textElement(String tag, String text, String... attributes) {
        indent();
        body.append('<').append(tag);
        attributes(attributes);
        body.append('>').append(escape(text)).append("</").append(tag).append(">\n");
    }

    /** A clip path made of one rectangle, in the user space of the element that uses it; returns its url. */
    String rectangleClip(double x, double y, double w, double h) {
        String id = "clip" + nextDef++;
        defs.append("    <clipPath id=\"").append(id).append("\"><rect x=\"").append(num(x)).append("\" y=\"")
                .append(num(y)).append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h))
                .append("\"/></clipPath>\n");
        return "url(#" + id + ")";
    }

    /** The id if no element has it yet, else null (an SVG id must be unique; a scene's need not be). */
    String uniqueId(String id) {
        if (id == null || id.isEmpty()) return null;
        String clean = id.replaceAll("[^A-Za-z0-9_.:-]", "_");
        if (!Character.isLetter(clean.charAt(0)) && clean.charAt(0) != '_') clean = "_" + clean;
        return ids.add(clean) ? clean : null;
    }

    /** The whole file: {@code region} (in the drawing's coordinates) becomes the picture, painted on {@code background}. */
    String finish(Bounds region, Color background) {
        StringBuilder out = new StringBuilder(body.length() + defs.length() + 512);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"").append(num(region.getWidth()))
                .append("\" height=\"").append(num(region.getHeight())).append("\" viewBox=\"").append(num(region.getMinX()))
                .append(' ').append(num(region.getMinY())).append(' ').append(num(region.getWidth())).append(' ')
                .append(num(region.getHeight())).append("\" xml:space=\"preserve\" font-family=\"")
                .append(escape(FONT_FALLBACKS)).append("\">\n");
        if (defs.length() > 0) out.append("  <defs>\n").append(defs).append("  </defs>\n");
        if (background != null && background.getOpacity() > 0) {
            out.append("  <rect x=\"").append(num(region.getMinX())).append("\" y=\"").append(num(region.getMinY()))
                    .append("\" width=\"").append(num(region.getWidth())).append("\" height=\"").append(num(region.getHeight()))
                    .append("\" fill=\"").append(colour(background)).append('"');
            if (background.getOpacity() < 1) out.append(" fill-opacity=\"").append(num(background.getOpacity())).append('"');
            out.append("/>\n");
        }
        out.append(body);
        out.append("</svg>\n");
        return out.toString();
    }

    private void attributes(String[] attributes) {
        if (attributes.length % 2 != 0) throw new IllegalArgumentException("attributes come in name, value pairs");
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) continue;
            body.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
    }

    private void indent() {
        for (int i = 0; i < depth; i++) body.append("  ");
    }

    // ---- formats ----

    static String num(double v) {
        if (Math.abs(v - Math.rint(v)) < 5e-4) return Long.toString(Math.round(v));
        String s = String.format(Locale.ROOT, "%.3f", v);
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    /** A paint as an SVG colour; null for no paint or one that cannot be seen. */
    static String colour(Paint p) {
        Color c = solid(p);
        if (c == null || c.getOpacity() == 0) return null;
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    /** The opacity of a paint, or null when it is opaque. */
    static String opacity(Paint p) {
        Color c = solid(p);
        return c == null || c.getOpacity() >= 1 ? null : num(c.getOpacity());
    }

    /** A colour for the paint: itself, a gradient's first stop (the views use no gradients), or null. */
    static Color solid(Paint p) {
        if (p instanceof Color c) return c;
        if (p instanceof javafx.scene.paint.LinearGradient g && !g.getStops().isEmpty()) return g.getStops().get(0).getColor();
        if (p instanceof javafx.scene.paint.RadialGradient g && !g.getStops().isEmpty()) return g.getStops().get(0).getColor();
        return null;
    }

    /** font-family: the font's own family first unless it is JavaFX's logical "System", then the fallbacks. */
    static String fontFamily(Font f) {
        String family = f.getFamily();
        if (family == null || family.isEmpty() || family.equalsIgnoreCase("System") || FONT_FALLBACKS.contains("'" + family + "'")) {
            return FONT_FALLBACKS;
        }
        return "'" + family.replace("'", "") + "', " + FONT_FALLBACKS;
    }

    /** font-weight from the face's style name ("Bold", "Black", "Light", ...); null for regular. */
    static String fontWeight(Font f) {
        String style = f.getStyle() == null ? "" : f.getStyle().toLowerCase(Locale.ROOT);
        if (style.contains("black") || style.contains("heavy")) return "900";
        if (style.contains("extrabold") || style.contains("extra bold")) return "800";
        if (style.contains("semibold") || style.contains("semi bold") || style.contains("demibold")) return "600";
        if (style.contains("bold")) return "bold";
        if (style.contains("medium")) return "500";
        if (style.contains("light") || style.contains("thin")) return "300";
        return null;
    }

    static String fontStyle(Font f) {
        String style = f.getStyle() == null ? "" : f.getStyle().toLowerCase(Locale.ROOT);
        return style.contains("italic") || style.contains("oblique") ? "italic" : null;
    }

    /** XML text: markup characters escaped, characters XML 1.0 cannot hold dropped. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
