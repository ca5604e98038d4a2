package reslab.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Polls a condition instead of sleeping blindly; fails with what was awaited. */
public final class Await {
    private Await() {}

    public static void until(String what, long timeoutMillis, Runnable poll, BooleanSupplier done) {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            poll.run();
            if (done.getAsBoolean()) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
        poll.run();
        if (!done.getAsBoolean()) fail("timed out after " + timeoutMillis + " ms waiting for " + what);
    }
}
