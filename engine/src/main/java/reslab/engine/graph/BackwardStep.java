package reslab.engine.graph;

import java.util.List;

/**
 * One node of a {@link BackwardTrace}: the gradient that reached its output, what the node
 * does to it, and what it hands each of its inputs. Immutable.
 *
 * @param index             position in the trace: 0 is the output node (its gradient comes from
 *                          the loss), the last is the data input
 * @param block             the block id the node carries, or null
 * @param incoming          dL/d(this node's output), the sum of {@code parts}
 * @param parts             one per edge the gradient came back along (consumer node and its
 *                          input slot), in the order backward added them; one part for a node
 *                          with one consumer, none for the output node
 * @param outgoing          one per input slot: dL/d(that input) along this edge; empty for the
 *                          data input
 * @param activationProduct the product of E[sigma'(z)] over the activations passed so far,
 *                          this one included (1 before the first): the chain rule's running
 *                          factor in a plain chain
 */
public record BackwardStep(int index, String node, String kind, String block, DeltaView incoming,
                           List<Contribution> parts, LocalFactor factor, List<Outgoing> outgoing,
                           double activationProduct) {
    public BackwardStep {
        parts = List.copyOf(parts);
        outgoing = List.copyOf(outgoing);
    }

    /** True for the output node: its incoming gradient is dL/d(logits) from the loss. */
    public boolean fromLoss() {
        return parts.isEmpty();
    }

    /**
     * The gradient that came back along one edge, from {@code consumer}'s input {@code slot}.
     *
     * @param shortcut true when the edge is the shortcut of a residual join (the Add or Gate
     *                 itself, or its Shortcut A/B/C node)
     */
    public record Contribution(String consumer, int slot, DeltaView delta, boolean shortcut) {}

    /**
     * What this node hands input {@code slot} (node {@code source}), and its size relative to
     * the incoming gradient. Predictions are NaN where theory says nothing simple.
     *
     * @param normGain          ||out|| / ||in||
     * @param rmsGain           RMS(out) / RMS(in)
     * @param predictedNormGain the {@link GradientTheory} value for normGain at these weights and
     *                          this batch's derivatives (exact for Add and Gate)
     * @param predictedRmsGain  likewise for rmsGain
     */
    public record Outgoing(int slot, String source, DeltaView delta, double normGain, double rmsGain,
                           double predictedNormGain, double predictedRmsGain) {}

    /**
     * What the node multiplies the gradient by. NaN (or 0 for the counts) where a field does not
     * apply to the kind.
     *
     * @param meanDerivative       activation: E[sigma'(z)] over the batch
     * @param meanSquareDerivative activation: E[sigma'(z)^2]
     * @param weightNorm           weighted layer: ||W||_F
     * @param weightSpectralNorm   weighted layer: the largest singular value of W as a matrix
     *                             ([in, out]; a convolution's [out, in kh kw]), by power iteration
     * @param weightMeanSquare     weighted layer: E[W^2] (Var[W] for zero-mean weights)
     * @param fanIn                weighted layer: inputs per output unit (in kh kw)
     * @param fanOut               weighted layer: outputs per input unit (out kh kw)
     * @param stride               convolution: stride h times stride w (1 otherwise)
     * @param gate                 gate: g(k)
     * @param scaleRms             batch norm: RMS over channels of gamma / sqrt(batch var + eps)
     */
    public record LocalFactor(Kind kind, double meanDerivative, double meanSquareDerivative, double weightNorm,
                              double weightSpectralNorm, double weightMeanSquare, int fanIn, int fanOut, int stride,
                              double gate, double scaleRms) {
        public enum Kind { ACTIVATION, WEIGHTED, BATCH_NORM, ADD, GATE, SHORTCUT, OTHER, INPUT }

        static LocalFactor of(Kind kind) {
            return new LocalFactor(kind, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 1, Double.NaN,
                    Double.NaN);
        }

        static LocalFactor activation(double mean, double meanSquare) {
            return new LocalFactor(Kind.ACTIVATION, mean, meanSquare, Double.NaN, Double.NaN, Double.NaN, 0, 0, 1, Double.NaN,
                    Double.NaN);
        }

        static LocalFactor weighted(Kind kind, double norm, double spectral, double meanSquare, int fanIn, int fanOut, int stride) {
            return new LocalFactor(kind, Double.NaN, Double.NaN, norm, spectral, meanSquare, fanIn, fanOut, stride, Double.NaN,
                    Double.NaN);
        }

        static LocalFactor gate(double g) {
            return new LocalFactor(Kind.GATE, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 1, g, Double.NaN);
        }

        static LocalFactor batchNorm(double scaleRms) {
            return new LocalFactor(Kind.BATCH_NORM, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 1,
                    Double.NaN, scaleRms);
        }
    }
}
