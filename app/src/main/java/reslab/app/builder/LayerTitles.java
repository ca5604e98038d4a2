package reslab.app.builder;

import reslab.app.i18n.Messages;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * How a layer is named on the canvas and in command names: the kind in the UI's language and
 * its defining numbers, e.g. "Conv 3×3, 64" / "卷积 3×3，64".
 */
public final class LayerTitles {
    private LayerTitles() {}

    public static String kindName(LayerSpec s, Messages m) {
        return m.getOr("layer." + kindKey(s), s.kind());
    }

    /** Stable key of a layer kind: "conv2d", "shortcut_a", ... */
    public static String kindKey(LayerSpec s) {
        return s.kind().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("_$", "");
    }

    public static String title(LayerSpec s, Messages m) {
        String k = kindName(s, m);
        String sep = m.getOr("title.separator", ", ");
        if (s instanceof InputSpec in) return k + " " + in.shape();
        if (s instanceof DenseSpec d) return k + " " + d.units();
        if (s instanceof Conv2DSpec c) return k + " " + c.kernelH() + "×" + c.kernelW() + sep + c.filters();
        if (s instanceof MaxPoolSpec p) return k + " " + p.kernelH() + "×" + p.kernelW();
        if (s instanceof AvgPoolSpec p) return k + " " + p.kernelH() + "×" + p.kernelW();
        if (s instanceof DropoutSpec d) return k + " " + trim(d.rate());
        if (s instanceof LeakyReluSpec l) return k + " " + trim(l.alpha());
        if (s instanceof ZeroPadShortcutSpec z) return k + " → " + z.outChannels();
        if (s instanceof ProjectionShortcutSpec p) return k + " → " + p.outChannels();
        if (s instanceof GateSpec g) return k + " (" + m.getOr("gate." + g.gateKind().name().toLowerCase(java.util.Locale.ROOT),
                g.gateKind().name().toLowerCase(java.util.Locale.ROOT)) + ")";
        return k;
    }

    /** The second line: strides, padding and the like; empty when there is nothing to say. */
    public static String details(LayerSpec s, Messages m) {
        String stride = m.getOr("title.stride", "stride");
        String pad = m.getOr("title.padding", "pad");
        if (s instanceof Conv2DSpec c) return stride + " " + strides(c.strideH(), c.strideW()) + " · " + pad + " " + padding(c.padding(), m)
                + (c.bias() ? "" : " · " + m.getOr("title.noBias", "no bias"));
        if (s instanceof MaxPoolSpec p) return stride + " " + strides(p.strideH(), p.strideW()) + " · " + pad + " " + padding(p.padding(), m);
        if (s instanceof AvgPoolSpec p) return stride + " " + strides(p.strideH(), p.strideW()) + " · " + pad + " " + padding(p.padding(), m);
        if (s instanceof ZeroPadShortcutSpec z) return z.stride() == 1 ? m.getOr("title.zeroPad", "zero-pad") : stride + " " + z.stride() + " · " + m.getOr("title.zeroPad", "zero-pad");
        if (s instanceof ProjectionShortcutSpec p) return "1×1 · " + stride + " " + p.stride() + (p.batchNorm() ? " · BN" : "");
        if (s instanceof BatchNormSpec) return "";
        return "";
    }

    private static String strides(int h, int w) {
        return h == w ? Integer.toString(h) : h + "×" + w;
    }

    private static String padding(Padding p, Messages m) {
        return switch (p.mode()) {
            case SAME -> m.getOr("padding.same", "same");
            case VALID -> m.getOr("padding.valid", "valid");
            case EXPLICIT -> p.toString();
        };
    }

    private static String trim(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** 11,689,512 → "11.7 M"; 416,520 → "417 k"; small numbers as they are. */
    public static String compact(long n) {
        if (n < 10_000) return String.format(java.util.Locale.ROOT, "%,d", n);
        if (n < 1_000_000) return String.format(java.util.Locale.ROOT, "%.0f k", n / 1e3);
        if (n < 1_000_000_000) return String.format(java.util.Locale.ROOT, n < 10_000_000 ? "%.2f M" : "%.1f M", n / 1e6);
        return String.format(java.util.Locale.ROOT, "%.2f G", n / 1e9);
    }
}
