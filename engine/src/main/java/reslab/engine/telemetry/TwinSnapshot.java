package reslab.engine.telemetry;

/**
 * One lockstep step of two runs trained side by side on the same batches (a twin run):
 * immutable, so the UI thread can read it while the trainer computes the next.
 *
 * @param runId   the twin's run id, shared by both runs' snapshots; changes on every restart
 * @param step    the step both live runs are at: updates applied before this step's gradients
 * @param preview true for the look at the gradients at initialisation published on load
 * @param a       the first design's run
 * @param b       the second design's run
 */
public record TwinSnapshot(long runId, long step, boolean preview, Run a, Run b) {
    /**
     * One side.
     *
     * @param name             the design's name as the UI shows it ("plain", "with shortcuts")
     * @param snapshot         this step's snapshot; for a run that diverged, its last good one
     *                         (an earlier step)
     * @param batchFingerprint a 64-bit digest of the batch {@code snapshot} was computed on (the
     *                         input values in row-major order and the labels); equal on both sides
     *                         of a step, which the trainer checks before every step
     * @param diverged         why the run stopped, or null while it trains
     */
    public record Run(String name, StepSnapshot snapshot, long batchFingerprint, String diverged) {
        public boolean alive() {
            return diverged == null;
        }
    }

    /** Both runs are still training. */
    public boolean bothAlive() {
        return a.alive() && b.alive();
    }
}
