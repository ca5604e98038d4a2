package reslab.engine.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.Nd4jBlas;

/**
 * How many threads ND4J's native code uses. Its OpenMP workers spin while they wait, so on
 * a machine whose cores are busy (a UI drawing, another process) every extra thread costs
 * time instead of saving it: measured here on 2 cores with one busy, a chain-sigmoid-20 step
 * took 83 ms with ND4J's default 2 threads and 29 ms with 1.
 */
public final class ComputeThreads {
    private ComputeThreads() {}

    /** Limits ND4J's OpenMP and BLAS threads to {@code n} (at least 1). Process-wide. */
    public static void limit(int n) {
        int threads = Math.max(1, n);
        // The native ops read properties that only the backend's start-up sets: start it first.
        Nd4j.getBackend();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        if (Nd4j.factory().blas() instanceof Nd4jBlas blas) blas.setMaxThreads(threads);
    }

    /** All cores but one, so an interactive UI keeps a core for itself. */
    public static int leavingOneCore() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
