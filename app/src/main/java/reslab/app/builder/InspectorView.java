package reslab.app.builder;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import reslab.app.design.BuilderViewModel;
import reslab.app.i18n.Messages;
import reslab.engine.io.ProjectDocument;
import reslab.engine.shape.Diagnostic;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;

/**
 * The inspector: every property of the selected layer, editable and validated as typed
 * (a bad value turns the field red and says why; Enter or leaving the field applies a good
 * one as one undoable command), the node's shape and costs, its problems, and a short
 * explanation of the property being edited.
 */
public final class InspectorView extends VBox {
    private final BuilderViewModel vm;
    private final Messages m;
    private final Label help = new Label();
    private final Label error = new Label();
    private VBox problems;

    public InspectorView(BuilderViewModel vm, Messages messages) {
        super(10);
        this.vm = vm;
        this.m = messages;
        getStyleClass().add("inspector-content");
        help.getStyleClass().add("inspector-help");
        help.setWrapText(true);
        error.getStyleClass().add("inspector-error");
        error.setWrapText(true);
        for (Label l : List.of(help, error)) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
        }
        vm.selection().addListener((javafx.collections.SetChangeListener<String>) c -> rebuild());
        vm.analysisProperty().addListener((o, a, b) -> rebuild());
        rebuild();
    }

    /** Brings the selected node's problems into view (the assistant's entry point). */
    public void showFixes() {
        rebuild();
        if (problems != null) problems.requestFocus();
    }

    private void rebuild() {
        getChildren().clear();
        error.setText("");
        help.setText("");
        problems = null;
        Set<String> sel = vm.selection();
        Label heading = new Label();
        heading.getStyleClass().add("inspector-heading");
        if (sel.size() != 1) {
            heading.setText(sel.isEmpty() ? m.get("inspector.nothing") : m.format("inspector.many", sel.size()));
            Label hint = new Label(m.get("inspector.hint"));
            hint.setWrapText(true);
            hint.getStyleClass().add("inspector-help");
            getChildren().addAll(heading, hint);
            return;
        }
        String id = sel.iterator().next();
        ProjectDocument d = vm.document();
        NodeSpec node = d.network().node(id).orElse(null);
        if (node == null) return;
        NetworkAnalysis a = vm.analysis();
        heading.setText(LayerTitles.title(node.layer(), m));
        getChildren().add(heading);
        String about = m.getOr("layer.help." + LayerTitles.kindKey(node.layer()), null);
        if (about != null) {
            Label aboutLabel = new Label(about);
            aboutLabel.setWrapText(true);
            aboutLabel.getStyleClass().add("inspector-about");
            getChildren().add(aboutLabel);
        }
        getChildren().add(nameField(id));

        NodeInfo info = a.node(id).orElse(null);
        GridPane facts = new GridPane();
        facts.getStyleClass().add("inspector-facts");
        facts.setHgap(10);
        facts.setVgap(4);
        addFact(facts, 0, m.get("inspector.output"), info != null && info.valid() ? info.outputShape().toString() : "?");
        addFact(facts, 1, m.get("inspector.params"), info == null ? "0" : String.format(Locale.ROOT, "%,d", info.params()));
        addFact(facts, 2, m.get("inspector.macs"), info == null ? "0" : String.format(Locale.ROOT, "%,d", info.multiplyAdds()));
        getChildren().add(facts);
        // A broken node shows its problem and the fixes first: that is what the student needs now.
        List<Diagnostic> ds = a.diagnosticsByNode().getOrDefault(id, List.of());
        if (!ds.isEmpty()) {
            problems = new VBox(6);
            problems.getStyleClass().add("inspector-problems");
            Label title = new Label(m.get("inspector.problems"));
            title.getStyleClass().add("inspector-subheading");
            problems.getChildren().add(title);
            for (Diagnostic diag : ds) {
                Label l = new Label(DiagnosticText.describe(diag, node.layer(), m));
                l.setWrapText(true);
                l.getStyleClass().add("inspector-problem");
                problems.getChildren().add(l);
            }
            getChildren().add(problems);
            Node fixes = fixesSection(id, ds);
            if (fixes != null) getChildren().add(fixes);
        }

        GridPane props = new GridPane();
        props.getStyleClass().add("inspector-properties");
        props.setHgap(10);
        props.setVgap(6);
        int row = 0;
        for (LayerProperties.Property p : LayerProperties.of(node.layer())) {
            Label label = new Label(m.getOr("prop." + p.name(), p.name()));
            label.getStyleClass().add("inspector-label");
            // One line, as wide as the name needs: wrapped names ("Kernel / height") read badly.
            label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Control editor = editorFor(id, node.layer(), p);
            editor.setId("prop-" + p.name());
            editor.focusedProperty().addListener((o, was, now) -> {
                if (now) help.setText(m.getOr("prop." + p.name() + ".help", ""));
            });
            props.add(label, 0, row);
            props.add(editor, 1, row++);
        }
        if (row > 0) getChildren().add(props);
        getChildren().addAll(error, help);
        getChildren().add(outputSection(id, d));

    }

    /**
     * The dimension-matching assistant for a mismatched Add or Gate (options A, B, C with what
     * each changes in parameters and multiply-adds), and the other fixes the engine offers.
     */
    private Node fixesSection(String id, List<Diagnostic> ds) {
        VBox box = new VBox(8);
        box.getStyleClass().add("assistant");
        box.setId("assistant");
        List<reslab.app.design.ShortcutAssistant.Choice> choices =
                reslab.app.design.ShortcutAssistant.choices(vm.document().network(), id);
        if (!choices.isEmpty()) {
            Label title = new Label(m.get("assistant.title"));
            title.getStyleClass().add("inspector-subheading");
            Label intro = new Label(m.get("assistant.intro"));
            intro.setWrapText(true);
            intro.getStyleClass().add("inspector-help");
            box.getChildren().addAll(title, intro);
            for (reslab.app.design.ShortcutAssistant.Choice c : choices) {
                String letter = c.option().name().substring(0, 1);
                Button b = new Button();
                b.setId("fix-" + letter);
                b.getStyleClass().add("assistant-choice");
                b.setMaxWidth(Double.MAX_VALUE);
                b.setWrapText(true);
                b.setText(m.get("assistant.option." + letter) + "\n" + m.get("assistant.option." + letter + ".what") + "\n"
                        + m.format("assistant.cost", signed(c.paramsChange()), signed(c.multiplyAddsChange())));
                b.setDisable(!c.fixesIt());
                b.setOnAction(e -> vm.applyShortcut(id, c));
                box.getChildren().add(b);
            }
            return box;
        }
        List<reslab.engine.shape.Fix> other = new java.util.ArrayList<>();
        for (Diagnostic d : ds) other.addAll(d.fixes());
        if (other.isEmpty()) return null;
        Label title = new Label(m.get("fixes.title"));
        title.getStyleClass().add("inspector-subheading");
        box.getChildren().add(title);
        for (reslab.engine.shape.Fix f : other) {
            Button b = new Button(m.getOr("fix." + f.code(), f.description())
                    + (f.params() == 0 && f.multiplyAdds() == 0 ? ""
                    : "\n" + m.format("fixes.cost", LayerTitles.compact(f.params()), LayerTitles.compact(f.multiplyAdds()))));
            b.setId("fix-" + f.code());
            b.getStyleClass().add("assistant-choice");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setWrapText(true);
            b.setOnAction(e -> vm.applyEdits(reslab.app.design.Description.of("cmd.fix", id), f.edits()));
            box.getChildren().add(b);
        }
        return box;
    }

    private static String signed(long n) {
        String s = String.format(Locale.ROOT, "%,d", Math.abs(n));
        return n > 0 ? "+" + s : n < 0 ? "−" + s : "±0";
    }

    private Node nameField(String id) {
        TextField name = new TextField(id);
        name.setId("prop-name");
        name.getStyleClass().add("inspector-name");
        name.setOnAction(e -> {
            if (!name.getText().equals(id)) vm.rename(id, name.getText().trim());
        });
        name.focusedProperty().addListener((o, was, now) -> {
            if (now) help.setText(m.get("prop.name.help"));
            if (!now && !name.getText().equals(id) && vm.document().network().node(id).isPresent()) vm.rename(id, name.getText().trim());
        });
        return name;
    }

    private static void addFact(GridPane g, int row, String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add("inspector-label");
        Label v = new Label(value);
        v.getStyleClass().add("inspector-value");
        g.add(n, 0, row);
        g.add(v, 1, row);
    }

    private Node outputSection(String id, ProjectDocument d) {
        VBox box = new VBox(6);
        box.getStyleClass().add("inspector-output");
        if (id.equals(d.network().output())) {
            Label l = new Label(m.get("inspector.isOutput"));
            l.getStyleClass().add("inspector-subheading");
            ComboBox<LossKind> loss = new ComboBox<>();
            loss.setId("prop-loss");
            loss.getItems().setAll(LossKind.values());
            loss.setValue(d.network().loss());
            loss.setConverter(new javafx.util.StringConverter<>() {
                public String toString(LossKind k) { return k == null ? "" : m.get("loss." + k.name().toLowerCase(Locale.ROOT)); }
                public LossKind fromString(String s) { return null; }
            });
            loss.setOnAction(e -> {
                if (loss.getValue() != null && loss.getValue() != d.network().loss()) vm.setOutput(id, loss.getValue());
            });
            box.getChildren().addAll(l, loss);
        } else {
            Button make = new Button(m.get("inspector.makeOutput"));
            make.setId("make-output");
            make.setOnAction(e -> vm.setOutput(id, d.network().loss()));
            box.getChildren().add(make);
        }
        return box;
    }

    private Control editorFor(String id, LayerSpec spec, LayerProperties.Property p) {
        switch (p.type()) {
            case BOOLEAN -> {
                CheckBox box = new CheckBox();
                box.setSelected((Boolean) p.value());
                box.setOnAction(e -> apply(id, spec, p.name(), Boolean.toString(box.isSelected()), null));
                return box;
            }
            case PADDING_MODE -> {
                return choice(id, spec, p, List.of("same", "valid", "explicit"),
                        ((Padding.Mode) p.value()).name().toLowerCase(Locale.ROOT), "padding.");
            }
            case GATE_KIND -> {
                return choice(id, spec, p, List.of("plain", "residual"),
                        ((GateSpec.Kind) p.value()).name().toLowerCase(Locale.ROOT), "gate.");
            }
            case INIT -> {
                ComboBox<String> box = new ComboBox<>();
                box.setEditable(true);
                for (Init i : Init.values()) box.getItems().add(i.name());
                box.getItems().addAll("zeros", "ones");
                box.setValue(((Init) p.value()).name());
                box.setOnAction(e -> {
                    if (box.getValue() != null && !box.getValue().equals(p.text())) apply(id, spec, p.name(), box.getValue(), box.getEditor());
                });
                return box;
            }
            default -> {
                TextField field = new TextField(p.text());
                field.getStyleClass().add("inspector-field");
                // Validate every keystroke; apply on Enter or when leaving the field.
                field.textProperty().addListener((o, old, text) -> check(spec, p.name(), text, field));
                field.setOnAction(e -> apply(id, spec, p.name(), field.getText(), field));
                field.focusedProperty().addListener((o, was, now) -> {
                    if (!now && !field.getText().equals(p.text())) apply(id, spec, p.name(), field.getText(), field);
                });
                return field;
            }
        }
    }

    private ComboBox<String> choice(String id, LayerSpec spec, LayerProperties.Property p, List<String> values, String current, String keyPrefix) {
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(values);
        box.setValue(current);
        box.setConverter(new javafx.util.StringConverter<>() {
            public String toString(String v) { return v == null ? "" : m.getOr(keyPrefix + v, v); }
            public String fromString(String s) { return s; }
        });
        box.setOnAction(e -> {
            if (box.getValue() != null && !box.getValue().equals(current)) apply(id, spec, p.name(), box.getValue(), null);
        });
        return box;
    }

    /** Live check while typing: red field and the reason, nothing applied. */
    private void check(LayerSpec spec, String name, String text, TextField field) {
        try {
            LayerProperties.with(spec, name, text);
            field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), false);
            error.setText("");
        } catch (LayerProperties.InvalidValue e) {
            field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), true);
            error.setText(invalidText(e));
        }
    }

    /**
     * Applies a value as one command, unless it is malformed, or it would make this very
     * node impossible (e.g. a kernel larger than its input): those are refused with the reason.
     */
    private void apply(String id, LayerSpec spec, String name, String text, Control field) {
        LayerSpec changed;
        try {
            changed = LayerProperties.with(spec, name, text);
        } catch (LayerProperties.InvalidValue e) {
            error.setText(invalidText(e));
            if (field != null) field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), true);
            return;
        }
        if (changed.equals(spec)) return;
        try {
            ProjectDocument candidate = reslab.app.design.DesignEdits.setLayer(vm.document(), id, changed);
            List<Diagnostic> before = vm.analysis().diagnosticsByNode().getOrDefault(id, List.of());
            List<Diagnostic> after = ShapeInference.analyze(candidate.network()).diagnosticsByNode().getOrDefault(id, List.of());
            List<Diagnostic> fresh = after.stream().filter(x -> before.stream().noneMatch(y -> y.code().equals(x.code()))).toList();
            if (!fresh.isEmpty()) {
                error.setText(DiagnosticText.describe(fresh.get(0), changed, m));
                if (field != null) field.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), true);
                return;
            }
        } catch (reslab.app.design.DesignEdits.EditRefused e) {
            error.setText(e.getMessage());
            return;
        }
        vm.setLayer(id, changed);
    }

    private String invalidText(LayerProperties.InvalidValue e) {
        String key = "invalid." + e.code();
        return m.getOr(key, null) == null ? e.getMessage() : m.get(key);
    }
}
