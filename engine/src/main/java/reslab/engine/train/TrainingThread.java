package reslab.engine.train;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The thread a trainer ({@link Trainer}, {@link TwinTrainer}) trains on: it runs the commands
 * given from any thread, in order, between steps; steps while its owner is running, no faster
 * than the speed cap, still taking commands while it waits; and ends on {@link #stop}.
 */
final class TrainingThread {
    /** What the thread asks of its owner; every method is called on the thread. */
    interface Owner {
        boolean running();

        /** One training step; a divergence is the owner's to record. */
        void step();

        /** A command or step threw: record it (the thread goes on taking commands). */
        void failed(Throwable e);

        /** The thread ends: drop what it held, and say CLOSED. */
        void ended();
    }

    private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Owner owner;
    private final Thread thread;
    private volatile boolean closed;
    private volatile double maxStepsPerSecond = Double.POSITIVE_INFINITY;
    private long lastStepNanos;   // on the thread

    /**
     * Starts the thread, a daemon, so it never keeps the JVM alive after the window closes.
     *
     * @param computeThreads if positive, the ND4J thread count set from this thread before any
     *                       work (see {@link ComputeThreads}); 0 leaves ND4J's default
     */
    TrainingThread(String name, int computeThreads, Owner owner) {
        this.owner = owner;
        if (computeThreads > 0) commands.add(() -> ComputeThreads.limit(computeThreads));
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a command; after {@link #stop} it is dropped. */
    void submit(Runnable command) {
        if (!closed) commands.add(command);
    }

    boolean isClosed() {
        return closed;
    }

    /** At most this many steps a second; 0 or less for no cap. */
    void setMaxStepsPerSecond(double stepsPerSecond) {
        maxStepsPerSecond = stepsPerSecond > 0 ? stepsPerSecond : Double.POSITIVE_INFINITY;
    }

    /** Takes no more commands and ends the thread after the step in progress. */
    void stop() {
        closed = true;
        commands.add(() -> { });   // wakes a thread waiting for a command
    }

    /** Waits at most {@code timeoutMillis} for the thread to end. */
    void join(long timeoutMillis) {
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    private void loop() {
        while (!closed) {
            try {
                Runnable command = owner.running() ? commands.poll() : commands.poll(1, TimeUnit.SECONDS);
                if (closed) break;
                if (command != null) {
                    command.run();
                    continue;
                }
                if (owner.running() && readyForNextStep()) {
                    owner.step();
                    lastStepNanos = System.nanoTime();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | OutOfMemoryError e) {
                owner.failed(e);
            }
        }
        owner.ended();
    }

    /** Honours the speed cap: waits (still taking commands) until the next step is due. */
    private boolean readyForNextStep() throws InterruptedException {
        double cap = maxStepsPerSecond;
        if (Double.isInfinite(cap)) return true;
        long waitNanos = (long) (1e9 / cap) - (System.nanoTime() - lastStepNanos);
        if (waitNanos <= 0) return true;
        Runnable command = commands.poll(Math.min(waitNanos, 50_000_000L), TimeUnit.NANOSECONDS);
        if (command != null) command.run();
        return false;
    }
}
