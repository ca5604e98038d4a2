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
import javafx.scene.layout.HBox;
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
    @FXML private Button playButton;
    @FXML private Button pauseButton;
    @FXML private Button stepButton;
    @FXML private Button stopButton;
    @FXML private Button resetButton;
    @FXML private ToggleButton deltaToggle;
    @FXML private ToggleButton weightGradToggle;
    @FXML private Label ratioCallout;
    @FXML private DepthProfileChart depthChart;
    @FXML private reslab.app.chart.HeatmapChart heatmapChart;
    @FXML private reslab.app.builder.NetworkCanvas networkView;
    @FXML private reslab.app.chart.SplitChart splitChart;
    @FXML private reslab.app.chart.ActivationChart activationChart;
    @FXML private HBox replayBar;
    @FXML private Button presentButton;
    @FXML private javafx.scene.layout.VBox accuracySection;
    @FXML private javafx.scene.control.Slider replaySlider;
    @FXML private Label replayLabel;
    @FXML private Button liveButton;
    @FXML private LossChart lossChart;
    @FXML private LossChart accuracyChart;
    @FXML private org.controlsfx.control.SegmentedButton viewSwitch;
    @FXML private javafx.scene.layout.StackPane viewStack;
    @FXML private ComboBox<Double> speedChooser;
    @FXML private ToggleButton settingsToggle;
    @FXML private javafx.scene.control.ScrollPane settingsPane;
    @FXML private javafx.scene.layout.VBox settingsBox;
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
        lossChart.secondarySeriesProperty().bind(vm.testLossSeriesProperty());
        lossChart.primaryNameProperty().set(messages.get("series.train"));
        lossChart.secondaryNameProperty().set(messages.get("series.test"));
        lossChart.setXTitle(messages.get("loss.axis.steps"));
        lossChart.setYTitle(messages.get("loss.axis.loss"));
        accuracyChart.seriesProperty().bind(vm.accuracySeriesProperty());
        accuracyChart.secondarySeriesProperty().bind(vm.testAccuracySeriesProperty());
        accuracyChart.primaryNameProperty().set(messages.get("series.trainBatch"));
        accuracyChart.secondaryNameProperty().set(messages.get("series.test"));
        accuracyChart.setLogarithmic(false);
        accuracyChart.fixedMaxProperty().set(1.0);
        accuracyChart.legendAtBottomProperty().set(true);
        accuracyChart.setXTitle(messages.get("loss.axis.steps"));
        accuracyChart.setYTitle(messages.get("accuracy.axis"));
        heatmapChart.dataProperty().bind(vm.heatmapProperty());
        // The heatmap fits its colours to the run (the depth profile keeps its fixed axis).
        heatmapChart.scaleProperty().bind(Bindings.createObjectBinding(
                () -> vm.heatmapProperty().get().fittedScale(3, vm.depthScaleProperty().get()), vm.heatmapProperty(), vm.depthScaleProperty()));
        heatmapChart.xTitleProperty().set(messages.get("loss.axis.steps"));
        heatmapChart.yTitleProperty().bind(depthChart.axisTitleProperty());
        networkView.messagesProperty().set(messages);
        networkView.documentProperty().bind(vm.documentProperty());
        networkView.analysisProperty().bind(vm.analysisProperty());
        networkView.heatProperty().bind(vm.networkHeatProperty());
        networkView.heatScaleProperty().bind(vm.depthScaleProperty());
        splitChart.dataProperty().bind(vm.splitDataProperty());
        splitChart.scaleProperty().bind(vm.depthScaleProperty());
        splitChart.shortcutNameProperty().set(messages.get("split.shortcut"));
        splitChart.branchNameProperty().set(messages.get("split.branch"));
        splitChart.emptyTextProperty().set(messages.get("split.none"));
        splitChart.axisTitleProperty().set(messages.get("split.axis"));
        activationChart.dataProperty().bind(vm.activationDataProperty());
        activationChart.meanTitleProperty().set(messages.get("activations.mean"));
        activationChart.stuckTitleProperty().set(messages.get("activations.stuck"));
        activationChart.emptyTextProperty().set(messages.get("activations.none"));
        bindViewSwitch();
        bindReplay();
        presentButton.setOnAction(e -> vm.presenterProperty().set(true));
        // The presenter's stage: no settings, one curve; the rest of the window is the shell's job.
        Runnable present = () -> {
            boolean on = vm.presenterProperty().get();
            for (javafx.scene.Node n : new javafx.scene.Node[] {settingsToggle, presentButton, accuracySection}) {
                n.setVisible(!on);
                n.setManaged(!on);
            }
            if (on) settingsToggle.setSelected(false);
        };
        vm.presenterProperty().addListener((o, a, b) -> present.run());
        present.run();
        bindSpeed();
        bindSettings();

        ratioCallout.textProperty().bind(Bindings.createStringBinding(this::ratioText,
                vm.depthProfileProperty(), vm.stepsDoneProperty()));
        stepValue.textProperty().bind(vm.stepsDoneProperty().asString());
        lossValue.textProperty().bind(Bindings.createStringBinding(
                () -> SciFormat.format(vm.lossProperty().get()), vm.lossProperty()));
        accuracyValue.textProperty().bind(Bindings.createStringBinding(
                () -> Double.isNaN(vm.testAccuracyProperty().get()) ? "—"
                        : String.format(Locale.ROOT, "%.1f %%", 100 * vm.testAccuracyProperty().get()),
                vm.testAccuracyProperty()));
        stateLabel.textProperty().bind(Bindings.createStringBinding(this::stateText,
                vm.stateProperty(), vm.problemProperty(), vm.designProblemProperty()));
        stateLabel.getStyleClass().add("state-label");
        vm.stateProperty().addListener((o, a, b) -> updateStatePseudoClass());
        updateStatePseudoClass();
        hintLabel.textProperty().bind(Bindings.createStringBinding(
                () -> vm.templateProperty().get() == null ? messages.get("hint.customDesign")
                        : reslab.app.builder.TemplateText.hint(vm.templateProperty().get(), messages),
                vm.templateProperty()));
    }

    private void bindViewSwitch() {
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        for (DashboardView v : DashboardView.values()) {
            ToggleButton b = new ToggleButton(messages.get(v.messageKey()));
            b.setId("view-" + v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            b.setUserData(v);
            b.setSelected(vm.viewProperty().get() == v);
            b.setOnAction(e -> {
                vm.viewProperty().set(v);
                b.setSelected(true); // a segmented switch always has one view
            });
            viewSwitch.getButtons().add(b);
        }
        Runnable show = () -> {
            DashboardView v = vm.viewProperty().get();
            depthChart.setVisible(v == DashboardView.DEPTH_PROFILE);
            heatmapChart.setVisible(v == DashboardView.HEATMAP);
            boolean showNetwork = v == DashboardView.NETWORK;
            if (showNetwork && !networkView.isVisible()) javafx.application.Platform.runLater(networkView::fitToView);
            networkView.setVisible(showNetwork);
            splitChart.setVisible(v == DashboardView.SHORTCUTS);
            activationChart.setVisible(v == DashboardView.ACTIVATIONS);
            ratioCallout.setVisible(v == DashboardView.DEPTH_PROFILE);
            ratioCallout.setManaged(v == DashboardView.DEPTH_PROFILE);
            for (var t : viewSwitch.getButtons()) t.setSelected(t.getUserData() == v);
        };
        vm.viewProperty().addListener((o, a, b) -> show.run());
        show.run();
    }

    /**
     * The replay bar: drag through the recorded steps of the run while it is not training;
     * every view shows the chosen step. Live returns to the newest.
     */
    private void bindReplay() {
        var running = Bindings.createBooleanBinding(() -> vm.stateProperty().get() == Trainer.State.RUNNING, vm.stateProperty());
        replaySlider.disableProperty().bind(running.or(vm.replayLengthProperty().lessThan(2)));
        replaySlider.maxProperty().bind(Bindings.createDoubleBinding(() -> Math.max(0, vm.replayLengthProperty().get() - 1.0),
                vm.replayLengthProperty()));
        replaySlider.setBlockIncrement(1);
        replaySlider.setMajorTickUnit(1);
        replaySlider.setSnapToTicks(true);
        replaySlider.valueProperty().addListener((o, a, b) -> {
            if (!replaySlider.isDisabled() && !updatingSlider) vm.replay((int) Math.round(b.doubleValue()));
        });
        Runnable follow = () -> {
            updatingSlider = true;
            int pos = vm.replayPositionProperty().get();
            replaySlider.setValue(pos < 0 ? replaySlider.getMax() : pos);
            updatingSlider = false;
        };
        vm.replayPositionProperty().addListener((o, a, b) -> follow.run());
        vm.replayLengthProperty().addListener((o, a, b) -> follow.run());
        liveButton.setOnAction(e -> vm.replay(-1));
        liveButton.disableProperty().bind(vm.replayPositionProperty().lessThan(0));
        replayLabel.textProperty().bind(Bindings.createStringBinding(() -> vm.replayPositionProperty().get() < 0
                        ? messages.get("replay.liveLabel")
                        : messages.format("replay.at", vm.stepsDoneProperty().get() - 1),
                vm.replayPositionProperty(), vm.stepsDoneProperty()));
        replayBar.getStyleClass().add("replay-bar");
        vm.replayPositionProperty().addListener((o, a, b) ->
                replayBar.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("replaying"), b.intValue() >= 0));
    }

    private boolean updatingSlider;

    private void bindSpeed() {
        speedChooser.getItems().setAll(reslab.app.train.SettingsViewSpeeds.SPEEDS);
        speedChooser.setConverter(new StringConverter<>() {
            public String toString(Double d) {
                return d == null ? "" : Double.isInfinite(d) ? messages.get("speed.full") : messages.format("speed.perSecond", d.intValue());
            }
            public Double fromString(String s) { return null; }
        });
        speedChooser.setValue(vm.maxStepsPerSecondProperty().get());
        speedChooser.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.setMaxStepsPerSecond(b);
        });
    }

    private void bindSettings() {
        reslab.app.train.SettingsViewModel form = new reslab.app.train.SettingsViewModel(vm.settingsProperty().get());
        vm.settingsProperty().addListener((o, a, b) -> {
            if (b != null) form.load(b);
        });
        settingsBox.getChildren().setAll(new reslab.app.train.SettingsView(form, messages, vm::applySettings,
                () -> form.load(vm.settingsProperty().get())));
        settingsPane.visibleProperty().bind(settingsToggle.selectedProperty());
        settingsPane.managedProperty().bind(settingsToggle.selectedProperty());
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
                return t == null ? "" : reslab.app.builder.TemplateText.title(t, messages);
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
