package reslab.app.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/reslab/app/i18n/" + file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothLanguagesHaveExactlyTheSameKeys() throws IOException {
        Set<String> en = new TreeSet<>(load("messages.properties").stringPropertyNames());
        Set<String> zh = new TreeSet<>(load("messages_zh_CN.properties").stringPropertyNames());
        Set<String> missingInZh = new TreeSet<>(en);
        missingInZh.removeAll(zh);
        Set<String> missingInEn = new TreeSet<>(zh);
        missingInEn.removeAll(en);
        assertTrue(missingInZh.isEmpty(), "missing in Chinese: " + missingInZh);
        assertTrue(missingInEn.isEmpty(), "missing in English: " + missingInEn);
    }

    @Test
    void translationsKeepEveryPlaceholder() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        Pattern placeholder = Pattern.compile("\\{\\d+}");
        for (String key : en.stringPropertyNames()) {
            assertEquals(placeholders(placeholder, en.getProperty(key)), placeholders(placeholder, zh.getProperty(key)),
                    "placeholders of " + key);
        }
    }

    @Test
    void everyPaletteItemAndGroupHasANameInBothLanguages() {
        for (Language lang : Language.values()) {
            Messages m = new Messages(lang);
            for (reslab.app.builder.PaletteCatalog.Item item : reslab.app.builder.PaletteCatalog.ITEMS) {
                assertTrue(m.getOr("palette.item." + item.id(), null) != null, lang + " palette.item." + item.id());
            }
            for (reslab.app.builder.LayerCategory c : reslab.app.builder.LayerCategory.values()) {
                assertTrue(m.getOr(c.messageKey(), null) != null, lang + " " + c.messageKey());
            }
        }
    }

    @Test
    void chineseBundleIsReallyChinese() {
        Messages zh = new Messages(Language.SIMPLIFIED_CHINESE);
        assertEquals("训练", zh.get("toolbar.play"));
        assertTrue(zh.get("metric.delta").contains("反向传播"));
        assertFalse(zh.get("app.title").contains("visualized"));
    }

    @Test
    void formatFillsPlaceholders() {
        Messages en = new Messages(Language.ENGLISH);
        assertEquals("Layer 1 gets 9.9 × 10⁻¹³ times the gradient of layer 20",
                en.format("depth.ratio", "9.9 × 10⁻¹³", 20));
    }

    private static Set<String> placeholders(Pattern p, String s) {
        Set<String> found = new TreeSet<>();
        Matcher m = p.matcher(s);
        while (m.find()) found.add(m.group());
        return found;
    }
}
