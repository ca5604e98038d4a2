package reslab.engine.data;

import java.util.SplittableRandom;
import reslab.engine.spec.Shape;

/**
 * Seeded random examples of any shape, generated on demand, so even 3x224x224 inputs cost
 * no memory: uniform noise of unit variance plus 1 on every feature j with
 * j mod classes == label, a signal a network can learn, so a loss curve still falls.
 * Row r's values and label depend only on the seed and r.
 */
final class SyntheticExamples implements Dataset.Examples {
    private static final double HALF_WIDTH = Math.sqrt(3); // U(-a, a) has variance a^2 / 3

    private final long seed;
    private final int size;
    private final int classes;

    private SyntheticExamples(long seed, int size, int classes) {
        this.seed = seed;
        this.size = size;
        this.classes = classes;
    }

    static Dataset dataset(String name, Shape shape, int classes, int count, long seed) {
        if (!shape.allPositive()) throw new IllegalArgumentException("synthetic data needs a positive shape, got " + shape);
        if (count < 1 || classes < 1) throw new IllegalArgumentException("synthetic data needs examples and classes");
        SyntheticExamples e = new SyntheticExamples(seed, (int) shape.size(), classes);
        int[] labels = new int[count];
        for (int r = 0; r < count; r++) labels[r] = e.label(r);
        return new Dataset(name, shape, classes, java.util.List.of(), e, null, labels);
    }

    /** The same rows (same seed) in another shape and class count. */
    static Dataset refit(Dataset d, Shape shape, int classes) {
        SyntheticExamples old = (SyntheticExamples) d.examples();
        SyntheticExamples e = new SyntheticExamples(old.seed, (int) shape.size(), classes);
        int[] rows = d.rows();
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) labels[i] = e.label(rows[i]);
        return new Dataset(d.name(), shape, classes, java.util.List.of(), e, rows, labels);
    }

    private long rowSeed(int row) {
        long h = (seed ^ 0x5DEECE66DL) + row * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    int label(int row) {
        return (int) Math.floorMod(rowSeed(row), (long) classes);
    }

    @Override
    public void copy(int row, float[] dst, int offset) {
        SplittableRandom rng = new SplittableRandom(rowSeed(row) * 31 + 17);
        int label = label(row);
        for (int j = 0, mod = 0; j < size; j++) {
            double v = (2 * rng.nextDouble() - 1) * HALF_WIDTH;
            if (mod == label) v += 1;
            dst[offset + j] = (float) v;
            if (++mod == classes) mod = 0;
        }
    }
}
