package reslab.engine.testutil;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The slow, obviously correct path for the image layers: plain loops over double arrays,
 * written from the definitions, no ND4J arithmetic. Tensors are {@link T4} [n, c, h, w].
 * Padding follows the spec's words, computed here on its own: SAME gives out = ceil(in / s)
 * and pads max((out - 1) s + k - in, 0) zeros, the odd one after; EXPLICIT pads p on both
 * sides; VALID none.
 */
public final class ReferenceLayers {
    private ReferenceLayers() {}

    /** A dense row-major [n, c, h, w] tensor of doubles. */
    public static final class T4 {
        public final int n, c, h, w;
        public final double[] v;

        public T4(int n, int c, int h, int w) {
            this.n = n;
            this.c = c;
            this.h = h;
            this.w = w;
            this.v = new double[n * c * h * w];
        }

        public static T4 of(INDArray a) {
            if (a.rank() != 4) throw new IllegalArgumentException("need rank 4, got " + a.rank());
            T4 t = new T4((int) a.size(0), (int) a.size(1), (int) a.size(2), (int) a.size(3));
            double[] d = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            System.arraycopy(d, 0, t.v, 0, d.length);
            return t;
        }

        public double get(int a, int b, int y, int x) {
            return v[((a * c + b) * h + y) * w + x];
        }

        public void set(int a, int b, int y, int x, double value) {
            v[((a * c + b) * h + y) * w + x] = value;
        }

        public void add(int a, int b, int y, int x, double value) {
            v[((a * c + b) * h + y) * w + x] += value;
        }

        public INDArray toArray(DataType dt) {
            return Nd4j.create(v.clone(), new long[] {n, c, h, w}, DataType.DOUBLE).castTo(dt);
        }
    }

    /** One axis of a window: output length and zeros before the first input. */
    public record Axis(int out, int padBefore) {}

    /** mode: "same", "valid" or "explicit" (with {@code pad} on both sides). */
    public static Axis axis(int in, int k, int s, String mode, int pad) {
        switch (mode) {
            case "same": {
                int out = (in + s - 1) / s;
                int total = Math.max((out - 1) * s + k - in, 0);
                return new Axis(out, total / 2);
            }
            case "valid":
                return new Axis((in - k) / s + 1, 0);
            case "explicit":
                return new Axis((in + 2 * pad - k) / s + 1, pad);
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    // ---- convolution ----

    /** y[n, o, i, j] = b[o] + sum_{c, p, q} w[o, c, p, q] x[n, c, i sh + p - top, j sw + q - left] (zero outside). */
    public static T4 conv(T4 x, T4 w, double[] b, int sh, int sw, Axis ah, Axis aw) {
        T4 y = new T4(x.n, w.n, ah.out(), aw.out());
        for (int n = 0; n < x.n; n++)
            for (int o = 0; o < w.n; o++)
                for (int i = 0; i < ah.out(); i++)
                    for (int j = 0; j < aw.out(); j++) {
                        double s = b == null ? 0 : b[o];
                        for (int c = 0; c < x.c; c++)
                            for (int p = 0; p < w.h; p++)
                                for (int q = 0; q < w.w; q++) {
                                    int r = i * sh + p - ah.padBefore(), col = j * sw + q - aw.padBefore();
                                    if (r >= 0 && r < x.h && col >= 0 && col < x.w) s += w.get(o, c, p, q) * x.get(n, c, r, col);
                                }
                        y.set(n, o, i, j, s);
                    }
        return y;
    }

    /** The gradients of {@link #conv} given dy: {dx, dw, db (as a 1x1x1xO tensor)}. */
    public static T4[] convBackward(T4 x, T4 w, T4 dy, int sh, int sw, Axis ah, Axis aw) {
        T4 dx = new T4(x.n, x.c, x.h, x.w), dw = new T4(w.n, w.c, w.h, w.w), db = new T4(1, 1, 1, w.n);
        for (int n = 0; n < x.n; n++)
            for (int o = 0; o < w.n; o++)
                for (int i = 0; i < ah.out(); i++)
                    for (int j = 0; j < aw.out(); j++) {
                        double g = dy.get(n, o, i, j);
                        db.add(0, 0, 0, o, g);
                        for (int c = 0; c < x.c; c++)
                            for (int p = 0; p < w.h; p++)
                                for (int q = 0; q < w.w; q++) {
                                    int r = i * sh + p - ah.padBefore(), col = j * sw + q - aw.padBefore();
                                    if (r < 0 || r >= x.h || col < 0 || col >= x.w) continue;
                                    dw.add(o, c, p, q, g * x.get(n, c, r, col));
                                    dx.add(n, c, r, col, g * w.get(o, c, p, q));
                                }
                    }
        return new T4[] {dx, dw, db};
    }

    // ---- pooling ----

    /** Max over the real inputs of each window (padding never wins). */
    public static T4 maxPool(T4 x, int kh, int kw, int sh, int sw, Axis ah, Axis aw) {
        T4 y = new T4(x.n, x.c, ah.out(), aw.out());
        for (int n = 0; n < x.n; n++)
            for (int c = 0; c < x.c; c++)
                for (int i = 0; i < ah.out(); i++)
                    for (int j = 0; j < aw.out(); j++) {
                        int[] at = argmax(x, n, c, i, j, kh, kw, sh, sw, ah, aw);
                        y.set(n, c, i, j, x.get(n, c, at[0], at[1]));
                    }
        return y;
    }

    /** dy goes to the position of each window's maximum. */
    public static T4 maxPoolBackward(T4 x, T4 dy, int kh, int kw, int sh, int sw, Axis ah, Axis aw) {
        T4 dx = new T4(x.n, x.c, x.h, x.w);
        for (int n = 0; n < x.n; n++)
            for (int c = 0; c < x.c; c++)
                for (int i = 0; i < ah.out(); i++)
                    for (int j = 0; j < aw.out(); j++) {
                        int[] at = argmax(x, n, c, i, j, kh, kw, sh, sw, ah, aw);
                        dx.add(n, c, at[0], at[1], dy.get(n, c, i, j));
                    }
        return dx;
    }

    private static int[] argmax(T4 x, int n, int c, int i, int j, int kh, int kw, int sh, int sw, Axis ah, Axis aw) {
        int[] best = null;
        for (int p = 0; p < kh; p++)
            for (int q = 0; q < kw; q++) {
                int r = i * sh + p - ah.padBefore(), col = j * sw + q - aw.padBefore();
                if (r < 0 || r >= x.h || col < 0 || col >= x.w) continue;
                if (best == null || x.get(n, c, r, col) > x.get(n, c, best[0], best[1])) best = new int[] {r, col};
            }
        if (best == null) throw new IllegalStateException("a window of padding only");
        return best;
    }

    /** Mean of the real inputs each window covers (padding not counted). */
    public static T4 avgPool(T4 x, int kh, int kw, int sh, int sw, Axis ah, Axis aw) {
        T4 y = new T4(x.n, x.c, ah.out(), aw.out());
        for (int n = 0; n < x.n; n++)
            for (int c = 0; c < x.c; c++)
                for (int i = 0; i < ah.out(); i++)
                    for (int j = 0; j < aw.out(); j++) {
                        double s = 0;
                        int count = 0;
                        for (int p = 0; p < kh; p++)
                            for (int q = 0; q < kw; q++) {
                                int r = i * sh + p - ah.padBefore(), col = j * sw + q - aw.padBefore();
                                if (r < 0 || r >= x.h || col < 0 || col >= x.w) continue;
                                s += x.get(n, c, r, col);
                                count++;
                            }
                        y.set(n, c, i, j, s / count);
                    }
        return y;
    }

    public static T4 avgPoolBackward(T4 x, T4 dy, int kh, int kw, int sh, int sw, Axis ah, Axis aw) {
        T4 dx = new T4(x.n, x.c, x.h, x.w);
        for (int n = 0; n < x.n; n++)
            for (int c = 0; c < x.c; c++)
                for (int i = 0; i < ah.out(); i++)
                    for (int j = 0; j < aw.out(); j++) {
                        int count = 0;
                        for (int p = 0; p < kh; p++)
                            for (int q = 0; q < kw; q++) {
                                int r = i * sh + p - ah.padBefore(), col = j * sw + q - aw.padBefore();
                                if (r >= 0 && r < x.h && col >= 0 && col < x.w) count++;
                            }
                        for (int p = 0; p < kh; p++)
                            for (int q = 0; q < kw; q++) {
                                int r = i * sh + p - ah.padBefore(), col = j * sw + q - aw.padBefore();
                                if (r >= 0 && r < x.h && col >= 0 && col < x.w) dx.add(n, c, r, col, dy.get(n, c, i, j) / count);
                            }
                    }
        return dx;
    }

    // ---- batch normalisation (training mode), per channel ----

    /** What a training forward computes: y, and the batch mean and biased variance per channel. */
    public record BatchNormPass(T4 y, double[] mean, double[] var) {}

    public static BatchNormPass batchNorm(T4 x, double[] gamma, double[] beta, double eps) {
        int per = x.n * x.h * x.w;
        double[] mean = new double[x.c], var = new double[x.c];
        for (int c = 0; c < x.c; c++) {
            double s = 0;
            for (int n = 0; n < x.n; n++) for (int i = 0; i < x.h; i++) for (int j = 0; j < x.w; j++) s += x.get(n, c, i, j);
            mean[c] = s / per;
            double q = 0;
            for (int n = 0; n < x.n; n++)
                for (int i = 0; i < x.h; i++)
                    for (int j = 0; j < x.w; j++) q += (x.get(n, c, i, j) - mean[c]) * (x.get(n, c, i, j) - mean[c]);
            var[c] = q / per;
        }
        T4 y = new T4(x.n, x.c, x.h, x.w);
        for (int n = 0; n < x.n; n++)
            for (int c = 0; c < x.c; c++)
                for (int i = 0; i < x.h; i++)
                    for (int j = 0; j < x.w; j++) {
                        y.set(n, c, i, j, gamma[c] * (x.get(n, c, i, j) - mean[c]) / Math.sqrt(var[c] + eps) + beta[c]);
                    }
        return new BatchNormPass(y, mean, var);
    }

    /**
     * Backward of a training-mode batch norm, through the batch statistics:
     * dx = gamma / (N sigma) (N dy - sum dy - xhat sum(dy xhat)). Returns {dx, dgamma, dbeta}
     * (the last two as [1, 1, 1, c]).
     */
    public static T4[] batchNormBackward(T4 x, T4 dy, double[] gamma, double eps) {
        int per = x.n * x.h * x.w;
        BatchNormPass stats = batchNorm(x, gamma, new double[x.c], eps);
        T4 dx = new T4(x.n, x.c, x.h, x.w), dg = new T4(1, 1, 1, x.c), db = new T4(1, 1, 1, x.c);
        for (int c = 0; c < x.c; c++) {
            double sigma = Math.sqrt(stats.var()[c] + eps), sumDy = 0, sumDyXhat = 0;
            for (int n = 0; n < x.n; n++)
                for (int i = 0; i < x.h; i++)
                    for (int j = 0; j < x.w; j++) {
                        double xhat = (x.get(n, c, i, j) - stats.mean()[c]) / sigma;
                        sumDy += dy.get(n, c, i, j);
                        sumDyXhat += dy.get(n, c, i, j) * xhat;
                    }
            dg.set(0, 0, 0, c, sumDyXhat);
            db.set(0, 0, 0, c, sumDy);
            for (int n = 0; n < x.n; n++)
                for (int i = 0; i < x.h; i++)
                    for (int j = 0; j < x.w; j++) {
                        double xhat = (x.get(n, c, i, j) - stats.mean()[c]) / sigma;
                        dx.set(n, c, i, j, gamma[c] / (per * sigma) * (per * dy.get(n, c, i, j) - sumDy - xhat * sumDyXhat));
                    }
        }
        return new T4[] {dx, dg, db};
    }

    /** Largest |a - b| over |b|'s largest value (or 1 if smaller): a scale-aware error. */
    public static double relativeError(T4 a, T4 b) {
        if (a.v.length != b.v.length) throw new IllegalArgumentException("sizes differ: " + a.v.length + " vs " + b.v.length);
        double maxDiff = 0, scale = 1;
        for (int i = 0; i < a.v.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a.v[i] - b.v[i]));
            scale = Math.max(scale, Math.abs(b.v[i]));
        }
        return maxDiff / scale;
    }
}
