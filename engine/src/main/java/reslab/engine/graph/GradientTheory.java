package reslab.engine.graph;

import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;

/**
 * What theory predicts for the backpropagated gradient through one layer (DESIGN.md, the
 * vanishing demo). For a Dense layer y = x W (W: [in, out]) followed by an activation a =
 * sigma(y), backward gives dx_i = sum_o W_io sigma'(y_o) da_o. If the weights, the derivatives
 * and the incoming gradient are independent and the weights have mean square E[W^2], then
 * <pre>
 *   RMS(dx) / RMS(da)  ~ sqrt(out E[W^2] E[sigma'(y)^2])     (per element: the depth profile's ratio)
 *   ||dx|| / ||da||    ~ sqrt(in  E[W^2] E[sigma'(y)^2])     (whole vectors)
 * </pre>
 * the two agreeing for square layers (DESIGN.md's sqrt(n Var[W] E[sigma'^2])). At
 * initialisation with pre-activations near 0: sigmoid' = 1/4, tanh' = 1, ReLU' is 1 for half
 * the units; Glorot gives E[W^2] = 2 / (in + out), He 2 / in. So a square sigmoid layer at
 * Glorot init passes on about 0.25 of its gradient, a tanh layer about 1, a ReLU layer at He
 * init about 1.
 */
public final class GradientTheory {
    private GradientTheory() {}

    /** Whether {@code layer} is an element-wise activation whose derivative theory covers. */
    public static boolean isActivation(LayerSpec layer) {
        return layer instanceof SigmoidSpec || layer instanceof TanhSpec || layer instanceof ReluSpec
                || layer instanceof LeakyReluSpec;
    }

    /**
     * E[sigma'(z)^2] for pre-activations near 0 (symmetric about it): sigmoid 1/16, tanh 1, ReLU
     * 1/2, leaky ReLU (1 + alpha^2) / 2.
     */
    public static double meanSquareDerivativeNearZero(LayerSpec activation) {
        if (activation instanceof SigmoidSpec) return 1.0 / 16;
        if (activation instanceof TanhSpec) return 1.0;
        if (activation instanceof ReluSpec) return 0.5;
        if (activation instanceof LeakyReluSpec l) return (1 + l.alpha() * l.alpha()) / 2;
        throw new IllegalArgumentException(activation.kind() + " is not an activation");
    }

    /** E[W^2] of freshly initialised weights: the initialiser's variance (its constant squared for CONSTANT). */
    public static double initialMeanSquare(Init init, int fanIn, int fanOut) {
        return switch (init.kind()) {
            case GLOROT_UNIFORM, GLOROT_NORMAL -> 2.0 / (fanIn + fanOut);
            case HE_NORMAL, HE_UNIFORM -> 2.0 / fanIn;
            case LECUN_NORMAL, LECUN_UNIFORM -> 1.0 / fanIn;
            case STANDARD_UNIFORM -> 1.0 / (3.0 * fanIn);
            case CONSTANT -> init.value() * init.value();
        };
    }

    /** sqrt(n E[W^2] E[sigma'^2]): the predicted gain of a weighted layer and its activation. */
    public static double gain(double n, double weightMeanSquare, double meanSquareDerivative) {
        return Math.sqrt(n * weightMeanSquare * meanSquareDerivative);
    }
}
