package reslab.app.main;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import reslab.app.chart.GateCurves;
import reslab.engine.train.GatePruning;
import reslab.engine.train.TrainingSession;

/**
 * The gates view: g(k) of every gated block over the run, and the layer-removal experiment of
 * the residual-gates paper: remove the blocks with the lowest g(k), no retraining, and compare
 * test accuracy before and after. The weights are copied on the training thread between steps;
 * the evaluation runs on a worker, so training and the UI go on.
 */
public final class GatesViewModel {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reslab-gate-pruning");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyObjectWrapper<GateCurves> curves = new ReadOnlyObjectWrapper<>(this, "curves", GateCurves.EMPTY);
    private final IntegerProperty pruneCount = new SimpleIntegerProperty(this, "pruneCount", 1);
    private final ReadOnlyObjectWrapper<Set<String>> marked = new ReadOnlyObjectWrapper<>(this, "marked", Set.of());
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<GatePruning.Result> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<String> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private CompletableFuture<GatePruning.Result> pending;

    public GatesViewModel() {
        pruneCount.addListener((o, a, b) -> updateMarked());
    }

    /** New curves for the run (from the training history); the marked blocks follow the newest g. */
    void setCurves(GateCurves c) {
        curves.set(c);
        updateMarked();
    }

    /** A new run: the old experiment's result no longer describes these weights. */
    void clearResult() {
        result.set(null);
        failure.set(null);
    }

    /**
     * The labels of the {@code pruneCount} blocks with the lowest g at the newest step, the rule
     * {@link GatePruning#lowest} applies (a stable sort: ties go to the block nearer the input).
     */
    private void updateMarked() {
        List<GateCurves.Curve> list = new ArrayList<>();
        for (GateCurves.Curve c : curves.get().curves()) if (c.series().size() > 0) list.add(c);
        list.sort(Comparator.comparingDouble(c -> c.series().value(c.series().size() - 1)));
        int n = Math.max(0, Math.min(pruneCount.get(), list.size()));
        Set<String> out = new LinkedHashSet<>();
        for (GateCurves.Curve c : list.subList(0, n)) out.add(c.label());
        marked.set(Set.copyOf(out));
    }

    /** How many gated blocks the run has. */
    public int gateCount() {
        return curves.get().curves().size();
    }

    /**
     * Removes the {@code pruneCount} blocks of lowest g from a copy of the current weights and
     * evaluates the test set before and after. {@code onTrainingThread} runs a task on the
     * trainer's thread (Trainer.withSession).
     */
    public void prune(Function<Function<TrainingSession, GatePruning.Input>, CompletableFuture<GatePruning.Input>> onTrainingThread) {
        if (busy.get()) return;
        int n = pruneCount.get();
        busy.set(true);
        failure.set(null);
        pending = onTrainingThread.apply(GatePruning.Input::capture)
                .thenApplyAsync(in -> GatePruning.removeLowest(in, n), worker);
    }

    /** Picks up a finished experiment; call once per frame. */
    public void onFrame() {
        if (pending == null || !pending.isDone()) return;
        try {
            result.set(pending.join());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            failure.set(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } finally {
            pending = null;
            busy.set(false);
        }
    }

    public ReadOnlyObjectProperty<GateCurves> curvesProperty() { return curves.getReadOnlyProperty(); }
    public IntegerProperty pruneCountProperty() { return pruneCount; }
    /** The labels of the blocks the prune action would remove now. */
    public ReadOnlyObjectProperty<Set<String>> markedProperty() { return marked.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** The last experiment, or null. */
    public ReadOnlyObjectProperty<GatePruning.Result> resultProperty() { return result.getReadOnlyProperty(); }
    /** Why the last experiment failed, or null. */
    public ReadOnlyObjectProperty<String> failureProperty() { return failure.getReadOnlyProperty(); }
}
