package reslab.engine.train;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) in torch.optim.Adam's form, t counting updates from 1:
 * <pre>
 *   g = dL/dW (+ wd W for ADAM, L2)
 *   m = b1 m + (1 - b1) g
 *   v = b2 v + (1 - b2) g^2
 *   W -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 *   ADAMW only: W -= lr wd W as well, decoupled from the gradient (torch.optim.AdamW)
 * </pre>
 */
final class AdamOptimizer extends BufferedOptimizer {
    private final boolean decoupled;
    private final double beta1, beta2, epsilon;

    AdamOptimizer(OptimizerConfig config) {
        super(config);
        this.decoupled = config.kind() == OptimizerKind.ADAMW;
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
    }

    @Override
    List<String> slotNames() {
        return List.of("m", "v");
    }

    @Override
    boolean decayIsL2() {
        return !decoupled;
    }

    @Override
    void rule(double[] w, double[] delta, double[][] state, double[][] next, int len, double lr, double decay, long t) {
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        double step = lr / correction1, rootCorrection2 = Math.sqrt(correction2);
        double[] m0 = state[0], v0 = state[1], m = next[0], v = next[1];
        for (int i = 0; i < len; i++) {
            double g = delta[i];
            m[i] = beta1 * m0[i] + (1 - beta1) * g;                                            // m = b1 m + (1 - b1) g
            v[i] = beta2 * v0[i] + (1 - beta2) * g * g;                                        // v = b2 v + (1 - b2) g^2
            delta[i] = step * m[i] / (Math.sqrt(v[i]) / rootCorrection2 + epsilon);
            if (decoupled && decay != 0) delta[i] += lr * decay * w[i];                       // AdamW: + lr wd W
        }
    }
}
