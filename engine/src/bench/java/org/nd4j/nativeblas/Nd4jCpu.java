package org.nd4j.nativeblas;

/**
 * Compiled only for the DL4J comparison (Maven profile {@code bench}). DL4J 1.0.0-M2.1 decides
 * whether to use its oneDNN helpers (BaseMKLDNNHelper.mklDnnEnabled) by calling
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} through
 * reflection. ND4J 1.0.0-M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN}, so the lookup fails and DL4J never uses oneDNN. This class answers the
 * old lookup with the new method's value: DL4J's own check then passes exactly when the native
 * build has oneDNN switched on.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
