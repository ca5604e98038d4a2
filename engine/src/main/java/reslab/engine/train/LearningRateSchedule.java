package reslab.engine.train;

import java.util.List;

/**
 * The step schedule: the learning rate is multiplied by {@code gamma} every {@code every}
 * steps, or at each of the given {@code milestones}; PyTorch's StepLR and MultiStepLR stepped
 * once per update. Step t (counting updates from 0) uses base x gamma^k, k the number of
 * boundaries at or before t: with every = 100, steps 0..99 use the base rate, 100..199 base x gamma.
 *
 * @param every      period in steps, or 0 when milestones (or nothing) are used
 * @param milestones strictly increasing positive steps; empty when {@code every} is used
 */
public record LearningRateSchedule(long every, List<Long> milestones, double gamma) {
    public LearningRateSchedule {
        milestones = List.copyOf(milestones);
        if (every < 0) throw new IllegalArgumentException("schedule period must be 0 (off) or positive, got " + every);
        if (every > 0 && !milestones.isEmpty()) throw new IllegalArgumentException("a schedule has a period or milestones, not both");
        if (!(gamma > 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("schedule factor gamma must be a positive number, got " + gamma);
        long previous = 0;
        for (long m : milestones) {
            if (m <= previous) throw new IllegalArgumentException("milestones must be positive and increasing, got " + milestones);
            previous = m;
        }
    }

    /** The base rate throughout. */
    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(0, List.of(), 1.0);
    }

    /** x gamma every {@code every} steps. */
    public static LearningRateSchedule stepEvery(long every, double gamma) {
        if (every <= 0) throw new IllegalArgumentException("schedule period must be positive, got " + every);
        return new LearningRateSchedule(every, List.of(), gamma);
    }

    /** x gamma at each milestone step (e.g. 32,000 and 48,000 as in the ResNet paper's CIFAR runs). */
    public static LearningRateSchedule atMilestones(double gamma, List<Long> milestones) {
        if (milestones.isEmpty()) throw new IllegalArgumentException("give at least one milestone");
        return new LearningRateSchedule(0, milestones, gamma);
    }

    public boolean isConstant() {
        return (every == 0 && milestones.isEmpty()) || gamma == 1.0;
    }

    /** The learning rate of step {@code step} (0-based) for base rate {@code base}. */
    public double rate(double base, long step) {
        long k;
        if (every > 0) {
            k = step / every;
        } else {
            k = 0;
            for (long m : milestones) if (step >= m) k++;
        }
        return k == 0 ? base : base * Math.pow(gamma, k);
    }
}
