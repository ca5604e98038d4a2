package reslab.app.main;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import reslab.app.chart.DepthProfile;
import reslab.app.chart.HeatmapData;
import reslab.app.chart.LossSeries;
import reslab.engine.data.Split;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.telemetry.TwinSnapshot;
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.Trainer;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.train.TwinTrainer;

/**
 * Two designs trained in lockstep on identical batches, seed and settings (the engine's
 * {@link TwinTrainer} checks the batches), shown side by side: each run's depth profile and
 * heatmap, both loss and test-accuracy curves. Sampled once per frame like the single run.
 */
public final class TwinViewModel implements AutoCloseable {
    private final TwinTrainer twin = new TwinTrainer(ComputeThreads.leavingOneCore());
    private final ReadOnlyObjectWrapper<Trainer.State> state = new ReadOnlyObjectWrapper<>(this, "state", Trainer.State.EMPTY);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper nameA = new ReadOnlyStringWrapper(this, "nameA", "");
    private final ReadOnlyStringWrapper nameB = new ReadOnlyStringWrapper(this, "nameB", "");
    private final ReadOnlyObjectWrapper<TwinSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<DepthProfile> profileA = new ReadOnlyObjectWrapper<>(this, "profileA", DepthProfile.EMPTY);
    private final ReadOnlyObjectWrapper<DepthProfile> profileB = new ReadOnlyObjectWrapper<>(this, "profileB", DepthProfile.EMPTY);
    private final ReadOnlyObjectWrapper<LossSeries> lossA = new ReadOnlyObjectWrapper<>(this, "lossA", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<LossSeries> lossB = new ReadOnlyObjectWrapper<>(this, "lossB", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<LossSeries> testAccuracyA = new ReadOnlyObjectWrapper<>(this, "testAccuracyA", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<LossSeries> testAccuracyB = new ReadOnlyObjectWrapper<>(this, "testAccuracyB", LossSeries.EMPTY);
    private final ReadOnlyObjectWrapper<HeatmapData> heatmapA = new ReadOnlyObjectWrapper<>(this, "heatmapA", HeatmapData.EMPTY);
    private final ReadOnlyObjectWrapper<HeatmapData> heatmapB = new ReadOnlyObjectWrapper<>(this, "heatmapB", HeatmapData.EMPTY);
    private final RunCurves curvesA = new RunCurves();
    private final RunCurves curvesB = new RunCurves();
    private Metric metric = Metric.BACKPROPAGATED_GRADIENT;

    /** Trains {@code a} and {@code b} with the same data and settings. */
    public void load(String labelA, NetworkSpec a, String labelB, NetworkSpec b, Split data, TrainingConfig config) {
        nameA.set(labelA);
        nameB.set(labelB);
        curvesA.clear();
        curvesB.clear();
        twin.load(new TwinTrainer.Design(labelA, runId -> new TrainingSession(a, data, config, runId)),
                new TwinTrainer.Design(labelB, runId -> new TrainingSession(b, data, config, runId)));
        state.set(Trainer.State.LOADING);
    }

    public void unload() {
        twin.unload();
    }

    public void play() { twin.play(); }
    public void pause() { twin.pause(); }
    public void step() { twin.step(); }
    public void stop() { twin.stop(); }
    public void reset() { twin.reset(); }

    public void setMaxStepsPerSecond(double cap) {
        twin.setMaxStepsPerSecond(cap);
    }

    void setMetric(Metric m) {
        metric = m;
        TwinSnapshot s = snapshot.get();
        if (s != null) show(s);
        publish();
    }

    /** Copies the newest pair into the properties; call once per frame on the UI thread. */
    public void onFrame() {
        state.set(twin.state());
        problem.set(twin.message());
        TwinSnapshot s = twin.latest();
        if (s != snapshot.get()) {
            snapshot.set(s);
            if (s == null) {
                profileA.set(DepthProfile.EMPTY);
                profileB.set(DepthProfile.EMPTY);
                curvesA.clear();
                curvesB.clear();
                publish();
            } else {
                show(s);
            }
        }
        List<TwinSnapshot> fresh = twin.history().after(curvesA.run(), curvesA.lastStep());
        if (!fresh.isEmpty()) {
            curvesA.update(fresh.stream().map(t -> t.a().snapshot()).filter(java.util.Objects::nonNull).toList());
            curvesB.update(fresh.stream().map(t -> t.b().snapshot()).filter(java.util.Objects::nonNull).toList());
            publish();
        }
    }

    private void show(TwinSnapshot s) {
        StepSnapshot a = s.a().snapshot(), b = s.b().snapshot();
        profileA.set(a == null ? DepthProfile.EMPTY : MainViewModel.profileOf(a, metric));
        profileB.set(b == null ? DepthProfile.EMPTY : MainViewModel.profileOf(b, metric));
    }

    private void publish() {
        lossA.set(curvesA.loss.build());
        lossB.set(curvesB.loss.build());
        testAccuracyA.set(curvesA.testAccuracy.build());
        testAccuracyB.set(curvesB.testAccuracy.build());
        boolean delta = metric == Metric.BACKPROPAGATED_GRADIENT;
        heatmapA.set(delta ? curvesA.deltaHeat.build() : curvesA.weightHeat.build());
        heatmapB.set(delta ? curvesB.deltaHeat.build() : curvesB.weightHeat.build());
    }

    public boolean isAlive() {
        return twin.isAlive();
    }

    public void close(long millis) {
        twin.close(millis);
    }

    @Override
    public void close() {
        close(1500);
    }

    public ReadOnlyObjectProperty<Trainer.State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty nameAProperty() { return nameA.getReadOnlyProperty(); }
    public ReadOnlyStringProperty nameBProperty() { return nameB.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<TwinSnapshot> snapshotProperty() { return snapshot.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DepthProfile> profileAProperty() { return profileA.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DepthProfile> profileBProperty() { return profileB.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> lossAProperty() { return lossA.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> lossBProperty() { return lossB.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> testAccuracyAProperty() { return testAccuracyA.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<LossSeries> testAccuracyBProperty() { return testAccuracyB.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<HeatmapData> heatmapAProperty() { return heatmapA.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<HeatmapData> heatmapBProperty() { return heatmapB.getReadOnlyProperty(); }
}
