package reslab.engine.data;

import java.util.SplittableRandom;
import reslab.engine.spec.Shape;

/**
 * Seeded 2-D classification problems that a small MLP can learn in seconds. Points lie in
 * about [-6, 6]^2, as in TensorFlow Playground: at that scale the first layer's units are
 * sharp enough to carve a spiral, at [-1, 1] they are nearly linear.
 */
public final class ToyDatasets {
    private ToyDatasets() {}

    /** Radius of the point clouds. */
    public static final double RADIUS = 6.0;

    /**
     * Two interleaved spirals, one per class, each turning {@code turns} times from the
     * centre. {@code noise} is relative to the radius.
     */
    public static Dataset twoSpirals(int count, double noise, double turns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] f = new float[count * 2];
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            double t = Math.sqrt(rng.nextDouble());                 // uniform over the area
            double angle = t * turns * 2 * Math.PI + label * Math.PI;
            double r = 0.05 + 0.95 * t;
            f[2 * i] = (float) (RADIUS * (r * Math.cos(angle) + noise * gaussian(rng)));
            f[2 * i + 1] = (float) (RADIUS * (r * Math.sin(angle) + noise * gaussian(rng)));
            y[i] = label;
        }
        return new Dataset("spirals", Shape.of(2), 2, f, y);
    }

    /** An inner disc (class 0) inside a ring (class 1); {@code noise} is relative to the radius. */
    public static Dataset circles(int count, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] f = new float[count * 2];
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            double angle = rng.nextDouble(0, 2 * Math.PI);
            double r = label == 0 ? 0.5 * Math.sqrt(rng.nextDouble()) : rng.nextDouble(0.7, 1.0);
            f[2 * i] = (float) (RADIUS * (r * Math.cos(angle) + noise * gaussian(rng)));
            f[2 * i + 1] = (float) (RADIUS * (r * Math.sin(angle) + noise * gaussian(rng)));
            y[i] = label;
        }
        return new Dataset("circles", Shape.of(2), 2, f, y);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
