package reslab.app.train;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import reslab.app.i18n.Messages;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.spec.Init;
import reslab.engine.train.OptimizerKind;

/**
 * The training-settings drawer: each field checked as typed (red with the reason), Apply
 * starts a fresh run with the settings, Revert shows the ones in use again.
 */
public final class SettingsView extends VBox {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private final SettingsViewModel form;
    private final Messages m;
    private final Label problem = new Label();

    public SettingsView(SettingsViewModel form, Messages m, Consumer<TrainingSettings> apply, Runnable revert) {
        super(10);
        this.form = form;
        this.m = m;
        getStyleClass().add("settings-view");
        Label title = new Label(m.get("settings.title"));
        title.getStyleClass().add("section-title");
        Label intro = new Label(m.get("settings.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add("inspector-help");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int row = 0;
        ComboBox<String> dataset = new ComboBox<>();
        dataset.getItems().setAll(DatasetCatalog.ids());
        dataset.setConverter(converter(id -> m.getOr("dataset." + id, id)));
        dataset.valueProperty().bindBidirectional(form.datasetProperty());
        dataset.setId("setting-dataset");
        addRow(grid, row++, "settings.dataset", dataset);
        ComboBox<OptimizerKind> optimizer = new ComboBox<>();
        optimizer.getItems().setAll(OptimizerKind.values());
        optimizer.setConverter(converter(k -> m.getOr("optimizer." + k.name().toLowerCase(java.util.Locale.ROOT), k.name())));
        optimizer.valueProperty().bindBidirectional(form.optimizerProperty());
        optimizer.setId("setting-optimizer");
        addRow(grid, row++, "settings.optimizer", optimizer);
        addRow(grid, row++, "settings.learningRate", field(form.learningRateProperty(), "learningRate"));
        addRow(grid, row++, "settings.momentum", field(form.momentumProperty(), "momentum"));
        addRow(grid, row++, "settings.batchSize", field(form.batchSizeProperty(), "batchSize"));
        addRow(grid, row++, "settings.weightDecay", field(form.weightDecayProperty(), "weightDecay"));
        ComboBox<Init> init = new ComboBox<>();
        init.getItems().add(null);
        init.getItems().addAll(Init.values());
        init.setConverter(converter(i -> i == null ? m.get("settings.init.design") : i.name()));
        init.valueProperty().bindBidirectional(form.initProperty());
        init.setId("setting-init");
        addRow(grid, row++, "settings.init", init);
        addRow(grid, row++, "settings.seed", field(form.seedProperty(), "seed"));
        addRow(grid, row++, "settings.evalEvery", field(form.evalEveryProperty(), "evalEvery"));

        problem.getStyleClass().add("inspector-error");
        problem.setWrapText(true);
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            Map<String, String> p = form.problemsProperty().get();
            return p.isEmpty() ? "" : m.get(p.values().iterator().next());
        }, form.problemsProperty()));
        Button applyButton = new Button(m.get("settings.apply"));
        applyButton.setId("settings-apply");
        applyButton.getStyleClass().add("play-button");
        applyButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !form.problemsProperty().get().isEmpty(),
                form.problemsProperty()));
        applyButton.setOnAction(e -> form.settings().ifPresent(apply));
        Button revertButton = new Button(m.get("settings.revert"));
        revertButton.setOnAction(e -> revert.run());
        Label note = new Label(m.get("settings.note"));
        note.setWrapText(true);
        note.getStyleClass().add("inspector-help");
        getChildren().addAll(title, intro, grid, problem, new HBox(8, applyButton, revertButton), note);
    }

    private TextField field(StringProperty p, String name) {
        TextField f = new TextField();
        f.textProperty().bindBidirectional(p);
        f.setId("setting-" + name);
        f.setPrefColumnCount(8);
        Runnable mark = () -> f.pseudoClassStateChanged(INVALID, form.problemsProperty().get().containsKey(name));
        form.problemsProperty().addListener((o, a, b) -> mark.run());
        mark.run();
        return f;
    }

    private void addRow(GridPane g, int row, String key, javafx.scene.Node editor) {
        Label l = new Label(m.get(key));
        l.getStyleClass().add("inspector-label");
        l.setWrapText(true);
        l.setMaxWidth(130);
        g.add(l, 0, row);
        g.add(editor, 1, row);
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return f.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }
}
