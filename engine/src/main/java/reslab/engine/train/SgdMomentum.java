package reslab.engine.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.layers.Parameter;
import reslab.engine.telemetry.BufferStats;

/**
 * SGD with momentum in the common form v = mu v + g;  W = W - lr v.
 * With mu = 0 it is plain SGD.
 */
public final class SgdMomentum {
    private final double learningRate;
    private final double momentum;
    private final Map<String, INDArray> velocity = new HashMap<>();

    public SgdMomentum(double learningRate, double momentum) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    /**
     * Applies one update to every parameter. Returns ||delta W||_2 per parameter key, for
     * the update-ratio telemetry (null map entries are never produced).
     */
    public Map<String, Double> step(List<Parameter> parameters) {
        Map<String, Double> updateNorms = new HashMap<>();
        for (Parameter p : parameters) {
            INDArray v = velocity.computeIfAbsent(p.key(), k -> p.value().ulike().assign(0));
            v.muli(momentum).addi(p.grad());                       // v = mu v + g
            updateNorms.put(p.key(), learningRate * BufferStats.norm2(v));
            p.value().subi(v.mul(learningRate));                   // W -= lr v
        }
        return updateNorms;
    }

    public double learningRate() { return learningRate; }
    public double momentum() { return momentum; }
}
