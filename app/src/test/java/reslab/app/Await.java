package reslab.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.testfx.util.WaitForAsyncUtils;

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

    /** Waits until a condition read on the FX thread (after its pending events) holds. */
    public static void onFx(String what, long seconds, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return WaitForAsyncUtils.asyncFx(condition).get();
            });
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }
}
