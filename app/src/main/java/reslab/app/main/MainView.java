package reslab.app.main;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.util.StringConverter;
import reslab.app.chart.DepthProfile;
import reslab.app.chart.DepthProfileChart;
import reslab.app.chart.LossChart;
import reslab.app.chart.SciFormat;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;
import reslab.engine.train.Trainer;
import reslab.engine.zoo.Template;

/**
 * The main window's view: binds the FXML controls to {@link MainViewModel} and forwards
 * gestures to its commands. Holds no state of its own, so it can be rebuilt at any time
 * (a language switch reloads it).
 */
public final class MainView {
    private final MainViewModel vm;
    private final Messages messages;
    private final javafx.beans.property.ObjectProperty<Language> language;

    @FXML private BorderPane root;
    @FXML private ComboBox<Template> templateChooser;
    @FXML private ComboBox<Language> languageChooser;
    @FXML private Button playButton;
    @FXML private Button pauseButton;
    @FXML private Button stepButton;
    @FXML private Button stopButton;
    @FXML private Button resetButton;
    @FXML private ToggleButton deltaToggle;
    @FXML private ToggleButton weightGradToggle;
    @FXML private Label ratioCallout;
    @FXML private DepthProfileChart depthChart;
    @FXML private LossChart lossChart;
    @FXML private Label stepValue;
    @FXML private Label lossValue;
    @FXML private Label accuracyValue;
    @FXML private Label stateLabel;
    @FXML private Label hintLabel;

    public MainView(MainViewModel vm, Messages messages, javafx.beans.property.ObjectProperty<Language> language) {
        this.vm = vm;
        this.messages = messages;
        this.language = language;
    }

    public BorderPane root() {
        return root;
    }

    @FXML
    private void initialize() {
        bindTemplateChooser();
        bindLanguageChooser();

        playButton.setOnAction(e -> vm.play());
        pauseButton.setOnAction(e -> vm.pause());
        stepButton.setOnAction(e -> vm.step());
        stopButton.setOnAction(e -> vm.stop());
        resetButton.setOnAction(e -> vm.reset());
        playButton.disableProperty().bind(vm.canPlay().not());
        pauseButton.disableProperty().bind(vm.canPause().not());
        stepButton.disableProperty().bind(vm.canStep().not());
        stopButton.disableProperty().bind(vm.canStop().not());
        resetButton.disableProperty().bind(vm.canReset().not());

        deltaToggle.setSelected(vm.metricProperty().get() == Metric.BACKPROPAGATED_GRADIENT);
        weightGradToggle.setSelected(vm.metricProperty().get() == Metric.WEIGHT_GRADIENT);
        deltaToggle.setOnAction(e -> selectMetric(Metric.BACKPROPAGATED_GRADIENT));
        weightGradToggle.setOnAction(e -> selectMetric(Metric.WEIGHT_GRADIENT));

        depthChart.profileProperty().bind(vm.depthProfileProperty());
        depthChart.scaleProperty().bind(vm.depthScaleProperty());
        depthChart.axisTitleProperty().bind(Bindings.createStringBinding(
                () -> messages.get(vm.metricProperty().get().messageKey()), vm.metricProperty()));
        depthChart.setInputCaption(messages.get("depth.input"));
        depthChart.setOutputCaption(messages.get("depth.output"));
        depthChart.setOutputBarLabel(messages.get("depth.outBar"));
        lossChart.seriesProperty().bind(vm.lossSeriesProperty());
        lossChart.setXTitle(messages.get("loss.axis.steps"));
        lossChart.setYTitle(messages.get("loss.axis.loss"));

        ratioCallout.textProperty().bind(Bindings.createStringBinding(this::ratioText,
                vm.depthProfileProperty(), vm.stepsDoneProperty()));
        stepValue.textProperty().bind(vm.stepsDoneProperty().asString());
        lossValue.textProperty().bind(Bindings.createStringBinding(
                () -> SciFormat.format(vm.lossProperty().get()), vm.lossProperty()));
        accuracyValue.textProperty().bind(Bindings.createStringBinding(
                () -> Double.isNaN(vm.accuracyProperty().get()) ? "—"
                        : String.format(Locale.ROOT, "%.1f %%", 100 * vm.accuracyProperty().get()),
                vm.accuracyProperty()));
        stateLabel.textProperty().bind(Bindings.createStringBinding(this::stateText,
                vm.stateProperty(), vm.problemProperty(), vm.designProblemProperty()));
        stateLabel.getStyleClass().add("state-label");
        vm.stateProperty().addListener((o, a, b) -> updateStatePseudoClass());
        updateStatePseudoClass();
        hintLabel.textProperty().bind(Bindings.createStringBinding(
                () -> vm.templateProperty().get() == null ? messages.get("hint.customDesign")
                        : messages.getOr("template." + vm.templateProperty().get().id() + ".hint",
                        vm.templateProperty().get().description()),
                vm.templateProperty()));
    }

    private void selectMetric(Metric m) {
        vm.metricProperty().set(m);
        // A segmented button must never end with nothing selected.
        deltaToggle.setSelected(m == Metric.BACKPROPAGATED_GRADIENT);
        weightGradToggle.setSelected(m == Metric.WEIGHT_GRADIENT);
    }

    private void bindTemplateChooser() {
        templateChooser.getItems().setAll(vm.templates());
        StringConverter<Template> titles = new StringConverter<>() {
            @Override
            public String toString(Template t) {
                return t == null ? "" : MainViewModel.titleOf(t, key -> messages.getOr(key, null));
            }

            @Override
            public Template fromString(String s) {
                return null;
            }
        };
        templateChooser.setConverter(titles);
        templateChooser.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Template t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : titles.toString(t));
            }
        });
        templateChooser.setPromptText(messages.get("toolbar.customDesign"));
        templateChooser.valueProperty().bindBidirectional(vm.templateProperty());
    }

    private void bindLanguageChooser() {
        languageChooser.getItems().setAll(Language.values());
        languageChooser.setValue(language.get());
        languageChooser.valueProperty().addListener((o, a, lang) -> {
            if (lang != null && lang != language.get()) language.set(lang);
        });
    }

    private String ratioText() {
        DepthProfile p = vm.depthProfileProperty().get();
        double r = p.firstToLastHiddenRatio();
        if (Double.isNaN(r)) return messages.get("depth.ratio.none");
        return messages.format("depth.ratio", SciFormat.format(r), p.bars().size() - 1);
    }

    private String stateText() {
        String design = vm.designProblemProperty().get();
        if (design.equals("dataset")) return messages.get("state.noDataset");
        if (!design.isEmpty()) return messages.format("state.designProblems", Integer.parseInt(design));
        Trainer.State s = vm.stateProperty().get();
        return messages.format("state." + s.name(), vm.problemProperty().get());
    }

    private void updateStatePseudoClass() {
        Trainer.State s = vm.stateProperty().get();
        stateLabel.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failed"), s == Trainer.State.FAILED);
        stateLabel.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("running"), s == Trainer.State.RUNNING);
    }
}
