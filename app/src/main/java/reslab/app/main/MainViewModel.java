package reslab.app.main;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import reslab.app.chart.DepthProfile;
import reslab.app.chart.LogScale;
import reslab.app.chart.LossSeries;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.Trainer;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;
import java.util.Optional;
import java.util.function.Consumer;
import reslab.engine.io.ProjectDocument;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.train.TrainingConfig;

/**
 * State and commands of the main window. Owns the {@link Trainer}; every command returns at
 * once. {@link #onFrame()} is the one place where training results reach the UI: the view
 * calls it once per animation frame and it copies the newest snapshot into properties.
 * Works without a window, so tests drive it directly.
 */
public final class MainViewModel implements AutoCloseable {
    /** The depth-profile axis starts here; the top grows if a gradient explodes past 1. */
    public static final LogScale DEFAULT_SCALE = new LogScale(-16, 0);

    private final Trainer trainer = new Trainer(ComputeThreads.leavingOneCore());
    private final List<Template> templates;
    private final ReadOnlyObjectProperty<ProjectDocument> document;
    /** Why the design cannot train: "" if it can, a count of problems, or "dataset". */
    private final ReadOnlyStringWrapper designProblem = new ReadOnlyStringWrapper(this, "designProblem", "");
    private NetworkSpec trainedNetwork;
    private String trainedDataset;
    private final ObjectProperty<Template> template = new SimpleObjectProperty<>(this, "template");
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(this, "metric", Metric.BACKPROPAGATED_GRADIENT);
    private final ReadOnlyObjectWrapper<Trainer.State> state = new ReadOnlyObjectWrapper<>(this, "state", Trainer.State.LOADING);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyLongWrapper stepsDone = new ReadOnlyLongWrapper(this, "stepsDone", 0);
    private final ReadOnlyDoubleWrapper loss = new ReadOnlyDoubleWrapper(this, "loss", Double.NaN);
    private final ReadOnlyDoubleWrapper accuracy = new ReadOnlyDoubleWrapper(this, "accuracy", Double.NaN);
    private final ReadOnlyObjectWrapper<DepthProfile> depthProfile = new ReadOnlyObjectWrapper<>(this, "depthProfile", DepthProfile.EMPTY);
    private final ReadOnlyObjectWrapper<LogScale> depthScale = new ReadOnlyObjectWrapper<>(this, "depthScale", DEFAULT_SCALE);
    private final ReadOnlyObjectWrapper<LossSeries> lossSeries = new ReadOnlyObjectWrapper<>(this, "lossSeries", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<LossSeries> testLossSeries = new ReadOnlyObjectWrapper<>(this, "testLossSeries", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<LossSeries> accuracySeries = new ReadOnlyObjectWrapper<>(this, "accuracySeries", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<LossSeries> testAccuracySeries = new ReadOnlyObjectWrapper<>(this, "testAccuracySeries", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<reslab.app.chart.HeatmapData> heatmap = new ReadOnlyObjectWrapper<>(this, "heatmap", reslab.app.chart.HeatmapData.EMPTY);
    private final ReadOnlyDoubleWrapper testAccuracy = new ReadOnlyDoubleWrapper(this, "testAccuracy", Double.NaN);
    private final RunCurves curves = new RunCurves();
    private final javafx.beans.property.ObjectProperty<reslab.app.train.TrainingSettings> settings =
            new javafx.beans.property.SimpleObjectProperty<>(this, "settings");
    private final javafx.beans.property.DoubleProperty maxStepsPerSecond =
            new javafx.beans.property.SimpleDoubleProperty(this, "maxStepsPerSecond", Double.POSITIVE_INFINITY);
    private String settingsTemplate;   // the template whose own settings were last taken
    private final ReadOnlyObjectWrapper<reslab.app.views.SplitData> splitData =
            new ReadOnlyObjectWrapper<>(this, "splitData", reslab.app.views.SplitData.EMPTY);
    private final ReadOnlyObjectWrapper<reslab.app.views.ActivationData> activationData =
            new ReadOnlyObjectWrapper<>(this, "activationData", reslab.app.views.ActivationData.EMPTY);
    private final ReadOnlyObjectWrapper<java.util.Map<String, Double>> networkHeat =
            new ReadOnlyObjectWrapper<>(this, "networkHeat", java.util.Map.of());
    private final ReadOnlyObjectWrapper<NetworkAnalysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    /** Compare mode: the design and its counterpart with or without shortcuts, in lockstep. */
    private final javafx.beans.property.BooleanProperty compare = new javafx.beans.property.SimpleBooleanProperty(this, "compare");
    /** Why compare mode cannot start: empty, or a message key. */
    private final ReadOnlyStringWrapper compareProblem = new ReadOnlyStringWrapper(this, "compareProblem", "");
    private TwinViewModel twin;
    private final BackwardViewModel backward = new BackwardViewModel();
    private final GatesViewModel gates = new GatesViewModel();
    /** A reopened project's run, continued by the next load. */
    private reslab.app.project.SavedRun resume;
    private String resumeDataset;
    /** The run and step count the project file holds (volatile: set when a background save ends). */
    private volatile long savedRunId = -1, savedRunSteps = -1;
    private long gatesRun = -1;
    /** Presenter mode: the training stage alone, full screen, large type. */
    private final javafx.beans.property.BooleanProperty presenter = new javafx.beans.property.SimpleBooleanProperty(this, "presenter");
    /** -1: live (the newest snapshot); otherwise the index of the recorded snapshot shown. */
    private final javafx.beans.property.IntegerProperty replayPosition =
            new javafx.beans.property.SimpleIntegerProperty(this, "replayPosition", -1);
    private final javafx.beans.property.ReadOnlyIntegerWrapper replayLength =
            new javafx.beans.property.ReadOnlyIntegerWrapper(this, "replayLength", 0);
    private List<StepSnapshot> recorded = List.of();
    private long recordedRevision = -1;
    private final javafx.beans.property.ObjectProperty<DashboardView> view =
            new javafx.beans.property.SimpleObjectProperty<>(this, "view", DashboardView.DEPTH_PROFILE);

    private final ReadOnlyObjectWrapper<StepSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private StepSnapshot shown;        // the snapshot the properties show

    /**
     * @param document  the project's design; the trainer follows it (a new network reloads it)
     * @param templates what the chooser lists
     * @param loadTemplate asked to put a chosen template into the project (an undoable edit)
     */
    public MainViewModel(ReadOnlyObjectProperty<ProjectDocument> document, List<Template> templates,
                         Consumer<Template> loadTemplate) {
        if (templates.isEmpty()) throw new IllegalArgumentException("no templates");
        this.templates = List.copyOf(templates);
        this.document = document;
        template.addListener((obs, old, t) -> {
            if (t != null && !t.id().equals(document.get().network().name())) loadTemplate.accept(t);
        });
        metric.addListener((obs, old, m) -> {
            if (twin != null) twin.setMetric(m);
            if (shown != null) depthProfile.set(profileOf(shown, m));
            networkHeat.set(heatOf(shown, m));
            publishCurves();
        });
        maxStepsPerSecond.addListener((o, a, b) -> trainer.setMaxStepsPerSecond(b.doubleValue()));
        compare.addListener((o, a, on) -> {
            replayPosition.set(-1);
            if (on) {
                trainer.pause();
                loadTwin();
            } else if (twin != null) {
                twin.unload();
                compareProblem.set("");
            }
            if (!on) {
                // The single run again: its numbers, not the twin's, from the next frame on.
                shown = null;
                publishCurves();
            }
        });
        document.addListener((obs, old, d) -> follow(d));
        follow(document.get());
    }

    /** The featured templates. */
    public static List<Template> featuredTemplates() {
        return Templates.featured().stream().map(id -> Templates.find(id).orElseThrow()).toList();
    }

    // ---- commands: each returns at once, the trainer thread does the work ----

    public void play() {
        replayPosition.set(-1);
        if (compare.get()) twin().play();
        else trainer.play();
    }

    public void pause() {
        if (compare.get()) twin().pause();
        else trainer.pause();
    }
    public void step() {
        replayPosition.set(-1);
        if (compare.get()) twin().step();
        else trainer.step();
    }

    public void stop() {
        if (compare.get()) twin().stop();
        else trainer.stop();
    }
    public void reset() {
        replayPosition.set(-1);
        if (compare.get()) twin().reset();
        else trainer.reset();
    }

    /** The step-through backward pass. */
    public BackwardViewModel backward() {
        return backward;
    }

    /** Saving and reopening trained runs with the project. */
    public reslab.app.project.RunAccess runAccess() {
        return new reslab.app.project.RunAccess() {
            @Override
            public java.util.concurrent.CompletableFuture<Optional<reslab.app.project.SavedRun>> capture() {
                return captureRun();
            }

            @Override
            public void resumeOnOpen(Optional<reslab.app.project.SavedRun> run, String dataset) {
                resume = run.orElse(null);
                resumeDataset = dataset;
                if (resume != null) {
                    trainedNetwork = null; // the saved run replaces whatever trains now
                    savedRunId = -1;
                    savedRunSteps = -1;
                } else if (dataset != null && settings.get() != null && !dataset.equals(settings.get().dataset())) {
                    settings.set(settings.get().withDataset(dataset));
                    trainedNetwork = null;
                }
            }

            @Override
            public String dataset() {
                return settings.get() == null ? null : settings.get().dataset();
            }

            @Override
            public void markSaved(Optional<reslab.app.project.SavedRun> run) {
                run.ifPresent(r -> {
                    savedRunId = r.runId();
                    savedRunSteps = r.checkpoint().step();
                });
            }

            @Override
            public boolean hasUnsavedRun() {
                StepSnapshot s = trainer.latest();
                // A preview is a freshly loaded (or reopened, or reset) run: nothing trained yet.
                if (s == null || s.preview() || trainer.state() == Trainer.State.EMPTY) return false;
                return !(s.runId() == savedRunId && s.step() + 1 == savedRunSteps);
            }
        };
    }

    private record Captured(reslab.engine.train.TrainingCheckpoint checkpoint, List<StepSnapshot> history, long runId) {}

    /** The run for saving, copied between steps on the training thread; empty before the first step. */
    private java.util.concurrent.CompletableFuture<Optional<reslab.app.project.SavedRun>> captureRun() {
        if (trainer.state() == Trainer.State.EMPTY) return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
        String network = document.get().network().name();
        return trainer.withSession(session -> {
            var cp = session.checkpoint();
            if (cp.step() == 0) return Optional.<Captured>empty();
            StepSnapshot latest = trainer.latest();
            return Optional.of(new Captured(cp, trainer.history().snapshots(), latest == null ? -1 : latest.runId()));
        }).thenApplyAsync(c -> c.map(x -> new reslab.app.project.SavedRun(x.checkpoint(),
                List.of(reslab.engine.telemetry.RunRecording.of(network, "", x.history())), List.of(), x.runId())));
    }

    /**
     * What an ONNX export writes: the network as it trains (the settings' initialiser applied)
     * and its trained values, or null for the initial weights the settings' seed gives.
     */
    public record ModelWeights(NetworkSpec spec, TrainingConfig config, reslab.engine.train.TrainingCheckpoint trained) {}

    /**
     * The current run's weights for an export, copied between steps on the training thread
     * (training goes on); a design no run has loaded (no dataset) gets its initial weights.
     * Call on the UI thread; the design must be valid.
     */
    public java.util.concurrent.CompletableFuture<ModelWeights> captureModel() {
        reslab.app.train.TrainingSettings st = settings.get();
        TrainingConfig config = st == null ? TrainingConfig.defaults(Templates.DEFAULT_SEED) : st.config();
        ModelWeights initial = new ModelWeights(st == null ? document.get().network() : st.applyTo(document.get().network()), config, null);
        Trainer.State now = trainer.state();
        if (!designProblem.get().isEmpty() || now == Trainer.State.EMPTY || now == Trainer.State.CLOSED) {
            return java.util.concurrent.CompletableFuture.completedFuture(initial);
        }
        return trainer.withSession(session -> new ModelWeights(session.network().spec(), session.config(), session.checkpoint()))
                .handle((w, e) -> {
                    if (e == null) return w;
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    // Unloaded since (the design changed to one without data): nothing trained to export.
                    if (cause instanceof IllegalStateException) return initial;
                    throw new java.util.concurrent.CompletionException(cause);
                });
    }

    /** The gates view and its prune action. */
    public GatesViewModel gates() {
        return gates;
    }

    /** Removes the blocks of lowest g(k) from a copy of the current weights (off the UI thread). */
    public void pruneGates() {
        gates.prune(trainer::withSession);
    }

    /** Freezes the batch the next step trains on and records its backward pass (off the UI thread). */
    public void freezeBatch() {
        backward.freeze(trainer::withSession);
    }

    /** The twin view-model, created on first use (it has its own training thread). */
    public TwinViewModel twin() {
        if (twin == null) {
            twin = new TwinViewModel();
            twin.setMaxStepsPerSecond(maxStepsPerSecond.get());
        }
        return twin;
    }

    /** A design and its counterpart with or without shortcuts, with which one has them. */
    record Counterpart(NetworkSpec withShortcuts, NetworkSpec withoutShortcuts, boolean currentHasShortcuts) {}

    /**
     * The current design and the same network with or without shortcuts: a design with
     * shortcuts loses them (every Add or Gate becomes its branch); a plain template gains
     * them through its residual sibling (chain-X to chain-X-residual, plainN to resnetN).
     */
    static Optional<Counterpart> counterpart(NetworkSpec current) {
        var plain = reslab.engine.shape.ResidualEdits.withoutShortcuts(current);
        if (!plain.removed().isEmpty()) return Optional.of(new Counterpart(current, plain.spec(), true));
        String id = current.name();
        String sibling = id.startsWith("plain") ? "resnet" + id.substring(5) : id + "-residual";
        return Templates.find(sibling).filter(t -> !t.id().equals(id))
                .map(t -> new Counterpart(t.spec(), current, false));
    }

    private void loadTwin() {
        ProjectDocument d = document.get();
        if (!designProblem.get().isEmpty()) {
            compareProblem.set("compare.problem.design");
            twin().unload();
            return;
        }
        Optional<Counterpart> c = counterpart(d.network());
        if (c.isEmpty()) {
            compareProblem.set("compare.problem.none");
            twin().unload();
            return;
        }
        compareProblem.set("");
        var st = settings.get();
        String datasetId = st.dataset() != null ? st.dataset() : d.dataset() != null ? d.dataset() : datasetFor(d.network());
        Split data = DatasetCatalog.load(datasetId).orElseThrow();
        Counterpart cp = c.get();
        NetworkSpec first = st.applyTo(cp.currentHasShortcuts() ? cp.withShortcuts() : cp.withoutShortcuts());
        NetworkSpec second = st.applyTo(cp.currentHasShortcuts() ? cp.withoutShortcuts() : cp.withShortcuts());
        twin().load(cp.currentHasShortcuts() ? "with" : "without", first,
                cp.currentHasShortcuts() ? "without" : "with", second, data, st.config());
    }

    /**
     * Shows the recorded step at {@code index} (0 = the first) in every view, without
     * retraining; -1 returns to the newest. Only while training is not running.
     */
    public void replay(int index) {
        if (state.get() == Trainer.State.RUNNING) return;
        replayPosition.set(index < 0 ? -1 : Math.min(index, Math.max(0, replayLength.get() - 1)));
    }

    /** Caps steps per second so the animation can be followed; 0 or less means full speed. */
    public void setMaxStepsPerSecond(double cap) {
        if (twin != null) twin.setMaxStepsPerSecond(cap > 0 ? cap : Double.POSITIVE_INFINITY);
        maxStepsPerSecond.set(cap > 0 ? cap : Double.POSITIVE_INFINITY);
    }

    /**
     * New settings: the run starts over with them (same design). A template brings its own
     * settings when it is loaded; settings chosen here then apply until another template is.
     */
    public void applySettings(reslab.app.train.TrainingSettings s) {
        settings.set(s);
        trainedNetwork = null; // force a reload (and of the twin, if comparing)
        follow(document.get());
    }

    /** Reloads the trainer when the design's network changed (moving a card changes nothing). */
    private void follow(ProjectDocument d) {
        analysis.set(ShapeInference.analyze(d.network()));
        template.set(templates.stream().filter(t -> t.id().equals(d.network().name())).findFirst().orElse(null));
        Optional<Template> own = Templates.find(d.network().name());
        if (own.isPresent() && !own.get().id().equals(settingsTemplate)) {
            settingsTemplate = own.get().id();
            settings.set(reslab.app.train.TrainingSettings.of(own.get()));
        } else if (settings.get() == null) {
            settings.set(reslab.app.train.TrainingSettings.of(TrainingConfig.defaults(Templates.DEFAULT_SEED),
                    d.dataset() != null ? d.dataset() : datasetFor(d.network())));
        }
        if (resume != null) {
            own.ifPresent(t -> settingsTemplate = t.id());
            settings.set(reslab.app.train.TrainingSettings.of(resume.checkpoint().config(),
                    resumeDataset != null ? resumeDataset : settings.get().dataset()));
            trainedNetwork = null;
        }
        if (d.network().equals(trainedNetwork) && java.util.Objects.equals(d.dataset(), trainedDataset)) return;
        trainedNetwork = d.network();
        trainedDataset = d.dataset();
        NetworkAnalysis analysis = ShapeInference.analyze(d.network());
        if (!analysis.valid()) {
            designProblem.set(analysis.diagnostics().size() + "");
            resume = null;
            trainer.unload();
            return;
        }
        String datasetId = settings.get().dataset() != null ? settings.get().dataset()
                : d.dataset() != null ? d.dataset() : datasetFor(d.network());
        Optional<Split> data = datasetId == null ? Optional.empty() : DatasetCatalog.load(datasetId);
        if (data.isEmpty()) {
            designProblem.set("dataset");
            resume = null;
            trainer.unload();
            return;
        }
        designProblem.set("");
        TrainingConfig config = settings.get().config();
        NetworkSpec spec = settings.get().applyTo(d.network());
        Split split = data.get();
        if (resume != null) {
            reslab.app.project.SavedRun r = resume;
            resume = null;
            TrainingConfig saved = r.checkpoint().config();
            trainer.load(runId -> new TrainingSession(spec, split, saved, runId), r.checkpoint(), r.replay());
        } else {
            trainer.load(runId -> new TrainingSession(spec, split, config, runId));
        }
        state.set(Trainer.State.LOADING);
        if (compare.get()) loadTwin();
    }

    /**
     * A dataset that fits the input, for designs that name none: spirals for two values, MNIST
     * for one image channel (padded or resized to fit), Fashion-MNIST for three.
     */
    static String datasetFor(NetworkSpec spec) {
        return spec.nodes().stream().filter(n -> n.layer() instanceof reslab.engine.spec.InputSpec)
                .map(n -> ((reslab.engine.spec.InputSpec) n.layer()).shape()).findFirst().map(s -> {
                    if (s.rank() == 1) return s.dim(0) == 2 ? "spirals" : null;
                    return s.dim(0) == 1 ? "mnist" : s.dim(0) == 3 ? "fashion-mnist" : null;
                }).orElse(null);
    }

    /**
     * Copies the trainer's newest results into the properties. Call once per frame on the
     * UI thread; cheap when nothing changed.
     */
    public void onFrame() {
        if (resume != null) follow(document.get()); // reopened with the same design: no change event came
        backward.onFrame();
        gates.onFrame();
        if (compare.get()) {
            TwinViewModel t = twin();
            t.onFrame();
            state.set(compareProblem.get().isEmpty() ? t.stateProperty().get() : Trainer.State.EMPTY);
            problem.set(t.problemProperty().get());
            var pair = t.snapshotProperty().get();
            StepSnapshot a = pair == null ? null : pair.a().snapshot();
            if (a != null) {
                stepsDone.set(a.preview() ? a.step() : a.step() + 1);
                loss.set(a.loss());
                accuracy.set(a.accuracy());
            }
            // The first run's (with shortcuts), as the step and loss: never the single run's left over.
            LossSeries testA = t.testAccuracyAProperty().get();
            testAccuracy.set(testA.size() == 0 ? Double.NaN : testA.value(testA.size() - 1));
            return;
        }
        state.set(trainer.state());
        problem.set(trainer.message());
        StepSnapshot s = trainer.latest();
        if (state.get() == Trainer.State.RUNNING && replayPosition.get() >= 0) replayPosition.set(-1);
        long revision = trainer.history().revision();
        if (revision != recordedRevision && state.get() != Trainer.State.RUNNING) {
            // The recording is copied only while paused: a running trainer changes it every step.
            recorded = trainer.history().snapshots();
            recordedRevision = revision;
            replayLength.set(recorded.size());
        }
        if (state.get() == Trainer.State.RUNNING) replayLength.set(trainer.history().size());
        if (s != null && replayPosition.get() >= 0 && replayPosition.get() < recorded.size()) {
            s = recorded.get(replayPosition.get());
        }
        if (s == null && shown != null) {
            shown = null;
            snapshot.set(null);
            depthProfile.set(DepthProfile.EMPTY);
            splitData.set(reslab.app.views.SplitData.EMPTY);
            activationData.set(reslab.app.views.ActivationData.EMPTY);
            networkHeat.set(java.util.Map.of());
            curves.clear();
            publishCurves();
            stepsDone.set(0);
            loss.set(Double.NaN);
            accuracy.set(Double.NaN);
        }
        if (s != null && s != shown) {
            shown = s;
            snapshot.set(s);
            stepsDone.set(s.preview() ? s.step() : s.step() + 1);
            loss.set(s.loss());
            accuracy.set(s.accuracy());

            DepthProfile p = profileOf(s, metric.get());
            LogScale scale = depthScale.get();
            for (DepthProfile.Bar b : p.bars()) scale = scale.including(b.value());
            depthScale.set(scale);
            depthProfile.set(p);
            splitData.set(reslab.app.views.SplitData.of(s));
            activationData.set(reslab.app.views.ActivationData.of(s));
            networkHeat.set(heatOf(s, metric.get()));
        }
        readLossHistory();
    }

    private void readLossHistory() {
        if (!curves.update(trainer.history())) return;
        if (curves.loss.size() <= 1) depthScale.set(DEFAULT_SCALE);
        publishCurves();
    }

    private void publishCurves() {
        LossSeries test = curves.testAccuracy.build();
        // From the curve, not the shown snapshot: a frame may skip the step that was evaluated.
        testAccuracy.set(test.size() == 0 ? Double.NaN : test.value(test.size() - 1));
        lossSeries.set(curves.loss.build());
        testLossSeries.set(curves.testLoss.build());
        accuracySeries.set(curves.accuracy.build());
        testAccuracySeries.set(curves.testAccuracy.build());
        heatmap.set(metric.get() == Metric.BACKPROPAGATED_GRADIENT ? curves.deltaHeat.build() : curves.weightHeat.build());
        if (curves.run() != gatesRun) {
            gatesRun = curves.run();
            gates.clearResult();
        }
        gates.setCurves(curves.gateCurves());
    }

    /**
     * The value that colours each node of the network view: the backpropagated gradient at
     * every node, or the weight gradient of the weighted ones.
     */
    static java.util.Map<String, Double> heatOf(StepSnapshot s, Metric m) {
        if (s == null) return java.util.Map.of();
        java.util.Map<String, Double> heat = new java.util.HashMap<>();
        for (NodeTelemetry n : s.nodes()) {
            double v = m == Metric.BACKPROPAGATED_GRADIENT ? n.deltaRms() : n.weightGradNorm();
            if (!Double.isNaN(v)) heat.put(n.node(), v);
        }
        return java.util.Map.copyOf(heat);
    }

    /** One bar per weighted layer: hidden layers numbered from 1, the last one "out". */
    public static DepthProfile profileOf(StepSnapshot s, Metric m) {
        List<NodeTelemetry> layers = s.weightedLayers();
        List<DepthProfile.Bar> bars = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            NodeTelemetry n = layers.get(i);
            String label = i == layers.size() - 1 ? DepthProfile.OUTPUT_LABEL : Integer.toString(i + 1);
            bars.add(new DepthProfile.Bar(n.node(), label, m.valueOf(n)));
        }
        return new DepthProfile(bars);
    }

    // ---- derived state for the buttons ----

    public BooleanBinding canPlay() {
        return stateIsNot(Trainer.State.RUNNING, Trainer.State.LOADING, Trainer.State.CLOSED, Trainer.State.EMPTY);
    }

    public BooleanBinding canPause() {
        return Bindings.createBooleanBinding(() -> state.get() == Trainer.State.RUNNING, state);
    }

    public BooleanBinding canStep() {
        return stateIsNot(Trainer.State.RUNNING, Trainer.State.LOADING, Trainer.State.CLOSED, Trainer.State.EMPTY);
    }

    public BooleanBinding canStop() {
        return Bindings.createBooleanBinding(() -> state.get() == Trainer.State.RUNNING || state.get() == Trainer.State.PAUSED, state);
    }

    public BooleanBinding canReset() {
        return stateIsNot(Trainer.State.LOADING, Trainer.State.CLOSED, Trainer.State.EMPTY);
    }

    private BooleanBinding stateIsNot(Trainer.State... states) {
        return Bindings.createBooleanBinding(() -> {
            if (!designProblem.get().isEmpty()) return false;
            for (Trainer.State st : states) if (state.get() == st) return false;
            return true;
        }, state, designProblem);
    }

    // ---- properties ----

    public List<Template> templates() { return templates; }
    public ObjectProperty<Template> templateProperty() { return template; }
    public ObjectProperty<Metric> metricProperty() { return metric; }
    /** The newest training snapshot shown, or null before the first. */
    public ReadOnlyObjectProperty<StepSnapshot> snapshotProperty() { return snapshot.getReadOnlyProperty(); }
    /** Why the design cannot train: empty if it can, a count of problems, or "dataset". */
    public ReadOnlyStringProperty designProblemProperty() { return designProblem.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Trainer.State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    public ReadOnlyLongProperty stepsDoneProperty() { return stepsDone.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty lossProperty() { return loss.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty accuracyProperty() { return accuracy.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DepthProfile> depthProfileProperty() { return depthProfile.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LogScale> depthScaleProperty() { return depthScale.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> lossSeriesProperty() { return lossSeries.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> testLossSeriesProperty() { return testLossSeries.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> accuracySeriesProperty() { return accuracySeries.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> testAccuracySeriesProperty() { return testAccuracySeries.getReadOnlyProperty(); }
    /** Layers x steps of the metric the depth profile shows. */
    public ReadOnlyObjectProperty<reslab.app.chart.HeatmapData> heatmapProperty() { return heatmap.getReadOnlyProperty(); }
    /** Accuracy on the test split at the last evaluation; NaN before the first. */
    public ReadOnlyDoubleProperty testAccuracyProperty() { return testAccuracy.getReadOnlyProperty(); }
    /** The settings the current run uses. */
    public javafx.beans.property.ReadOnlyObjectProperty<reslab.app.train.TrainingSettings> settingsProperty() { return settings; }
    public ReadOnlyObjectProperty<reslab.app.views.SplitData> splitDataProperty() { return splitData.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<reslab.app.views.ActivationData> activationDataProperty() { return activationData.getReadOnlyProperty(); }
    /** Gradient magnitude per node of the shown snapshot, for the network view. */
    public ReadOnlyObjectProperty<java.util.Map<String, Double>> networkHeatProperty() { return networkHeat.getReadOnlyProperty(); }
    /** Shape inference of the design being trained (for drawing it). */
    public ReadOnlyObjectProperty<NetworkAnalysis> analysisProperty() { return analysis.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ProjectDocument> documentProperty() { return document; }
    public javafx.beans.property.BooleanProperty presenterProperty() { return presenter; }
    public javafx.beans.property.BooleanProperty compareProperty() { return compare; }
    public ReadOnlyStringProperty compareProblemProperty() { return compareProblem.getReadOnlyProperty(); }
    /** -1 while live; else which recorded step every view shows. */
    public javafx.beans.property.ReadOnlyIntegerProperty replayPositionProperty() { return replayPosition; }
    /** How many recorded steps the run has (the replay slider's range). */
    public javafx.beans.property.ReadOnlyIntegerProperty replayLengthProperty() { return replayLength.getReadOnlyProperty(); }
    /** Which view the training stage shows. */
    public javafx.beans.property.ObjectProperty<DashboardView> viewProperty() { return view; }
    /** Steps per second, infinity for full speed. */
    public javafx.beans.property.DoubleProperty maxStepsPerSecondProperty() { return maxStepsPerSecond; }

    /** The recorded snapshots of the current run, oldest first (a copy; safe from any thread). */
    public List<StepSnapshot> recordedRun() {
        return trainer.history().snapshots();
    }

    /** For tests and the shutdown check: the training thread is still running. */
    public boolean isTrainerAlive() {
        return trainer.isAlive() || (twin != null && twin.isAlive());
    }

    /**
     * Stops training and ends its thread, waiting at most {@code timeoutMillis}. Safe from any
     * thread (it touches no property; the next {@link #onFrame()} shows CLOSED), so the UI
     * can call it from a helper thread instead of waiting itself.
     */
    public void close(long timeoutMillis) {
        if (twin != null) twin.close(timeoutMillis);
        trainer.close(timeoutMillis);
    }

    @Override
    public void close() {
        close(1500);
    }

    /** Title of a template in the current language: the bundle's, else the engine's English one. */
    public static String titleOf(Template t, Function<String, String> lookup) {
        String title = lookup.apply("template." + t.id() + ".title");
        return title != null ? title : t.title();
    }
}
