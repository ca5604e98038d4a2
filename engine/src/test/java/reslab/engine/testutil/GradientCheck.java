package reslab.engine.testutil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Centered finite differences against an analytic gradient, in the manner of DL4J's
 * GradientCheckUtil: double precision only, every element checked, relative error
 * |a - n| / (|a| + |n|) with an absolute floor for values that are zero or nearly so.
 */
public final class GradientCheck {
    public static final double EPS = 1e-6;
    public static final double MAX_REL_ERROR = 1e-6;
    /** Below this absolute difference, analytic and numeric agree whatever their ratio. */
    public static final double MIN_ABS_ERROR = 1e-9;

    private GradientCheck() {}

    /**
     * Perturbs every element of {@code target} in place by +-EPS, evaluates {@code loss} each
     * time and compares (L(+) - L(-)) / 2 EPS with the same element of {@code analytic}.
     * {@code target} is restored afterwards.
     *
     * @param what     a name for failure messages, e.g. "dense1.W"
     * @param target   the tensor the loss reads (an input or a parameter value)
     * @param analytic dL/d(target) as computed by backward
     * @param loss     recomputes the scalar loss from scratch using {@code target}
     * @return the number of elements checked
     */
    public static int check(String what, INDArray target, INDArray analytic, DoubleSupplier loss) {
        assertEquals(DataType.DOUBLE, target.dataType(), what + ": gradient checks need double precision");
        assertEquals(DataType.DOUBLE, analytic.dataType(), what + ": analytic gradient must be double");
        assertArrayEquals(target.shape(), analytic.shape(), what + ": gradient shape differs from the value's");
        assertTrue(target.length() > 0, what + ": nothing to check");
        double before = loss.getAsDouble();
        assertTrue(Double.isFinite(before), what + ": loss is not finite before the check");
        long[] shape = target.shape();
        double largest = 0;
        for (long i = 0; i < target.length(); i++) {
            long[] at = unravel(i, shape);
            double orig = target.getDouble(at);
            target.putScalar(at, orig + EPS);
            double plus = loss.getAsDouble();
            target.putScalar(at, orig - EPS);
            double minus = loss.getAsDouble();
            target.putScalar(at, orig);
            double numeric = (plus - minus) / (2 * EPS);
            largest = Math.max(largest, Math.abs(numeric));
            double a = analytic.getDouble(at);
            double abs = Math.abs(a - numeric);
            double rel = abs == 0 ? 0 : abs / (Math.abs(a) + Math.abs(numeric));
            if (rel > MAX_REL_ERROR && abs > MIN_ABS_ERROR) {
                fail(String.format("%s%s: analytic %.10g, numeric %.10g (relative error %.3g, absolute %.3g)",
                        what, java.util.Arrays.toString(at), a, numeric, rel, abs));
            }
        }
        // A loss that ignores the target passes any all-zero analytic gradient: refuse that.
        assertTrue(largest > 1e-6, what + ": the loss barely depends on it (largest |dL/dx| " + largest + ")");
        assertEquals(before, loss.getAsDouble(), 0.0, what + ": the check did not restore the values");
        return (int) target.length();
    }

    /** Row-major position of flat index {@code i} in {@code shape}. */
    private static long[] unravel(long i, long[] shape) {
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = i % shape[d];
            i /= shape[d];
        }
        return at;
    }
}
