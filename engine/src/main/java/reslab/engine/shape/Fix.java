package reslab.engine.shape;

import java.util.List;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.ShortcutOption;

/**
 * One way to repair a {@link Diagnostic}: the edits to make and what they cost, so the
 * dimension-matching assistant can list the choices side by side and apply the chosen one.
 *
 * @param code           stable key for the UI's translations, e.g. "insert-flatten", "shortcut-b"
 * @param description    English text for logs and the CLI
 * @param shortcutOption the ResNet option (A, B, C) this fix is, or null when it is not a shortcut
 * @param edits          the changes, applied in order by {@link NetworkEdits#apply}
 * @param params         what the choice costs in trainable parameters once applied: the nodes the
 *                       fix inserts or reconfigures, plus the repaired node when its own size
 *                       depends on the choice (option B: the 1x1 projection and its BN; a Flatten
 *                       before a Dense: the Dense's weights, which a GlobalAvgPool would shrink).
 *                       A gate's k is the same under every option and not included.
 * @param multiplyAdds   multiply-adds per example of those same nodes
 */
public record Fix(String code, String description, ShortcutOption shortcutOption, List<GraphEdit> edits,
                  long params, long multiplyAdds) {
    public Fix {
        edits = List.copyOf(edits);
    }

    public static Fix of(String code, String description, List<GraphEdit> edits, long params, long multiplyAdds) {
        return new Fix(code, description, null, edits, params, multiplyAdds);
    }

    /** The design with this fix applied. */
    public NetworkSpec applyTo(NetworkSpec spec) {
        return NetworkEdits.apply(spec, edits);
    }

    @Override
    public String toString() {
        return description;
    }
}
