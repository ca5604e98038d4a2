package reslab.engine.testutil;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded double-precision test tensors, drawn in plain Java so they do not depend on ND4J's RNG. */
public final class TestArrays {
    private TestArrays() {}

    /** Standard normal values, times {@code scale}. */
    public static INDArray normal(long seed, double scale, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[(int) count(shape)];
        for (int i = 0; i < v.length; i++) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    /** Values with min <= |v| <= max and random sign: away from a kink at zero. */
    public static INDArray awayFromZero(long seed, double min, double max, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[(int) count(shape)];
        for (int i = 0; i < v.length; i++) {
            double m = rng.nextDouble(min, max);
            v[i] = rng.nextBoolean() ? m : -m;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    /** L = sum(r * y): a scalar loss whose gradient wrt y is r. */
    public static double weightedSum(INDArray r, INDArray y) {
        return r.mul(y).sumNumber().doubleValue();
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }
}
