package reslab.engine.data;

import java.util.SplittableRandom;

/** A train/test split of one dataset. */
public record Split(Dataset train, Dataset test) {
    /** Shuffles with {@code seed} and puts {@code testFraction} of the examples in the test set. */
    public static Split of(Dataset all, double testFraction, long seed) {
        int n = all.size();
        int[] idx = Batches.permutation(n, new SplittableRandom(seed));
        int nTest = (int) Math.round(n * testFraction);
        int[] test = java.util.Arrays.copyOfRange(idx, 0, nTest);
        int[] train = java.util.Arrays.copyOfRange(idx, nTest, n);
        return new Split(all.subset(all.name() + "/train", train), all.subset(all.name() + "/test", test));
    }
}
