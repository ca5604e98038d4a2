package reslab.app;

import java.util.List;
import java.util.Optional;
import reslab.app.i18n.Language;

/**
 * Command-line options of the app, for a classroom shortcut that opens straight into a
 * network: {@code --template resnet20}, {@code --language zh-CN}. Unknown options are ignored.
 */
public record StartOptions(Optional<String> template, Optional<Language> language) {
    public static StartOptions parse(List<String> args) {
        Optional<String> template = Optional.empty();
        Optional<Language> language = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.size() ? args.get(i + 1) : null;
            if (a.startsWith("--template") && value != null) template = Optional.of(value);
            if (a.startsWith("--language") && value != null) language = Optional.of(Language.fromTag(value, Language.ENGLISH));
        }
        return new StartOptions(template, language);
    }
}
