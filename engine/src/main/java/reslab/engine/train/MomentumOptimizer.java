package reslab.engine.train;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    void rule(INDArray w, INDArray delta, INDArray[] state, INDArray[] next, double lr, double decay, long t) {
        switch (kind) {
            case SGD -> delta.muli(lr);
            case MOMENTUM -> {
                INDArray v = next[0].assign(state[0]).muli(mu).addi(delta);   // v = mu v + g
                delta.assign(v).muli(lr);                                      // lr v
            }
            case NESTEROV -> {
                INDArray v = next[0].assign(state[0]).muli(mu).addi(delta);   // v = mu v + g
                delta.addi(v.mul(mu)).muli(lr);                                // lr (g + mu v)
            }
            default -> throw new IllegalStateException("not a momentum rule: " + kind);
        }
    }
}
