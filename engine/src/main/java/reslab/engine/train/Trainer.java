package reslab.engine.train;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.telemetry.TelemetryHistory;

/**
 * Runs training on its own thread. Every method returns at once: it queues a command that
 * the training thread executes between steps. Results are published as immutable
 * snapshots ({@link #latest()}, {@link #history()}) that any thread may read; a UI samples
 * them once per frame.
 */
public final class Trainer implements AutoCloseable {
    public enum State {
        /** Nothing loaded yet. */
        EMPTY,
        /** Building the network (compiling, first forward/backward). */
        LOADING,
        /** Weights ready, no step taken since the last (re)start. */
        READY,
        RUNNING,
        PAUSED,
        /** The run ended; Play starts a fresh run from the same seed. */
        STOPPED,
        /** Training diverged or failed; {@link #message()} says why. The last good weights are kept. */
        FAILED,
        CLOSED
    }

    private final AtomicReference<StepSnapshot> latest = new AtomicReference<>();
    private final TelemetryHistory history = new TelemetryHistory(20_000);
    private final AtomicLong runIds = new AtomicLong();
    private final TrainingThread thread;

    private volatile State state = State.EMPTY;
    private volatile String message = "";

    // Touched only by the training thread.
    private LongFunction<TrainingSession> factory;
    private TrainingSession session;

    public Trainer() {
        this(0);
    }

    /**
     * @param computeThreads if positive, the ND4J thread count set from the training thread
     *                       before any work (see {@link ComputeThreads}); 0 leaves ND4J's default
     */
    public Trainer(int computeThreads) {
        thread = new TrainingThread("reslab-trainer", computeThreads, new TrainingThread.Owner() {
            @Override public boolean running() { return state == State.RUNNING; }
            @Override public void step() { runOneStep(); }
            @Override public void failed(Throwable e) { fail(describe(e)); }
            @Override public void ended() {
                session = null;
                state = State.CLOSED; // a load or failure that finished after close() must not revive the state
            }
        });
    }

    /**
     * Uses {@code factory} (given a fresh run id) for this and every later run, builds the
     * network and publishes a preview of its gradients at initialisation.
     */
    public void load(LongFunction<TrainingSession> factory) {
        submit(() -> {
            this.factory = factory;
            restart(State.READY);
        });
    }

    /** Forgets the network (e.g. the design became invalid): EMPTY, no snapshot. */
    public void unload() {
        submit(() -> {
            factory = null;
            awaitTelemetry();
            session = null;
            latest.set(null);
            history.clear();
            message = "";
            state = State.EMPTY;
        });
    }

    public void play() {
        submit(() -> {
            if (session == null || state == State.STOPPED || state == State.FAILED) restart(State.READY);
            if (session != null) state = State.RUNNING;
        });
    }

    public void pause() {
        submit(() -> {
            if (state == State.RUNNING) state = State.PAUSED;
        });
    }

    /** Exactly one batch, then paused. */
    public void step() {
        submit(() -> {
            if (session == null || state == State.STOPPED || state == State.FAILED) restart(State.READY);
            if (session == null) return;
            state = State.PAUSED;
            runOneStep();
        });
    }

    public void stop() {
        submit(() -> {
            if (session != null && state != State.FAILED) state = State.STOPPED;
        });
    }

    /** Fresh weights from the same seed, step 0, history cleared. */
    public void reset() {
        submit(() -> restart(State.READY));
    }

    /** Caps the training speed so an animation can be followed; infinity for full speed. */
    public void setMaxStepsPerSecond(double stepsPerSecond) {
        thread.setMaxStepsPerSecond(stepsPerSecond);
    }

    /**
     * Runs {@code task} on the training thread between steps, with the current session (e.g.
     * to copy its weights for an experiment, {@code GatePruning.Input::capture}). The future
     * fails with IllegalStateException when no session is loaded or the trainer is closed, or
     * with the task's exception; one queued just before {@link #close} may never complete, so
     * wait with a timeout. Keep the task short: training waits for it.
     */
    public <T> java.util.concurrent.CompletableFuture<T> withSession(java.util.function.Function<TrainingSession, T> task) {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        if (thread.isClosed()) {
            result.completeExceptionally(new IllegalStateException("the trainer is closed"));
            return result;
        }
        submit(() -> {
            if (session == null) {
                result.completeExceptionally(new IllegalStateException("no network is loaded (state " + state + ")"));
                return;
            }
            try {
                session.awaitTelemetry();
                result.complete(task.apply(session));
            } catch (RuntimeException | OutOfMemoryError e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    public State state() { return state; }

    /** Why the trainer failed, or empty. */
    public String message() { return message; }

    /** The newest snapshot, or null before the first one. */
    public StepSnapshot latest() { return latest.get(); }

    public TelemetryHistory history() { return history; }

    /**
     * Stops training and ends the thread. Waits at most {@code timeoutMillis} for a step in
     * progress to finish; the thread is a daemon, so an exiting JVM never waits for it.
     */
    public void close(long timeoutMillis) {
        thread.stop();
        state = State.CLOSED;
        thread.join(timeoutMillis);
    }

    @Override
    public void close() {
        close(1500);
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    private void submit(Runnable r) {
        thread.submit(r);
    }

    private void restart(State next) {
        if (factory == null) return;
        state = State.LOADING;
        message = "";
        awaitTelemetry(); // no snapshot of the old run may arrive after the new one's
        session = null;
        long runId = runIds.incrementAndGet();
        history.clear();
        try {
            session = factory.apply(runId);
            StepSnapshot preview = session.preview();
            latest.set(preview);
            history.append(preview);
            state = next;
        } catch (RuntimeException | OutOfMemoryError e) {
            session = null;
            fail(describe(e));
        }
    }

    private void runOneStep() {
        try {
            // The snapshot is published from the telemetry thread once it is read, while the
            // next step runs here.
            session.stepPipelined(s -> {
                latest.set(s);
                history.append(s);
            });
        } catch (DivergenceException e) {
            fail(e.getMessage());
        }
    }

    private void awaitTelemetry() {
        if (session != null) session.awaitTelemetry();
    }

    private void fail(String why) {
        message = why;
        state = State.FAILED;
    }

    private static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) return "out of memory: the network or batch is too large for this computer";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    // ---- saving and resuming a run (project files) ----

    /**
     * A copy of the current run's state for saving, taken on the training thread between
     * steps; empty when no run is loaded. After a failure it holds the last good weights.
     * Completes exceptionally if the trainer is closed first; wait with a timeout.
     */
    public java.util.concurrent.CompletableFuture<java.util.Optional<TrainingCheckpoint>> checkpoint() {
        java.util.concurrent.CompletableFuture<java.util.Optional<TrainingCheckpoint>> f = new java.util.concurrent.CompletableFuture<>();
        if (thread.isClosed()) {
            f.completeExceptionally(new IllegalStateException("the trainer is closed"));
            return f;
        }
        submit(() -> {
            try {
                awaitTelemetry(); // the history then holds every step the checkpoint has taken
                f.complete(java.util.Optional.ofNullable(session).map(TrainingSession::checkpoint));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * {@link #load} whose first run continues the saved run {@code resumeFrom} (from
     * {@code ProjectFile.open}); a later restart (Reset, Play after Stop) starts afresh. What
     * the checkpoint lacked is what the file's warnings named.
     */
    public void load(LongFunction<TrainingSession> factory, TrainingCheckpoint resumeFrom) {
        load(factory, resumeFrom, java.util.List.of());
    }

    /**
     * {@link #load(LongFunction, TrainingCheckpoint)} whose history starts with the saved run's
     * recorded snapshots ({@code before}, oldest first; those from the checkpoint's step on are
     * skipped), so curves and replay cover the whole run, not just what follows the reopening.
     */
    public void load(LongFunction<TrainingSession> factory, TrainingCheckpoint resumeFrom, java.util.List<StepSnapshot> before) {
        java.util.List<StepSnapshot> prior = java.util.List.copyOf(before);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        load(runId -> {
            TrainingSession s = factory.apply(runId);
            if (first.getAndSet(false)) {
                s.restore(resumeFrom);
                // restart() cleared the history just before calling the factory; the preview follows.
                for (StepSnapshot p : prior) if (p.step() < resumeFrom.step()) history.append(p.withRunId(runId));
            }
            return s;
        });
    }
}
