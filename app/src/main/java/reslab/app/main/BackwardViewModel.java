package reslab.app.main;

import java.util.ArrayList;
import java.util.List;
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
import reslab.app.chart.DepthProfile;
import reslab.engine.graph.BackwardStep;
import reslab.engine.graph.BackwardTrace;
import reslab.engine.train.FrozenBatch;
import reslab.engine.train.TrainingSession;

/**
 * The step-through backward pass: one batch frozen (weights and data copied on the training
 * thread), the whole backward walk recorded on a worker thread, then stepped through one node
 * at a time from the loss toward the input. The bars show the gradient each node received so
 * far; nodes not reached yet stay empty.
 */
public final class BackwardViewModel {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reslab-backward-trace");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyObjectWrapper<BackwardTrace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    private final IntegerProperty position = new SimpleIntegerProperty(this, "position", 0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<DepthProfile> profile = new ReadOnlyObjectWrapper<>(this, "profile", DepthProfile.EMPTY);
    private final ReadOnlyObjectWrapper<String> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private CompletableFuture<BackwardTrace> pending;

    public BackwardViewModel() {
        position.addListener((o, a, b) -> updateProfile());
    }

    /**
     * Freezes the batch the next step would train on and records its backward pass.
     * {@code onTrainingThread} runs a task on the trainer's thread (Trainer.withSession).
     */
    public void freeze(Function<Function<TrainingSession, FrozenBatch>, CompletableFuture<FrozenBatch>> onTrainingThread) {
        if (busy.get()) return;
        busy.set(true);
        failure.set(null);
        pending = onTrainingThread.apply(FrozenBatch::capture)
                .thenApplyAsync(batch -> BackwardTrace.record(batch, BackwardTrace.Options.DEFAULT), worker);
    }

    /** Picks up a finished recording; call once per frame. */
    public void onFrame() {
        if (pending == null || !pending.isDone()) return;
        try {
            trace.set(pending.join());
            position.set(0);
            updateProfile();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            failure.set(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } finally {
            pending = null;
            busy.set(false);
        }
    }

    /** One node further toward the input. */
    public void next() {
        if (trace.get() != null) position.set(Math.min(position.get() + 1, trace.get().steps().size() - 1));
    }

    /** One node back toward the loss. */
    public void previous() {
        position.set(Math.max(0, position.get() - 1));
    }

    public void toInput() {
        if (trace.get() != null) position.set(trace.get().steps().size() - 1);
    }

    public void toLoss() {
        position.set(0);
    }

    /** The node at the current position, or null. */
    public BackwardStep current() {
        BackwardTrace t = trace.get();
        return t == null || t.steps().isEmpty() ? null : t.steps().get(Math.min(position.get(), t.steps().size() - 1));
    }

    /** Bars in forward order (input left): the gradient each reached node received, 0 for the rest. */
    private void updateProfile() {
        BackwardTrace t = trace.get();
        if (t == null) {
            profile.set(DepthProfile.EMPTY);
            return;
        }
        List<BackwardStep> steps = t.steps();
        List<DepthProfile.Bar> bars = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            BackwardStep s = steps.get(i);
            if (s.kind().equals("Input")) continue;
            double v = i <= position.get() ? s.incoming().rms() : 0;
            String label = i == position.get() ? "▲" : "";
            bars.add(new DepthProfile.Bar(s.node(), label, v));
        }
        profile.set(new DepthProfile(bars));
    }

    public ReadOnlyObjectProperty<BackwardTrace> traceProperty() { return trace.getReadOnlyProperty(); }
    public IntegerProperty positionProperty() { return position; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DepthProfile> profileProperty() { return profile.getReadOnlyProperty(); }
    /** Why the last recording failed, or null. */
    public ReadOnlyObjectProperty<String> failureProperty() { return failure.getReadOnlyProperty(); }
}
