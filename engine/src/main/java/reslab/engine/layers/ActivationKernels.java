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
