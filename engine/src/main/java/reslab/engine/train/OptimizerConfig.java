package reslab.engine.train;

import java.util.EnumSet;
import java.util.Set;
import reslab.engine.layers.Parameter;

/**
 * An optimizer and its hyper-parameters. Immutable; {@link #create()} makes the runtime
 * optimizer that holds the moments.
 *
 * <p>Weight decay {@code wd} is L2 for SGD, momentum, Nesterov and Adam: g = dL/dW + wd W,
 * as torch.optim.SGD's and torch.optim.Adam's {@code weight_decay}. For ADAMW it is decoupled:
 * W -= lr wd W beside the Adam step. It applies only to parameters whose role is in
 * {@code decayedRoles}: by default weights, not biases, batch-norm gamma/beta or gates.
 *
 * @param momentum mu of MOMENTUM and NESTEROV; 0 for the others
 * @param beta1    Adam's first-moment decay (0.9)
 * @param beta2    Adam's second-moment decay (0.999)
 * @param epsilon  Adam's denominator term (1e-8)
 */
public record OptimizerConfig(OptimizerKind kind, double learningRate, double momentum, double beta1, double beta2,
                              double epsilon, double weightDecay, Set<Parameter.Role> decayedRoles) {
    public static final double ADAM_LEARNING_RATE = 1e-3, BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;
    /** Weights decay; biases, batch-norm gamma/beta and gates do not. */
    public static final Set<Parameter.Role> WEIGHTS_ONLY = Set.of(Parameter.Role.WEIGHT);

    public OptimizerConfig {
        if (kind == null) throw new IllegalArgumentException("optimizer kind is missing");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        boolean hasMomentum = kind == OptimizerKind.MOMENTUM || kind == OptimizerKind.NESTEROV;
        if (hasMomentum && !(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (kind == OptimizerKind.NESTEROV && momentum == 0) throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
        if (!hasMomentum && momentum != 0) {
            throw new IllegalArgumentException(kind.id() + " has no momentum setting (got " + momentum + "); use momentum or nesterov");
        }
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) throw new IllegalArgumentException("epsilon must be a positive number, got " + epsilon);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be 0 or a positive number, got " + weightDecay);
        }
        if (decayedRoles == null) throw new IllegalArgumentException("decayed roles are missing (use an empty set for none)");
        decayedRoles = decayedRoles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(decayedRoles));
    }

    public static OptimizerConfig sgd(double learningRate) {
        return new OptimizerConfig(OptimizerKind.SGD, learningRate, 0, BETA1, BETA2, EPSILON, 0, WEIGHTS_ONLY);
    }

    public static OptimizerConfig momentum(double learningRate, double momentum) {
        return new OptimizerConfig(OptimizerKind.MOMENTUM, learningRate, momentum, BETA1, BETA2, EPSILON, 0, WEIGHTS_ONLY);
    }

    public static OptimizerConfig nesterov(double learningRate, double momentum) {
        return new OptimizerConfig(OptimizerKind.NESTEROV, learningRate, momentum, BETA1, BETA2, EPSILON, 0, WEIGHTS_ONLY);
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), epsilon 1e-8, no weight decay. */
    public static OptimizerConfig adam(double learningRate) {
        return new OptimizerConfig(OptimizerKind.ADAM, learningRate, 0, BETA1, BETA2, EPSILON, 0, WEIGHTS_ONLY);
    }

    /** AdamW; PyTorch's default decay is 0.01. */
    public static OptimizerConfig adamW(double learningRate, double weightDecay) {
        return new OptimizerConfig(OptimizerKind.ADAMW, learningRate, 0, BETA1, BETA2, EPSILON, weightDecay, WEIGHTS_ONLY);
    }

    /**
     * The given kind with this config's learning rate and decay; momentum carries over between
     * MOMENTUM and NESTEROV and is 0.9 when switching to them from another kind.
     */
    public OptimizerConfig withKind(OptimizerKind k) {
        boolean wants = k == OptimizerKind.MOMENTUM || k == OptimizerKind.NESTEROV;
        double mu = wants ? (momentum > 0 ? momentum : 0.9) : 0;
        return new OptimizerConfig(k, learningRate, mu, beta1, beta2, epsilon, weightDecay, decayedRoles);
    }

    public OptimizerConfig withLearningRate(double lr) {
        return new OptimizerConfig(kind, lr, momentum, beta1, beta2, epsilon, weightDecay, decayedRoles);
    }

    public OptimizerConfig withMomentum(double mu) {
        return new OptimizerConfig(kind, learningRate, mu, beta1, beta2, epsilon, weightDecay, decayedRoles);
    }

    public OptimizerConfig withBetas(double b1, double b2) {
        return new OptimizerConfig(kind, learningRate, momentum, b1, b2, epsilon, weightDecay, decayedRoles);
    }

    public OptimizerConfig withEpsilon(double eps) {
        return new OptimizerConfig(kind, learningRate, momentum, beta1, beta2, eps, weightDecay, decayedRoles);
    }

    /** Decay on the default group, weights only. */
    public OptimizerConfig withWeightDecay(double wd) {
        return new OptimizerConfig(kind, learningRate, momentum, beta1, beta2, epsilon, wd, decayedRoles);
    }

    /** Which parameter roles decay, e.g. {@code EnumSet.of(WEIGHT, BIAS)}; empty for none. */
    public OptimizerConfig withDecayedRoles(Set<Parameter.Role> roles) {
        return new OptimizerConfig(kind, learningRate, momentum, beta1, beta2, epsilon, weightDecay, roles);
    }

    /** The weight decay that applies to {@code p}: {@link #weightDecay()} if its role decays, else 0. */
    public double decayOf(Parameter p) {
        return decayedRoles.contains(p.role()) ? weightDecay : 0;
    }

    public Optimizer create() {
        return switch (kind) {
            case SGD, MOMENTUM, NESTEROV -> new MomentumOptimizer(this);
            case ADAM, ADAMW -> new AdamOptimizer(this);
        };
    }
}
