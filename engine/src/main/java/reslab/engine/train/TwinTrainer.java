package reslab.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.buffer.DataType;
import reslab.engine.data.Batches;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.telemetry.TwinHistory;
import reslab.engine.telemetry.TwinSnapshot;

/**
 * Twin runs: two designs (say a residual net and the same net without its shortcuts) trained
 * in lockstep on one thread, with the commands of {@link Trainer} and its states. Both
 * sessions must have equal {@link TrainingConfig}s (seed, batch size, optimizer, schedule,
 * evaluation period, ...), so both draw the same batches in the same order; before every
 * step the trainer checks that the two batches are identical (input values and labels) and
 * fails the twin if they are not. Each step trains run A, then run B, on their batches of
 * that step, and publishes one immutable {@link TwinSnapshot} holding both runs' snapshots.
 *
 * <p>Divergence: a run that diverges stops for good (its last good snapshot and weights
 * stay, {@link TwinSnapshot.Run#diverged()} says why) and the twin pauses at that step, so a
 * class sees the moment; {@link #message()} names the run. Play or Step then trains the
 * other run alone, on the same batches it would have had, until Stop or Reset starts both
 * afresh. If both diverge the twin is FAILED.
 *
 * <p>Threading: every command returns at once and runs on the training thread between steps;
 * {@link #latest()} and {@link #history()} may be read from any thread.
 */
public final class TwinTrainer implements AutoCloseable {
    /** One side of the twin: the name the UI shows and how to build its session for a run id. */
    public record Design(String name, LongFunction<TrainingSession> factory) {
        public Design {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a twin run needs a name");
            if (factory == null) throw new IllegalArgumentException("run '" + name + "' has no session factory");
        }
    }

    private final AtomicReference<TwinSnapshot> latest = new AtomicReference<>();
    private final TwinHistory history = new TwinHistory(20_000);
    private final AtomicLong runIds = new AtomicLong();
    private final TrainingThread thread;

    private volatile Trainer.State state = Trainer.State.EMPTY;
    private volatile String message = "";

    // Touched only by the training thread.
    private Design designA, designB;
    private Side a, b;
    private long runId;

    /** One run of the twin, on the training thread. */
    private static final class Side {
        final String name;
        final TrainingSession session;
        StepSnapshot last;
        long fingerprint;
        String diverged;

        Side(String name, TrainingSession session) {
            this.name = name;
            this.session = session;
        }

        TwinSnapshot.Run run() {
            return new TwinSnapshot.Run(name, last, fingerprint, diverged);
        }
    }

    public TwinTrainer() {
        this(0);
    }

    /** @param computeThreads if positive, the ND4J thread count set from the training thread (see {@link ComputeThreads}) */
    public TwinTrainer(int computeThreads) {
        thread = new TrainingThread("reslab-twin-trainer", computeThreads, new TrainingThread.Owner() {
            @Override public boolean running() { return state == Trainer.State.RUNNING; }
            @Override public void step() { runOneStep(); }
            @Override public void failed(Throwable e) { fail(describe(e)); }
            @Override public void ended() {
                a = b = null;
                state = Trainer.State.CLOSED;
            }
        });
    }

    /**
     * Uses the two designs for this and every later run (each factory gets the twin's run id),
     * builds both networks and publishes a preview pair of their gradients at initialisation.
     */
    public void load(Design first, Design second) {
        submit(() -> {
            designA = first;
            designB = second;
            restart();
        });
    }

    /** Forgets both networks: EMPTY, no snapshot. */
    public void unload() {
        submit(() -> {
            designA = designB = null;
            a = b = null;
            latest.set(null);
            history.clear();
            message = "";
            state = Trainer.State.EMPTY;
        });
    }

    public void play() {
        submit(() -> {
            if (needsRestart()) restart();
            if (a != null) state = Trainer.State.RUNNING;
        });
    }

    public void pause() {
        submit(() -> {
            if (state == Trainer.State.RUNNING) state = Trainer.State.PAUSED;
        });
    }

    /** Exactly one batch for each live run, then paused. */
    public void step() {
        submit(() -> {
            if (needsRestart()) restart();
            if (a == null) return;
            state = Trainer.State.PAUSED;
            runOneStep();
        });
    }

    public void stop() {
        submit(() -> {
            if (a != null && state != Trainer.State.FAILED) state = Trainer.State.STOPPED;
        });
    }

    /** Fresh weights for both from the same seed, step 0, history cleared. */
    public void reset() {
        submit(this::restart);
    }

    /** Caps the speed (twin steps per second) so an animation can be followed; infinity for full speed. */
    public void setMaxStepsPerSecond(double stepsPerSecond) {
        thread.setMaxStepsPerSecond(stepsPerSecond);
    }

    /**
     * Runs {@code task} on the training thread between steps with both sessions (first, second),
     * e.g. to copy weights for pruning or a backward trace. Fails with IllegalStateException
     * when nothing is loaded or the trainer is closed; wait with a timeout.
     */
    public <T> CompletableFuture<T> withSessions(BiFunction<TrainingSession, TrainingSession, T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (thread.isClosed()) {
            result.completeExceptionally(new IllegalStateException("the twin trainer is closed"));
            return result;
        }
        submit(() -> {
            if (a == null) {
                result.completeExceptionally(new IllegalStateException("no twin is loaded (state " + state + ")"));
                return;
            }
            try {
                result.complete(task.apply(a.session, b.session));
            } catch (RuntimeException | OutOfMemoryError e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    public Trainer.State state() { return state; }

    /** Why the twin failed or paused by itself (a run diverged), or empty. */
    public String message() { return message; }

    /** The newest pair, or null before the first. */
    public TwinSnapshot latest() { return latest.get(); }

    public TwinHistory history() { return history; }

    /** Stops training and ends the thread, waiting at most {@code timeoutMillis} for a step in progress. */
    public void close(long timeoutMillis) {
        thread.stop();
        state = Trainer.State.CLOSED;
        thread.join(timeoutMillis);
    }

    @Override
    public void close() {
        close(1500);
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * A 64-bit digest (FNV-1a) of a batch: its input values in row-major order, whatever the
     * shape, then its labels. Two designs fed the same examples in the same order get the
     * same digest.
     */
    public static long fingerprint(Batches.Batch batch) {
        long h = 0xcbf29ce484222325L;
        for (double v : batch.x().dup('c').castTo(DataType.DOUBLE).data().asDouble()) h = mix(h, Double.doubleToLongBits(v));
        for (int label : batch.labels()) h = mix(h, label);
        return h;
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (8 * i)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private void submit(Runnable r) {
        thread.submit(r);
    }

    private boolean needsRestart() {
        return a == null || state == Trainer.State.STOPPED || state == Trainer.State.FAILED;
    }

    private void restart() {
        if (designA == null) return;
        state = Trainer.State.LOADING;
        message = "";
        a = b = null;
        runId = runIds.incrementAndGet();
        history.clear();
        latest.set(null);
        try {
            Side first = build(designA), second = build(designB);
            String mismatch = settingsMismatch(first.session.config(), second.session.config());
            if (mismatch != null) {
                fail("twin runs need the same settings; '" + first.name + "' and '" + second.name + "' differ in " + mismatch);
                return;
            }
            first.fingerprint = fingerprint(first.session.nextBatch());
            second.fingerprint = fingerprint(second.session.nextBatch());
            if (first.fingerprint != second.fingerprint) {
                fail(differentBatches(first, second, 0));
                return;
            }
            first.last = first.session.preview();
            second.last = second.session.preview();
            a = first;
            b = second;
            publish(true);
            state = Trainer.State.READY;
        } catch (RuntimeException | OutOfMemoryError e) {
            a = b = null;
            fail(describe(e));
        }
    }

    private Side build(Design d) {
        try {
            return new Side(d.name(), d.factory().apply(runId));
        } catch (RuntimeException e) {
            throw new IllegalStateException("run '" + d.name() + "': " + describe(e), e);
        }
    }

    /** One lockstep step: the batches checked equal, then each live run trained on its own. */
    private void runOneStep() {
        List<Side> live = new ArrayList<>();
        for (Side s : List.of(a, b)) if (s.diverged == null) live.add(s);
        if (live.isEmpty()) return;
        long[] batch = new long[live.size()];
        for (int i = 0; i < batch.length; i++) batch[i] = fingerprint(live.get(i).session.nextBatch());
        if (live.size() == 2) {
            if (a.session.stepCount() != b.session.stepCount()) {
                throw new IllegalStateException("twin runs out of step: " + a.session.stepCount() + " and " + b.session.stepCount());
            }
            if (batch[0] != batch[1]) {
                fail(differentBatches(a, b, a.session.stepCount()));
                return;
            }
        }
        List<Side> newlyDiverged = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
            if (thread.isClosed()) return;
            Side s = live.get(i);
            try {
                s.last = s.session.step();
                s.fingerprint = batch[i];
            } catch (DivergenceException e) {
                s.diverged = e.getMessage();
                newlyDiverged.add(s);
            }
        }
        if (newlyDiverged.size() < live.size()) {
            publish(false);                                            // a run took the step
        } else {
            // No run advanced: show the runs as stopped without adding a step to the history.
            latest.set(new TwinSnapshot(runId, latest.get().step(), false, a.run(), b.run()));
        }
        if (newlyDiverged.isEmpty()) return;
        if (a.diverged != null && b.diverged != null) {
            fail("both runs diverged: '" + a.name + "': " + a.diverged + "; '" + b.name + "': " + b.diverged);
            return;
        }
        Side gone = newlyDiverged.get(0), other = gone == a ? b : a;
        message = "'" + gone.name + "' diverged: " + gone.diverged + ". '" + other.name
                + "' goes on alone on the same batches when training resumes.";
        state = Trainer.State.PAUSED;
    }

    private void publish(boolean preview) {
        Side lead = a.diverged == null ? a : b;
        TwinSnapshot s = new TwinSnapshot(runId, lead.last.step(), preview, a.run(), b.run());
        latest.set(s);
        history.append(s);
    }

    /** Which settings differ, or null if the configs are equal. */
    static String settingsMismatch(TrainingConfig x, TrainingConfig y) {
        if (x.equals(y)) return null;
        List<String> diff = new ArrayList<>();
        if (x.seed() != y.seed()) diff.add("seed (" + x.seed() + " vs " + y.seed() + ")");
        if (x.batchSize() != y.batchSize()) diff.add("batch size (" + x.batchSize() + " vs " + y.batchSize() + ")");
        if (x.dataType() != y.dataType()) diff.add("data type (" + x.dataType() + " vs " + y.dataType() + ")");
        if (x.telemetry() != y.telemetry()) diff.add("telemetry");
        if (!x.optimizer().equals(y.optimizer())) diff.add("optimizer (" + x.optimizer() + " vs " + y.optimizer() + ")");
        if (!x.schedule().equals(y.schedule())) diff.add("learning-rate schedule");
        if (x.evalEvery() != y.evalEvery()) diff.add("evaluation period (" + x.evalEvery() + " vs " + y.evalEvery() + ")");
        return String.join(", ", diff);
    }

    private static String differentBatches(Side x, Side y, long step) {
        return "twin runs must see identical batches, but at step " + step + " '" + x.name + "' and '" + y.name
                + "' were given different ones (different data, or designs that lay the input out differently)";
    }

    private void fail(String why) {
        message = why;
        state = Trainer.State.FAILED;
    }

    private static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) return "out of memory: the networks or batch are too large for this computer";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
