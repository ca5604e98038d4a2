package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * glibc takes the limits. (What they do to a training step's page faults is a figure, not a
 * test: it shows only in some runs, after tens of steps; see {@link NativeHeap}.)
 */
class NativeHeapTest {
    @Test
    void glibcTakesTheLimits() {
        assumeTrue(com.sun.jna.Platform.isLinux() && (Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6"))
                || Files.exists(Path.of("/lib64/libc.so.6"))), "Linux with glibc");
        assertTrue(NativeHeap.keepFreedMemory(), "mallopt refused or could not be called");
        assertTrue(NativeHeap.keepFreedMemory());
        assertEquals(1, (int) com.sun.jna.NativeLibrary.getProcess().getFunction("mallopt")
                .invokeInt(new Object[] {-3, 32 << 20}), "the same call again is still accepted");
    }
}
