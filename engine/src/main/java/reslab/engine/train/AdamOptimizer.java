package reslab.engine.train;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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
    void rule(INDArray w, INDArray delta, INDArray[] state, INDArray[] next, double lr, double decay, long t) {
        INDArray m = next[0].assign(state[0]).muli(beta1).addi(delta.mul(1 - beta1));
        INDArray v = next[1].assign(state[1]).muli(beta2).addi(delta.mul(delta).muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        INDArray denominator = Transforms.sqrt(v, true).divi(Math.sqrt(correction2)).addi(epsilon);
        delta.assign(m).divi(denominator).muli(lr / correction1);
        if (decoupled && decay != 0) delta.addi(w.mul(lr * decay));
    }
}
