package reslab.engine.train;

import java.util.List;

/**
 * SGD, with momentum, or with Nesterov momentum, as torch.optim.SGD (dampening 0):
 * <pre>
 *   g = dL/dW + wd W
 *   SGD:       W -= lr g
 *   momentum:  v = mu v + g;  W -= lr v
 *   Nesterov:  v = mu v + g;  W -= lr (g + mu v)
 * </pre>
 * v starts at 0, so the first step's v is g, as in PyTorch.
 */
final class MomentumOptimizer extends BufferedOptimizer {
    private final OptimizerKind kind;
    private final double mu;

    MomentumOptimizer(OptimizerConfig config) {
        super(config);
        this.kind = config.kind();
        this.mu = config.momentum();
    }

    @Override
    List<String> slotNames() {
        return kind == OptimizerKind.SGD ? List.of() : List.of("velocity");
    }

    @Override
    void rule(double[] w, double[] delta, double[][] state, double[][] next, int len, double lr, double decay, long t) {
        switch (kind) {
            case SGD -> {
                for (int i = 0; i < len; i++) delta[i] *= lr;                                  // lr g
            }
            case MOMENTUM -> {
                double[] v0 = state[0], v = next[0];
                for (int i = 0; i < len; i++) {
                    v[i] = mu * v0[i] + delta[i];                                              // v = mu v + g
                    delta[i] = lr * v[i];                                                      // lr v
                }
            }
            case NESTEROV -> {
                double[] v0 = state[0], v = next[0];
                for (int i = 0; i < len; i++) {
                    v[i] = mu * v0[i] + delta[i];                                              // v = mu v + g
                    delta[i] = lr * (delta[i] + mu * v[i]);                                    // lr (g + mu v)
                }
            }
            default -> throw new IllegalStateException("not a momentum rule: " + kind);
        }
    }
}
