package reslab.app.builder;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reslab.app.i18n.Messages;
import reslab.engine.zoo.Template;

/**
 * A template's title and teaching hint in the UI's language: the bundle's own text for the
 * template if it has one, else its family's text filled with the depth ("ResNet-56"), else
 * the engine's English.
 */
public final class TemplateText {
    private static final Pattern FAMILY = Pattern.compile("(chain-sigmoid|chain-tanh|chain-relu|chain-leakyrelu|resnet|plain|gated-resnet-mlp|gated-mlp|vgg)-?(\\d+)(-residual)?");

    private TemplateText() {}

    public static String title(Template t, Messages m) {
        return text(t, m, "title", t.title());
    }

    public static String hint(Template t, Messages m) {
        return text(t, m, "hint", t.description());
    }

    private static String text(Template t, Messages m, String part, String fallback) {
        String own = m.getOr("template." + t.id() + "." + part, null);
        if (own != null) return own;
        Matcher f = FAMILY.matcher(t.id());
        if (f.matches()) {
            String family = f.group(1) + (f.group(3) != null ? "-residual" : "");
            int depth = Integer.parseInt(f.group(2));
            if (family.equals("resnet") || family.equals("plain")) family += depth == 18 || depth == 34 ? "-imagenet" : "-cifar";
            String key = "template.family." + family + "." + part;
            if (m.getOr(key, null) != null) return m.format(key, depth);
        }
        return fallback;
    }
}
