package reslab.engine.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One node's runtime: forward computes the output and keeps what backward needs; backward
 * takes dL/d(output) and returns dL/d(input) for each input, adding parameter gradients
 * into their buffers. Backward never modifies the gradient it is given.
 */
public interface Layer {
    String name();

    INDArray forward(INDArray[] inputs, boolean training);

    INDArray[] backward(INDArray gradOutput);

    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Non-trainable state that a saved model must keep, under stable keys (e.g.
     * {@code bn1.running_mean}); the arrays are live, so a loader can assign into them.
     */
    default java.util.Map<String, INDArray> state() {
        return java.util.Map.of();
    }

    /** The sum of the squares of one array's values, as of when it was computed. */
    record SquareSum(INDArray array, double value) {
        /**
         * Summed now, by OpenBLAS ({@link reslab.engine.kernels.Blas#sumOfSquares}), while the
         * array is still in cache: where a layer's backward ran in oneDNN, cheaper than leaving
         * it to the telemetry thread, which would compete with oneDNN's threads for the cores.
         */
        static SquareSum of(INDArray a) {
            return new SquareSum(a, reslab.engine.kernels.Blas.sumOfSquares(reslab.engine.kernels.ArrayView.dense(a)));
        }
    }

    /**
     * Sums of squares that the last backward computed on its way through its gradients (the
     * one it was given, the one it returned), so telemetry need not read those arrays again.
     * Only arrays not written since; empty after {@link #clearCache}.
     */
    default List<SquareSum> squareSums() {
        return List.of();
    }

    /** Drops cached activations so a finished step keeps no batch alive. */
    default void clearCache() {}

    /**
     * Keep the arrays this layer returns and write them again next step ({@link Buffers}):
     * what forward and backward return is then valid until the layer's next forward or backward.
     */
    default void reuseBuffers(boolean on) {}

    /**
     * Whether forward takes these inputs as they are where some are images in the blocked
     * layout ({@link Blocked}). If not, reslab.engine.graph.CompiledNetwork hands it [n, c, h, w]
     * copies and converts its input gradients back: backward returns each input's gradient in
     * that input's layout, and takes the output's gradient in the output's.
     */
    default boolean takesBlocked(INDArray[] inputs, boolean training) {
        return false;
    }

    /**
     * Whether this layer may return its output in the blocked layout where oneDNN computes it
     * so (a convolution does). Off by default, so a layer used on its own returns [n, c, h, w];
     * other layers return it blocked only when given it blocked.
     */
    default void blockedOutput(boolean on) {}

    /**
     * With {@code skip}, backward may return null in place of dL/d(input): for a layer that
     * reads the network's data, whose gradient nothing uses (Dense and Conv2D then leave out
     * that product). Off by default.
     */
    default void skipInputGradient(boolean skip) {}
}
