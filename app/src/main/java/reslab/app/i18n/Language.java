package reslab.app.i18n;

import java.util.Locale;

/** The languages the UI ships in. Each names itself in its own language in the switcher. */
public enum Language {
    ENGLISH(Locale.ENGLISH, "English"),
    SIMPLIFIED_CHINESE(Locale.SIMPLIFIED_CHINESE, "简体中文");

    private final Locale locale;
    private final String nativeName;

    Language(Locale locale, String nativeName) {
        this.locale = locale;
        this.nativeName = nativeName;
    }

    public Locale locale() {
        return locale;
    }

    public String nativeName() {
        return nativeName;
    }

    /** Chinese for a Chinese system locale, English otherwise. */
    public static Language forLocale(Locale l) {
        return l.getLanguage().equals("zh") ? SIMPLIFIED_CHINESE : ENGLISH;
    }

    public static Language fromTag(String tag, Language fallback) {
        for (Language lang : values()) if (lang.locale.toLanguageTag().equalsIgnoreCase(tag)) return lang;
        return fallback;
    }

    @Override
    public String toString() {
        return nativeName;
    }
}
