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
        // Diagnostics are only translated: English shows the engine's own sentences.
        missingInEn.removeIf(k -> k.startsWith("diag."));
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

    /**
     * MessageFormat reads a single apostrophe as the start of quoted text: in a message with
     * placeholders, "σ'(z) = {0}" would print "{0}" itself. Formatting every such message must
     * fill every placeholder.
     */
    @Test
    void formattedMessagesFillEveryPlaceholder() throws IOException {
        Object[] args = {"A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9"};
        for (String file : new String[] {"messages.properties", "messages_zh_CN.properties"}) {
            Properties p = load(file);
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                if (!v.matches("(?s).*\\{\\d+}.*")) continue;
                String out = new java.text.MessageFormat(v).format(args);
                assertFalse(out.matches("(?s).*\\{\\d+}.*"), file + " " + key + " leaves a placeholder: " + out);
            }
        }
    }

    /**
     * Each Chinese diagnostic uses only arguments the engine gives for that code: made from
     * real designs with every diagnostic kind, the translation never prints a raw "{n}".
     */
    @Test
    void chineseDiagnosticsFillEveryPlaceholder() {
        Messages zh = new Messages(Language.SIMPLIFIED_CHINESE);
        var designs = java.util.List.of(reslab.app.TestDesigns.mismatchedResidual().network(), reslab.app.TestDesigns.manyProblems());
        java.util.Set<String> codes = new java.util.TreeSet<>();
        for (var spec : designs) {
            for (var d : reslab.engine.shape.ShapeInference.analyze(spec).diagnostics()) {
                var layer = spec.node(d.nodeId()).map(reslab.engine.spec.NodeSpec::layer).orElse(null);
                String text = reslab.app.builder.DiagnosticText.describe(d, layer, zh);
                codes.add(d.code());
                assertFalse(text.matches(".*\\{\\d}.*"), text);
                assertTrue(text.chars().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF), "Chinese: " + text);
            }
        }
        assertTrue(codes.containsAll(java.util.List.of("add-mismatch", "window-too-large", "bad-rank", "unconnected-input",
                "unknown-input", "unconnected-output")), "covered: " + codes);
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
