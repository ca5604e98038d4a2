package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;

/**
 * Activation gradients in one Java pass each, a chunk at a time ({@link ArrayView}), instead
 * of libnd4j's relu_bp (2.6 ns per value here: a branch per value on data whose sign is a coin
 * toss) or a chain of three or four elementwise ops (each tens of microseconds of overhead
 * on a small layer). All arrays dense and of one type and length; dx may be dy.
 */
final class ActivationKernels {
    private ActivationKernels() {}

    private static final int FLOAT_INF = 0x7f800000;
    private static final long DOUBLE_INF = 0x7ff0000000000000L;

    /**
     * dx = dy where y > 0, else 0 (y NaN counts as not > 0, as in relu_bp). On the bits, with
     * no branch: y > 0 exactly when t = bits(y) - 1 lies in [0, bits(+inf)), i.e. when both
     * t - bits(+inf) and ~t are negative; the sign of their AND, spread, is the mask.
     *
     * @return {sum dy^2, sum dx^2}, for telemetry: the values are at hand anyway
     */
    static double[] reluBackward(INDArray y, INDArray dy, INDArray dx) {
        ArrayView vy = ArrayView.of(y), vg = ArrayView.of(dy), vo = ArrayView.of(dx);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        int n = vy.length();
        double squaresIn = 0, squaresOut = 0;
        for (int from = 0; from < n; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, n - from);
            if (vy.isFloat()) {
                int[] a = s.i0, g = s.i1;
                vy.readBits(from, len, a);
                vg.readBits(from, len, g);
                float in0 = 0, in1 = 0, out0 = 0, out1 = 0;
                int i = 0;
                for (; i + 1 < len; i += 2) {
                    int t0 = a[i] - 1, t1 = a[i + 1] - 1;
                    a[i] = g[i] & (((t0 - FLOAT_INF) & ~t0) >> 31);
                    a[i + 1] = g[i + 1] & (((t1 - FLOAT_INF) & ~t1) >> 31);
                    float g0 = Float.intBitsToFloat(g[i]), g1 = Float.intBitsToFloat(g[i + 1]);
                    float o0 = Float.intBitsToFloat(a[i]), o1 = Float.intBitsToFloat(a[i + 1]);
                    in0 = Math.fma(g0, g0, in0);
                    in1 = Math.fma(g1, g1, in1);
                    out0 = Math.fma(o0, o0, out0);
                    out1 = Math.fma(o1, o1, out1);
                }
                if (i < len) {
                    int t = a[i] - 1;
                    a[i] = g[i] & (((t - FLOAT_INF) & ~t) >> 31);
                    float g0 = Float.intBitsToFloat(g[i]), o0 = Float.intBitsToFloat(a[i]);
                    in0 = Math.fma(g0, g0, in0);
                    out0 = Math.fma(o0, o0, out0);
                }
                squaresIn += (double) in0 + in1;
                squaresOut += (double) out0 + out1;
                vo.writeBits(from, len, a);
            } else {
                long[] a = s.l0, g = s.l1;
                vy.readBits(from, len, a);
                vg.readBits(from, len, g);
                for (int i = 0; i < len; i++) {
                    long t = a[i] - 1;
                    a[i] = g[i] & (((t - DOUBLE_INF) & ~t) >> 63);
                    double gi = Double.longBitsToDouble(g[i]), oi = Double.longBitsToDouble(a[i]);
                    squaresIn += gi * gi;
                    squaresOut += oi * oi;
                }
                vo.writeBits(from, len, a);
            }
        }
        return new double[] {squaresIn, squaresOut};
    }

    static void sigmoidBackward(INDArray y, INDArray dy, INDArray dx) {
        ArrayView vy = ArrayView.of(y), vg = ArrayView.of(dy), vo = ArrayView.of(dx);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        int n = vy.length();
        for (int from = 0; from < n; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, n - from);
            if (vy.isFloat()) {
                float[] a = s.f0, g = s.f1;
                vy.read(from, len, a);
                vg.read(from, len, g);
                for (int i = 0; i < len; i++) a[i] = g[i] * (a[i] * (1 - a[i]));
                vo.write(from, len, a);
            } else {
                double[] a = s.d0, g = s.d1;
                vy.read(from, len, a);
                vg.read(from, len, g);
                for (int i = 0; i < len; i++) a[i] = g[i] * (a[i] * (1 - a[i]));
                vo.write(from, len, a);
            }
        }
    }

    /**
     * y = tanh(x) in float, as a rational function: clamp x to +-7.905, then
     * y = x P(x^2) / Q(x^2) with the degree-12/6 coefficients Eigen and XLA use for float tanh
     * (Eigen's generic_fast_tanh_float). Within 7 float ulps of tanh (the test sweeps every
     * 61st float), NaN stays NaN, +-inf gives +-1, and no branch or exp: the JIT
     * vectorises the loop. libnd4j's float tanh takes 6.5 ns per value here, this 0.5 ns;
     * on lenet5 that was a fifth of a training step. Double arrays keep libnd4j's tanh.
     */
    static void tanhForward(INDArray x, INDArray y) {
        ArrayView vx = ArrayView.of(x), vy = ArrayView.of(y);
        if (!vx.isFloat() || !vy.isFloat()) throw new IllegalArgumentException("tanhForward takes float arrays");
        float[] a = ArrayView.Scratch.get().f0;
        int n = vx.length();
        for (int from = 0; from < n; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, n - from);
            vx.read(from, len, a);
            tanh(a, len);
            vy.write(from, len, a);
        }
    }

    /** tanh of a[0, len) in place, as {@link #tanhForward}. */
    static void tanh(float[] a, int len) {
        for (int i = 0; i < len; i++) {
            // Beyond 7.905 the function is 1 - 2.4e-7 or closer: the clamp keeps P and Q in range.
            float v = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, a[i]));
            float v2 = v * v;
            float p = -2.76076847742355e-16f;
            p = p * v2 + 2.00018790482477e-13f;
            p = p * v2 - 8.60467152213735e-11f;
            p = p * v2 + 5.12229709037114e-08f;
            p = p * v2 + 1.48572235717979e-05f;
            p = p * v2 + 6.37261928875436e-04f;
            p = p * v2 + 4.89352455891786e-03f;
            float q = 1.19825839466702e-06f;
            q = q * v2 + 1.18534705686654e-04f;
            q = q * v2 + 2.26843463243900e-03f;
            q = q * v2 + 4.89352518554385e-03f;
            a[i] = v * (p / q);   // x times the ratio, not (x P) / Q: a tiny x keeps its precision
        }
    }

    /** dx = dy (1 - y^2): tanh's gradient from its output. */
    static void tanhBackward(INDArray y, INDArray dy, INDArray dx) {
        ArrayView vy = ArrayView.of(y), vg = ArrayView.of(dy), vo = ArrayView.of(dx);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        int n = vy.length();
        for (int from = 0; from < n; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, n - from);
            if (vy.isFloat()) {
                float[] a = s.f0, g = s.f1;
                vy.read(from, len, a);
                vg.read(from, len, g);
                for (int i = 0; i < len; i++) a[i] = g[i] * (1 - a[i] * a[i]);
                vo.write(from, len, a);
            } else {
                double[] a = s.d0, g = s.d1;
                vy.read(from, len, a);
                vg.read(from, len, g);
                for (int i = 0; i < len; i++) a[i] = g[i] * (1 - a[i] * a[i]);
                vo.write(from, len, a);
            }
        }
    }
}
