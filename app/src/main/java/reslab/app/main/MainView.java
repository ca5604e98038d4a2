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
    @FXML private org.controlsfx.control.SegmentedButton metricSwitch;
    @FXML private Button presentButton;
    @FXML private ToggleButton compareToggle;
    private final javafx.scene.layout.HBox twinDepthBox = new javafx.scene.layout.HBox(16);
    private final javafx.scene.layout.HBox twinHeatBox = new javafx.scene.layout.HBox(16);
    private final javafx.scene.layout.VBox backwardBox = new javafx.scene.layout.VBox(8);
    private final javafx.scene.layout.VBox gatesBox = new javafx.scene.layout.VBox(8);
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
        bindCompare();
        bindBackward();
        bindGates();
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
                vm.stateProperty(), vm.problemProperty(), vm.designProblemProperty(), vm.compareProperty(), vm.compareProblemProperty()));
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
            boolean twin = vm.compareProperty().get();
            depthChart.setVisible(v == DashboardView.DEPTH_PROFILE && !twin);
            heatmapChart.setVisible(v == DashboardView.HEATMAP && !twin);
            twinDepthBox.setVisible(v == DashboardView.DEPTH_PROFILE && twin);
            twinHeatBox.setVisible(v == DashboardView.HEATMAP && twin);
            boolean showNetwork = v == DashboardView.NETWORK;
            if (showNetwork && !networkView.isVisible()) javafx.application.Platform.runLater(networkView::fitToView);
            networkView.setVisible(showNetwork);
            splitChart.setVisible(v == DashboardView.SHORTCUTS);
            backwardBox.setVisible(v == DashboardView.BACKWARD);
            gatesBox.setVisible(v == DashboardView.GATES);
            activationChart.setVisible(v == DashboardView.ACTIVATIONS);
            ratioCallout.setVisible(v == DashboardView.DEPTH_PROFILE && !twin);
            ratioCallout.setManaged(v == DashboardView.DEPTH_PROFILE && !twin);
            for (var t : viewSwitch.getButtons()) t.setSelected(t.getUserData() == v);
            // The metric applies to the per-layer views; a frozen batch and the gate curves do not replay.
            metricSwitch.setVisible(v == DashboardView.DEPTH_PROFILE || v == DashboardView.HEATMAP || v == DashboardView.NETWORK);
            boolean replays = v != DashboardView.BACKWARD && v != DashboardView.GATES;
            replayBar.setVisible(replays);
            replayBar.setManaged(replays);
        };
        vm.viewProperty().addListener((o, a, b) -> show.run());
        vm.compareProperty().addListener((o, a, b) -> show.run());
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

    /**
     * Compare mode: both runs side by side (depth profiles, heatmaps) and overlaid (loss,
     * test accuracy), each named. The other views keep showing the current design's run.
     */
    private void bindCompare() {
        compareToggle.selectedProperty().bindBidirectional(vm.compareProperty());
        TwinViewModel t = vm.twin();
        javafx.beans.binding.StringBinding nameA = runName(t.nameAProperty()), nameB = runName(t.nameBProperty());
        twinDepthBox.getChildren().setAll(twinProfile(nameA, t.profileAProperty()), twinProfile(nameB, t.profileBProperty()));
        twinHeatBox.getChildren().setAll(twinHeat(nameA, t.heatmapAProperty()), twinHeat(nameB, t.heatmapBProperty()));
        twinDepthBox.setVisible(false);
        twinHeatBox.setVisible(false);
        twinDepthBox.setId("twinDepthBox");
        twinHeatBox.setId("twinHeatBox");
        viewStack.getChildren().addAll(twinDepthBox, twinHeatBox);
        Runnable charts = () -> {
            boolean on = vm.compareProperty().get();
            lossChart.seriesProperty().unbind();
            lossChart.secondarySeriesProperty().unbind();
            accuracyChart.seriesProperty().unbind();
            accuracyChart.secondarySeriesProperty().unbind();
            lossChart.primaryNameProperty().unbind();
            lossChart.secondaryNameProperty().unbind();
            accuracyChart.primaryNameProperty().unbind();
            accuracyChart.secondaryNameProperty().unbind();
            if (on) {
                lossChart.seriesProperty().bind(t.lossAProperty());
                lossChart.secondarySeriesProperty().bind(t.lossBProperty());
                lossChart.primaryNameProperty().bind(nameA);
                lossChart.secondaryNameProperty().bind(nameB);
                accuracyChart.seriesProperty().bind(t.testAccuracyAProperty());
                accuracyChart.secondarySeriesProperty().bind(t.testAccuracyBProperty());
                accuracyChart.primaryNameProperty().bind(Bindings.concat(nameA, " (", messages.get("series.test"), ")"));
                accuracyChart.secondaryNameProperty().bind(Bindings.concat(nameB, " (", messages.get("series.test"), ")"));
            } else {
                lossChart.seriesProperty().bind(vm.lossSeriesProperty());
                lossChart.secondarySeriesProperty().bind(vm.testLossSeriesProperty());
                lossChart.primaryNameProperty().set(messages.get("series.train"));
                lossChart.secondaryNameProperty().set(messages.get("series.test"));
                accuracyChart.seriesProperty().bind(vm.accuracySeriesProperty());
                accuracyChart.secondarySeriesProperty().bind(vm.testAccuracySeriesProperty());
                accuracyChart.primaryNameProperty().set(messages.get("series.trainBatch"));
                accuracyChart.secondaryNameProperty().set(messages.get("series.test"));
            }
        };
        vm.compareProperty().addListener((o, a, b) -> charts.run());
        charts.run();
    }

    /**
     * The step-through backward pass: freeze a batch, then walk from the loss toward the input
     * one node at a time; the bars fill in as the gradient arrives, the card explains the node.
     */
    private void bindBackward() {
        BackwardViewModel b = vm.backward();
        Button freeze = new Button(messages.get("backward.freeze"));
        freeze.setId("freezeButton");
        freeze.getStyleClass().add("play-button");
        freeze.setOnAction(e -> vm.freezeBatch());
        freeze.disableProperty().bind(b.busyProperty().or(vm.canStep().not()));
        Button toLoss = new Button("|◀"), prev = new Button(messages.get("backward.previous")),
                next = new Button(messages.get("backward.next")), toInput = new Button("▶|");
        next.setId("backwardNext");
        toLoss.setTooltip(new javafx.scene.control.Tooltip(messages.get("backward.toLoss")));
        toInput.setTooltip(new javafx.scene.control.Tooltip(messages.get("backward.toInput")));
        prev.setId("backwardPrevious");
        toLoss.setOnAction(e -> b.toLoss());
        prev.setOnAction(e -> b.previous());
        next.setOnAction(e -> b.next());
        toInput.setOnAction(e -> b.toInput());
        for (Button x : new Button[] {toLoss, prev, next, toInput}) x.disableProperty().bind(b.traceProperty().isNull());
        Label where = new Label();
        where.setId("backwardWhere");
        where.getStyleClass().add("twin-title");
        where.textProperty().bind(Bindings.createStringBinding(() -> {
            if (b.busyProperty().get()) return messages.get("backward.busy");
            if (b.failureProperty().get() != null) return b.failureProperty().get();
            var s = b.current();
            return s == null ? messages.get("backward.intro")
                    : messages.format("backward.where", b.positionProperty().get() + 1, b.traceProperty().get().steps().size(), s.node(), s.kind());
        }, b.traceProperty(), b.positionProperty(), b.busyProperty(), b.failureProperty()));
        DepthProfileChart bars = new DepthProfileChart();
        bars.setId("backwardChart");
        bars.setAnimated(false);
        bars.profileProperty().bind(b.profileProperty());
        bars.scaleProperty().bind(vm.depthScaleProperty());
        bars.setAxisTitle(messages.get("metric.delta"));
        bars.setInputCaption(messages.get("depth.input"));
        bars.setOutputCaption(messages.get("depth.output"));
        Label card = new Label();
        card.setId("backwardCard");
        card.getStyleClass().add("backward-card");
        card.setWrapText(true);
        card.textProperty().bind(Bindings.createStringBinding(() -> {
            var s = b.current();
            return s == null ? "" : BackwardText.describe(b.traceProperty().get(), s, messages);
        }, b.traceProperty(), b.positionProperty()));
        javafx.scene.layout.HBox buttons = new javafx.scene.layout.HBox(8, freeze, toLoss, prev, next, toInput, where);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        javafx.scene.layout.HBox body = new javafx.scene.layout.HBox(14, bars, card);
        javafx.scene.layout.HBox.setHgrow(bars, javafx.scene.layout.Priority.ALWAYS);
        card.setPrefWidth(420);
        card.setMinWidth(320);
        javafx.scene.layout.VBox.setVgrow(body, javafx.scene.layout.Priority.ALWAYS);
        backwardBox.getChildren().setAll(buttons, body);
        backwardBox.setVisible(false);
        backwardBox.setId("backwardBox");
        viewStack.getChildren().add(backwardBox);
    }

    /**
     * The gates view: g(k) per gated block over the run, and the prune experiment (remove the
     * blocks of lowest g, no retraining, test accuracy before and after).
     */
    private void bindGates() {
        GatesViewModel g = vm.gates();
        reslab.app.chart.GateChart chart = new reslab.app.chart.GateChart();
        chart.setId("gateChart");
        chart.curvesProperty().bind(g.curvesProperty());
        chart.markedProperty().bind(g.markedProperty());
        chart.xTitleProperty().set(messages.get("loss.axis.steps"));
        chart.yTitleProperty().set(messages.get("gates.axis"));
        chart.emptyTextProperty().bind(Bindings.createStringBinding(() -> messages.get(
                vm.analysisProperty().get() != null && hasGate(vm.analysisProperty().get()) ? "gates.waiting" : "gates.none"),
                vm.analysisProperty()));
        javafx.scene.control.Spinner<Integer> count = new javafx.scene.control.Spinner<>(1, 99, 1);
        count.setId("pruneCount");
        count.setPrefWidth(80);
        count.setEditable(true);
        count.valueProperty().addListener((o, a, b) -> { if (b != null) g.pruneCountProperty().set(b); });
        Label before = new Label(messages.get("gates.prune.before"));
        Label after = new Label(messages.get("gates.prune.after"));
        Button prune = new Button(messages.get("gates.prune"));
        prune.setId("pruneButton");
        prune.getStyleClass().add("play-button");
        prune.setOnAction(e -> vm.pruneGates());
        prune.disableProperty().bind(g.busyProperty().or(vm.canReset().not())
                .or(Bindings.createBooleanBinding(() -> g.curvesProperty().get().curves().size() <= g.pruneCountProperty().get(),
                        g.curvesProperty(), g.pruneCountProperty())));
        Label outcome = new Label();
        outcome.setId("pruneResult");
        outcome.getStyleClass().add("backward-card");
        outcome.setWrapText(true);
        outcome.setMaxWidth(Double.MAX_VALUE);
        outcome.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        outcome.textProperty().bind(Bindings.createStringBinding(() -> {
            if (g.busyProperty().get()) return messages.get("gates.prune.busy");
            if (g.failureProperty().get() != null) return g.failureProperty().get();
            var r = g.resultProperty().get();
            if (r == null) return messages.get("gates.prune.intro");
            String names = String.join(", ", r.removed().stream().map(x -> RunCurves.gateLabel(x.block().gate())).toList());
            return messages.format("gates.prune.result", names, String.format(java.util.Locale.ROOT, "%,d", r.paramsSaved()),
                    String.format(java.util.Locale.ROOT, "%.1f%%", 100 * r.accuracyBefore()),
                    String.format(java.util.Locale.ROOT, "%.1f%%", 100 * r.accuracyAfter()));
        }, g.busyProperty(), g.failureProperty(), g.resultProperty()));
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(8, before, count, after, prune);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        javafx.scene.layout.VBox.setVgrow(chart, javafx.scene.layout.Priority.ALWAYS);
        gatesBox.getChildren().setAll(chart, row, outcome);
        gatesBox.setVisible(false);
        gatesBox.setId("gatesBox");
        viewStack.getChildren().add(gatesBox);
    }

    private static boolean hasGate(reslab.engine.shape.NetworkAnalysis a) {
        return a.nodes().stream().anyMatch(n -> n.kind().equals("Gate"));
    }

    private javafx.beans.binding.StringBinding runName(javafx.beans.value.ObservableStringValue key) {
        return Bindings.createStringBinding(() -> key.get().isEmpty() ? "" : messages.get("twin." + key.get()), key);
    }

    private javafx.scene.layout.VBox twinProfile(javafx.beans.binding.StringBinding name,
                                                 javafx.beans.value.ObservableValue<reslab.app.chart.DepthProfile> profile) {
        Label title = new Label();
        title.textProperty().bind(name);
        title.getStyleClass().add("twin-title");
        Label callout = new Label();
        callout.getStyleClass().add("twin-callout");
        callout.setWrapText(true);
        callout.textProperty().bind(Bindings.createStringBinding(() -> {
            reslab.app.chart.DepthProfile p = profile.getValue();
            double r = p.firstToLastHiddenRatio();
            return Double.isNaN(r) ? "" : messages.format("depth.ratio", SciFormat.format(r), p.bars().size() - 1);
        }, profile));
        DepthProfileChart chart = new DepthProfileChart();
        chart.profileProperty().bind(profile);
        chart.scaleProperty().bind(vm.depthScaleProperty());
        chart.axisTitleProperty().bind(depthChart.axisTitleProperty());
        chart.setInputCaption(messages.get("depth.input"));
        chart.setOutputCaption(messages.get("depth.output"));
        chart.setOutputBarLabel(messages.get("depth.outBar"));
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(4, title, callout, chart);
        javafx.scene.layout.VBox.setVgrow(chart, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox.setHgrow(box, javafx.scene.layout.Priority.ALWAYS);
        box.getStyleClass().add("twin-box");
        return box;
    }

    private javafx.scene.layout.VBox twinHeat(javafx.beans.binding.StringBinding name,
                                              javafx.beans.value.ObservableValue<reslab.app.chart.HeatmapData> data) {
        Label title = new Label();
        title.textProperty().bind(name);
        title.getStyleClass().add("twin-title");
        reslab.app.chart.HeatmapChart chart = new reslab.app.chart.HeatmapChart();
        chart.dataProperty().bind(data);
        // One scale for both, fitted to both: the two pictures must be comparable.
        chart.scaleProperty().bind(Bindings.createObjectBinding(() -> {
            var a = vm.twin().heatmapAProperty().get().fittedScale(3, vm.depthScaleProperty().get());
            var b = vm.twin().heatmapBProperty().get().fittedScale(3, vm.depthScaleProperty().get());
            return new reslab.app.chart.LogScale(Math.min(a.minExponent(), b.minExponent()), Math.max(a.maxExponent(), b.maxExponent()));
        }, vm.twin().heatmapAProperty(), vm.twin().heatmapBProperty(), vm.depthScaleProperty()));
        chart.xTitleProperty().set(messages.get("loss.axis.steps"));
        chart.yTitleProperty().bind(depthChart.axisTitleProperty());
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(4, title, chart);
        javafx.scene.layout.VBox.setVgrow(chart, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox.setHgrow(box, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

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
        if (vm.compareProperty().get() && !vm.compareProblemProperty().get().isEmpty()) {
            return messages.get(vm.compareProblemProperty().get());
        }
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
