package reslab.app.design;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import reslab.engine.spec.LayerSpec;

/** Fresh, readable node ids: "conv3", "add2". */
public final class NodeIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,63}");

    private NodeIds() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** The stem for a layer kind: "conv2d" for Conv2D, "shortcut_a" for Shortcut A. */
    public static String stem(LayerSpec layer) {
        String k = layer.kind().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return k.endsWith("_") ? k.substring(0, k.length() - 1) : k;
    }

    /** stem + the smallest number >= 1 not taken. */
    public static String fresh(String stem, Set<String> taken) {
        for (int i = 1; ; i++) {
            String id = stem + i;
            if (!taken.contains(id)) return id;
        }
    }
}
