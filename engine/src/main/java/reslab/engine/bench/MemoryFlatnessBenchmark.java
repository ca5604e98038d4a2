package reslab.engine.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.data.Dataset;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;

/**
 * Whether training keeps memory flat: many steps of one template on one fixed batch (the
 * first {@code batch} training examples are the whole training set, so every step sees the
 * same examples), full telemetry on, as the app trains. Every {@code every} steps, after a
 * full garbage collection (which is also what lets ND4J free the native memory of arrays
 * nobody holds), it prints the Java heap in use and the native figures:
 * <ul>
 *   <li>{@code javacpp}: Pointer.totalBytes(), memory JavaCPP allocated and tracks;</li>
 *   <li>{@code nd4j_mm}: Nd4j.getMemoryManager().allocatedMemory(0), that plus ND4J's own
 *       tracker (shape information, constants, workspaces);</li>
 *   <li>{@code nd4j_arrays}: ND4J data buffers not yet freed (its deallocator's reference
 *       count). On the CPU backend array memory is allocated inside libnd4j, which neither
 *       figure above counts: this count is what shows arrays piling up;</li>
 *   <li>{@code rss}: Pointer.physicalBytes(), the process's resident memory less shared
 *       pages (on Linux within a few MB of RssAnon): heap, native arrays, oneDNN's caches;</li>
 *   <li>{@code workspaces}: ND4J workspaces of this thread (ResLab uses none).</li>
 * </ul>
 * At the end, the growth of each between step {@code baseline} (500, or half the run if it
 * is shorter than 1,000 steps) and the last step. A benchmark: it prints, it asserts nothing.
 */
public final class MemoryFlatnessBenchmark {
    private MemoryFlatnessBenchmark() {}

    /** One measurement, after a full collection. */
    public record Sample(long step, long heapUsed, long javacpp, long nd4jManager, long nd4jArrays, long rss, int workspaces,
                         long workspaceBytes) {}

    /** Start (before the first step), baseline and last step. */
    public record Result(Sample start, Sample baseline, Sample end) {}

    /** The same as {@code bench memory [template] [--steps N] ...} on the command line. */
    public static void main(String[] args) {
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "memory";
        System.arraycopy(args, 0, all, 2, args.length);
        int code = reslab.engine.cli.Main.run(all, System.out, System.err);
        if (code != 0) System.exit(code);
    }

    public static Result run(Template t, int steps, int every, int batch, int threads, PrintStream out) {
        ComputeThreads.limit(threads);
        Split data = DatasetCatalog.load(t.dataset()).orElseThrow();
        int n = Math.min(batch, data.train().size());
        Dataset fixed = data.train().subset(data.train().name() + "/first" + n, range(n));
        TrainingConfig config = t.training().withBatchSize(n).withTelemetry(true).withEvalEvery(0);
        TrainingSession session = new TrainingSession(t.spec(), new Split(fixed, data.test()), config, 1);
        long baselineStep = steps >= 1000 ? 500 : steps / 2;
        out.printf(Locale.ROOT, "# %s, %d steps on one fixed batch of %d %s examples, full telemetry, %d thread(s); "
                        + "figures after a full GC every %d steps%n", t.id(), steps, n, t.dataset(), threads, every);
        out.printf(Locale.ROOT, "# heap: Java heap in use; javacpp: Pointer.totalBytes(); nd4j_mm: ND4J memory manager's "
                + "allocatedMemory(0); nd4j_arrays: ND4J buffers not yet freed; rss: Pointer.physicalBytes(); MB = 2^20 bytes%n");
        Sample start = sample(0);
        print(out, start, Double.NaN);
        Sample baseline = steps == 0 ? start : null, last = start;
        long t0 = System.nanoTime();
        long since = 0;
        for (long s = 1; s <= steps; s++) {
            session.step();
            since++;
            if (s % every == 0 || s == baselineStep || s == steps) {
                double msPerStep = (System.nanoTime() - t0) / 1e6 / since;
                last = sample(s);
                print(out, last, msPerStep);
                if (s == baselineStep) baseline = last;
                since = 0;
                t0 = System.nanoTime();
            }
        }
        if (baseline == null) baseline = start;
        out.printf(Locale.ROOT, "# start (step 0): heap %.1f MB, javacpp %.1f MB, nd4j_mm %.1f MB, nd4j_arrays %d, rss %.1f MB%n",
                mb(start.heapUsed()), mb(start.javacpp()), mb(start.nd4jManager()), start.nd4jArrays(), mb(start.rss()));
        out.printf(Locale.ROOT, "BENCH memory %s steps=%d from_step=%d heap_growth_mb=%.2f javacpp_growth_mb=%.2f "
                        + "nd4j_mm_growth_mb=%.2f nd4j_arrays_growth=%d rss_growth_mb=%.2f%n",
                t.id(), last.step(), baseline.step(), mb(last.heapUsed() - baseline.heapUsed()),
                mb(last.javacpp() - baseline.javacpp()), mb(last.nd4jManager() - baseline.nd4jManager()),
                last.nd4jArrays() - baseline.nd4jArrays(), mb(last.rss() - baseline.rss()));
        return new Result(start, baseline, last);
    }

    private static void print(PrintStream out, Sample s, double msPerStep) {
        out.printf(Locale.ROOT, "step %6d  heap %7.1f MB  javacpp %7.1f MB  nd4j_mm %7.1f MB  nd4j_arrays %6d  rss %7.1f MB  "
                        + "workspaces %d (%.1f MB)%s%n", s.step(), mb(s.heapUsed()), mb(s.javacpp()), mb(s.nd4jManager()),
                s.nd4jArrays(), mb(s.rss()), s.workspaces(), mb(s.workspaceBytes()),
                Double.isNaN(msPerStep) ? "" : String.format(Locale.ROOT, "  %.0f ms/step", msPerStep));
    }

    /**
     * Two full collections with a pause after each: the first finds the unreachable arrays,
     * ND4J's deallocator threads then free their native memory from the reference queues.
     */
    static Sample sample(long step) {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int workspaces = 0;
        long workspaceBytes = 0;
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            workspaces++;
            workspaceBytes += w.getCurrentSize();
        }
        return new Sample(step, heap, Pointer.totalBytes(), Nd4j.getMemoryManager().allocatedMemory(0), liveNd4jBuffers(),
                Pointer.physicalBytes(), workspaces, workspaceBytes);
    }

    /**
     * ND4J's deallocator keeps one reference per data buffer until the buffer's native memory
     * is freed; -1 if this ND4J version hides the count elsewhere.
     */
    static long liveNd4jBuffers() {
        try {
            Object service = Nd4j.getDeallocatorService();
            java.lang.reflect.Field f = service.getClass().getDeclaredField("referenceMap");
            f.setAccessible(true);
            return ((Map<?, ?>) f.get(service)).size();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
