package reslab.app.i18n;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The UI strings of one language (bundle reslab/app/i18n/messages, UTF-8 properties). */
public final class Messages {
    public static final String BUNDLE = "reslab.app.i18n.messages";

    private final Language language;
    private final ResourceBundle bundle;

    public Messages(Language language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle(BUNDLE, language.locale(), ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Language language() {
        return language;
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    /** The string for {@code key}, or {@code fallback} when the bundle has none. */
    public String getOr(String key, String fallback) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return fallback;
        }
    }

    public String format(String key, Object... args) {
        return new MessageFormat(get(key), language.locale()).format(args);
    }
}
