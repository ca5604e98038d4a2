package reslab.app.builder;

import java.util.List;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;
import reslab.engine.shape.Diagnostic;
import reslab.engine.spec.LayerSpec;

/**
 * A node's diagnostics in the UI's language. English uses the engine's own sentences (they
 * name nodes and shapes in detail); other languages look up "diag.CODE.KIND" (the same code
 * can mean different things for different layers) and then "diag.CODE", filled with the
 * diagnostic's arguments.
 */
public final class DiagnosticText {
    private DiagnosticText() {}

    public static String describe(Diagnostic d, LayerSpec layer, Messages m) {
        if (m.language() == Language.ENGLISH) return d.message();
        String kindKey = layer == null ? null : "diag." + d.code() + "." + LayerTitles.kindKey(layer);
        String key = kindKey != null && m.getOr(kindKey, null) != null ? kindKey : "diag." + d.code();
        if (m.getOr(key, null) == null) return d.message();
        try {
            return m.format(key, d.args().toArray());
        } catch (IllegalArgumentException e) {
            return d.message();
        }
    }

    public static String describe(List<Diagnostic> ds, LayerSpec layer, Messages m) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : ds) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(describe(d, layer, m));
        }
        return sb.toString();
    }
}
