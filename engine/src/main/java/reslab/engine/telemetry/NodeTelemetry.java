package reslab.engine.telemetry;

/**
 * One node's numbers for one step (DESIGN.md, "Telemetry"). NaN means "does not apply":
 * an activation has no weight gradient, a Dense layer has no saturated fraction.
 *
 * @param weightGradNorm ||dL/dW||_2 (Frobenius, bias excluded)
 * @param weightGradRms  weightGradNorm / sqrt(number of weights)
 * @param biasGradNorm   ||dL/db||_2
 * @param deltaRms       RMS of dL/da over the batch, a = this node's output (the backpropagated gradient)
 * @param updateRatio    ||delta W|| / ||W|| of this step's optimizer update (W before the update)
 * @param actMean        mean of the node's output over the batch
 * @param actStd         standard deviation of the node's output over the batch (population: divides by N)
 * @param saturatedFrac  sigmoid/tanh: fraction of outputs beyond 0.99 of the range
 * @param deadFrac       ReLU: fraction of units that are zero for every example of the batch
 * @param shortcutGradRms at an Add or Gate: RMS of the gradient that reaches the block input
 *                        (the shortcut's source) through the shortcut
 * @param branchGradRms   at an Add or Gate: RMS of the rest of the block input's gradient, the
 *                        part that came through the branch
 * @param gate            at a Gate: g(k) = max(k, 0)
 */
public record NodeTelemetry(
        String node,
        String kind,
        double weightGradNorm,
        double weightGradRms,
        double biasGradNorm,
        double deltaRms,
        double updateRatio,
        double actMean,
        double actStd,
        double saturatedFrac,
        double deadFrac,
        double shortcutGradRms,
        double branchGradRms,
        double gate) {

    /** A node without a shortcut split or gate (those three are NaN). */
    public NodeTelemetry(String node, String kind, double weightGradNorm, double weightGradRms, double biasGradNorm,
                         double deltaRms, double updateRatio, double actMean, double actStd, double saturatedFrac,
                         double deadFrac) {
        this(node, kind, weightGradNorm, weightGradRms, biasGradNorm, deltaRms, updateRatio, actMean, actStd,
                saturatedFrac, deadFrac, Double.NaN, Double.NaN, Double.NaN);
    }

    public boolean hasWeights() {
        return !Double.isNaN(weightGradNorm);
    }
}
