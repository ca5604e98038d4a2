package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import reslab.engine.spec.Init;

/**
 * Statistical checks with 200,000 draws: the sample variance of such a sample is within
 * about 0.5% of the true value (one standard error), so the 3% bounds below are far out in
 * the tails and do not flake; the seed is fixed anyway.
 */
class InitializersTest {
    private static final int N = 200_000;

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double variance(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
    }

    private static double maxAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).max().orElseThrow();
    }

    private static void assertNear(double expected, double actual, double relTol, String what) {
        assertTrue(Math.abs(actual - expected) <= relTol * Math.abs(expected),
                what + ": expected about " + expected + ", got " + actual);
    }

    @Test
    void glorotUniformStaysWithinItsBoundAndReachesIt() {
        int fanIn = 300, fanOut = 100;
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] v = Initializers.sample(Init.GLOROT_UNIFORM, 1, "d.W", fanIn, fanOut, N);
        assertTrue(maxAbs(v) <= bound, "max |w| " + maxAbs(v) + " > " + bound);
        assertTrue(maxAbs(v) > 0.999 * bound, "a uniform sample this large comes close to its bound");
    }

    @Test
    void glorotUniformHasVarianceTwoOverFanInPlusFanOutAndMeanZero() {
        int fanIn = 300, fanOut = 100;
        double[] v = Initializers.sample(Init.GLOROT_UNIFORM, 2, "d.W", fanIn, fanOut, N);
        double var = 2.0 / (fanIn + fanOut);
        assertNear(var, variance(v), 0.03, "variance");
        assertTrue(Math.abs(mean(v)) < 5 * Math.sqrt(var / N), "mean " + mean(v));
    }

    @Test
    void heNormalHasVarianceTwoOverFanInAndMeanZero() {
        int fanIn = 50;
        double[] v = Initializers.sample(Init.HE_NORMAL, 3, "d.W", fanIn, 10, N);
        double var = 2.0 / fanIn;
        assertNear(var, variance(v), 0.03, "variance");
        assertTrue(Math.abs(mean(v)) < 5 * Math.sqrt(var / N), "mean " + mean(v));
    }

    @Test
    void heNormalIsBellShaped() {
        // Normal: 68.27% within one standard deviation (a uniform of the same variance: 57.7%).
        int fanIn = 50;
        double std = Math.sqrt(2.0 / fanIn);
        double[] v = Initializers.sample(Init.HE_NORMAL, 4, "d.W", fanIn, 10, N);
        double within = Arrays.stream(v).filter(x -> Math.abs(x) < std).count() / (double) N;
        assertEquals(0.6827, within, 0.01);
        assertTrue(maxAbs(v) > 3 * std, "a normal sample this large has tails beyond 3 sigma");
    }

    @Test
    void heNormalFillsAnOddCountCompletely() {
        double[] v = Initializers.sample(Init.HE_NORMAL, 5, "d.W", 4, 3, 7);
        assertTrue(Arrays.stream(v).allMatch(x -> x != 0 && Double.isFinite(x)), Arrays.toString(v));
    }

    @Test
    void standardUniformStaysWithinOneOverSqrtFanIn() {
        int fanIn = 64;
        double bound = 1 / Math.sqrt(fanIn);
        double[] v = Initializers.sample(Init.STANDARD_UNIFORM, 6, "d.W", fanIn, 1000, N);
        assertTrue(maxAbs(v) <= bound, "max |w| " + maxAbs(v) + " > " + bound);
        assertTrue(maxAbs(v) > 0.999 * bound);
        assertNear(bound * bound / 3, variance(v), 0.03, "variance of U(-a, a) is a^2/3");
    }

    @Test
    void sameSeedAndKeyGiveTheSameValues() {
        for (Init init : Init.values()) {
            assertArrayEquals(Initializers.sample(init, 42, "dense3.W", 32, 32, 1024),
                    Initializers.sample(init, 42, "dense3.W", 32, 32, 1024), init.name());
        }
    }

    @Test
    void differentKeysGiveDifferentValues() {
        for (Init init : Init.values()) {
            assertFalse(Arrays.equals(Initializers.sample(init, 42, "dense3.W", 32, 32, 1024),
                    Initializers.sample(init, 42, "dense4.W", 32, 32, 1024)), init.name());
        }
    }

    @Test
    void keysWithEqualJavaHashCodesStillGetDifferentValues() {
        assertEquals("Aa.W".hashCode(), "BB.W".hashCode(), "precondition: the classic String.hashCode collision");
        assertFalse(Arrays.equals(Initializers.sample(Init.GLOROT_UNIFORM, 42, "Aa.W", 32, 32, 1024),
                Initializers.sample(Init.GLOROT_UNIFORM, 42, "BB.W", 32, 32, 1024)));
    }

    @Test
    void differentSeedsGiveDifferentValues() {
        assertFalse(Arrays.equals(Initializers.sample(Init.GLOROT_UNIFORM, 1, "dense3.W", 32, 32, 1024),
                Initializers.sample(Init.GLOROT_UNIFORM, 2, "dense3.W", 32, 32, 1024)));
    }
}
