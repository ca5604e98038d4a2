package reslab.app.builder;

import java.util.List;
import reslab.app.i18n.Messages;
import reslab.engine.shape.Diagnostic;

/** A node's diagnostics in the UI's language: the bundle's text per code, else the engine's English. */
public final class DiagnosticText {
    private DiagnosticText() {}

    public static String describe(Diagnostic d, Messages m) {
        String key = "diag." + d.code();
        String pattern = m.getOr(key, null);
        if (pattern == null) return d.message();
        try {
            return m.format(key, d.args().toArray());
        } catch (IllegalArgumentException e) {
            return d.message();
        }
    }

    public static String describe(List<Diagnostic> ds, Messages m) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : ds) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(describe(d, m));
        }
        return sb.toString();
    }
}
