package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;

/**
 * Per-channel loops for batch normalisation, in Java on ND4J's memory. An array
 * [batch, c, rest...] in row-major order is, for each example and channel, one run of
 * {@code rest} consecutive values; every loop walks those runs a chunk at a time
 * ({@link ArrayView}): a chunk holds whole runs, or one piece of a run longer than a chunk.
 * Float arrays have float loops (which the JIT vectorises where they are elementwise), double
 * arrays double loops.
 *
 * <p>Measured (reslab.engine.bench.LayerBenchmark) on [64, 16, 32, 32] floats: forward plus
 * backward in the first version of these loops (element by element through a FloatBuffer) took
 * a third of libnd4j's mean/var reductions plus its batchnorm and batchnorm_bp ops (whose
 * backward, oneDNN's, alone took longer), and in double precision they are exact where
 * batchnorm_bp was off by a few 1e-9. Chunked, ResNet-20's 19 batch norms went from 70 to
 * N ms per step (forward + backward, one thread).
 */
final class ChannelKernels {
    private ChannelKernels() {}

    /** The geometry of x: batch, channels, and values per example and channel. */
    record Runs(int batch, int channels, int run) {
        static Runs of(INDArray x) {
            int batch = (int) x.size(0), channels = (int) x.size(1);
            return new Runs(batch, channels, (int) (x.length() / ((long) batch * channels)));
        }

        int perChannel() {
            return batch * run;
        }

        int count() {
            return batch * channels;
        }

        /** Whole runs per chunk (at least one). */
        int runsPerChunk() {
            return run >= ArrayView.CHUNK ? 1 : ArrayView.CHUNK / run;
        }

        /** Values per piece of a run: the whole run unless it is longer than a chunk. */
        int piece() {
            return Math.min(run, ArrayView.CHUNK);
        }
    }

    /** A dense row-major copy, or the array itself if it is one already. */
    static INDArray dense(INDArray a) {
        return ArrayView.dense(a);
    }

    /**
     * Per channel, with K the channel's first value (a pivot that keeps the sums free of
     * cancellation): {sum (x - K), sum (x - K)^2, K}, in one pass.
     */
    static double[][] shiftedSums(INDArray x, Runs r) {
        ArrayView v = ArrayView.of(x);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        double[] s1 = new double[r.channels()], s2 = new double[r.channels()], pivot = new double[r.channels()];
        double[] one = s.d2;
        for (int c = 0; c < r.channels(); c++) {
            v.readAsDoubles(c * r.run(), 1, one, s.f);
            pivot[c] = one[0];
        }
        int per = r.runsPerChunk(), piece = r.piece();
        for (int k = 0; k < r.count(); k += per) {
            int nk = Math.min(per, r.count() - k);
            for (int p = 0; p < r.run(); p += piece) {
                int seg = Math.min(piece, r.run() - p), from = k * r.run() + p;
                if (v.isFloat()) {
                    float[] f = s.f0;
                    v.read(from, nk == 1 ? seg : nk * r.run(), f);
                    for (int j = 0; j < nk; j++) {
                        int c = (k + j) % r.channels(), o = j * r.run();
                        float kf = (float) pivot[c], a0 = 0, a1 = 0, q0 = 0, q1 = 0;
                        int i = 0;
                        for (; i + 1 < seg; i += 2) {
                            float d0 = f[o + i] - kf, d1 = f[o + i + 1] - kf;
                            a0 += d0;
                            a1 += d1;
                            q0 = Math.fma(d0, d0, q0);
                            q1 = Math.fma(d1, d1, q1);
                        }
                        if (i < seg) {
                            float d = f[o + i] - kf;
                            a0 += d;
                            q0 = Math.fma(d, d, q0);
                        }
                        s1[c] += (double) a0 + a1;
                        s2[c] += (double) q0 + q1;
                    }
                } else {
                    double[] d = s.d0;
                    v.read(from, nk == 1 ? seg : nk * r.run(), d);
                    for (int j = 0; j < nk; j++) {
                        int c = (k + j) % r.channels(), o = j * r.run();
                        double kd = pivot[c], a = 0, q = 0;
                        for (int i = 0; i < seg; i++) {
                            double e = d[o + i] - kd;
                            a += e;
                            q += e * e;
                        }
                        s1[c] += a;
                        s2[c] += q;
                    }
                }
            }
        }
        return new double[][] {s1, s2, pivot};
    }

    /** {mean, biased variance (over N)} per channel, from {@link #shiftedSums}. */
    static double[][] meanAndVariance(INDArray x, Runs r) {
        double[][] s = shiftedSums(x, r);
        double n = r.perChannel();
        double[] mean = new double[r.channels()], var = new double[r.channels()];
        for (int c = 0; c < mean.length; c++) {
            double m = s[0][c] / n;
            mean[c] = s[2][c] + m;
            var[c] = Math.max(0, s[1][c] / n - m * m);
        }
        return new double[][] {mean, var};
    }

    /**
     * out = a[c] x + b[c] + k[c] z per channel (z may be null: k unused). All dense, same shape;
     * out may be x. Returns sum out^2, for telemetry: the values are at hand anyway.
     */
    static double affine(INDArray x, double[] a, double[] b, INDArray z, double[] k, INDArray out, Runs r) {
        ArrayView vx = ArrayView.of(x), vo = ArrayView.of(out), vz = z == null ? null : ArrayView.of(z);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        int per = r.runsPerChunk(), piece = r.piece();
        double squares = 0;
        for (int kk = 0; kk < r.count(); kk += per) {
            int nk = Math.min(per, r.count() - kk);
            for (int p = 0; p < r.run(); p += piece) {
                int seg = Math.min(piece, r.run() - p), from = kk * r.run() + p, len = nk == 1 ? seg : nk * r.run();
                if (vx.isFloat()) {
                    float[] f = s.f0, g = s.f1;
                    vx.read(from, len, f);
                    if (vz != null) vz.read(from, len, g);
                    for (int j = 0; j < nk; j++) {
                        int c = (kk + j) % r.channels(), o = j * r.run();
                        float fa = (float) a[c], fb = (float) b[c];
                        if (vz == null) {
                            for (int i = o; i < o + seg; i++) f[i] = fa * f[i] + fb;
                        } else {
                            float fk = (float) k[c];
                            for (int i = o; i < o + seg; i++) f[i] = fa * f[i] + fb + fk * g[i];
                        }
                        float q0 = 0, q1 = 0;
                        int i = o;
                        for (; i + 1 < o + seg; i += 2) {
                            q0 = Math.fma(f[i], f[i], q0);
                            q1 = Math.fma(f[i + 1], f[i + 1], q1);
                        }
                        if (i < o + seg) q0 = Math.fma(f[i], f[i], q0);
                        squares += (double) q0 + q1;
                    }
                    vo.write(from, len, f);
                } else {
                    double[] d = s.d0, e = s.d1;
                    vx.read(from, len, d);
                    if (vz != null) vz.read(from, len, e);
                    for (int j = 0; j < nk; j++) {
                        int c = (kk + j) % r.channels(), o = j * r.run();
                        if (vz == null) {
                            for (int i = o; i < o + seg; i++) d[i] = a[c] * d[i] + b[c];
                        } else {
                            for (int i = o; i < o + seg; i++) d[i] = a[c] * d[i] + b[c] + k[c] * e[i];
                        }
                        for (int i = o; i < o + seg; i++) squares += d[i] * d[i];
                    }
                    vo.write(from, len, d);
                }
            }
        }
        return squares;
    }

    /** out[n, c, ...] = scale v[n, c] for every value of the run: v is [batch, c], dense. */
    static void fillRuns(INDArray v, double scale, INDArray out, Runs r) {
        ArrayView vo = ArrayView.of(out);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        double[] vs = new double[r.count()];
        ArrayView vv = ArrayView.of(v);
        for (int from = 0; from < vs.length; from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, vs.length - from);
            vv.readAsDoubles(from, len, s.d0, s.f);
            System.arraycopy(s.d0, 0, vs, from, len);
        }
        int per = r.runsPerChunk(), piece = r.piece();
        for (int k = 0; k < r.count(); k += per) {
            int nk = Math.min(per, r.count() - k);
            for (int p = 0; p < r.run(); p += piece) {
                int seg = Math.min(piece, r.run() - p), from = k * r.run() + p, len = nk == 1 ? seg : nk * r.run();
                if (vo.isFloat()) {
                    for (int j = 0; j < nk; j++) java.util.Arrays.fill(s.f0, j * r.run(), j * r.run() + seg, (float) (scale * vs[k + j]));
                    vo.write(from, len, s.f0);
                } else {
                    for (int j = 0; j < nk; j++) java.util.Arrays.fill(s.d0, j * r.run(), j * r.run() + seg, scale * vs[k + j]);
                    vo.write(from, len, s.d0);
                }
            }
        }
    }

    /** {sum dy, sum dy (x - mean)} per channel, and {sum dy^2} over all (for telemetry, on the way). */
    static double[][] gradientSums(INDArray x, INDArray dy, double[] mean, Runs r) {
        ArrayView vx = ArrayView.of(x), vg = ArrayView.of(dy);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        double[] sumDy = new double[r.channels()], sumDyX = new double[r.channels()];
        double squares = 0;
        int per = r.runsPerChunk(), piece = r.piece();
        for (int k = 0; k < r.count(); k += per) {
            int nk = Math.min(per, r.count() - k);
            for (int p = 0; p < r.run(); p += piece) {
                int seg = Math.min(piece, r.run() - p), from = k * r.run() + p, len = nk == 1 ? seg : nk * r.run();
                if (vx.isFloat()) {
                    float[] f = s.f0, g = s.f1;
                    vx.read(from, len, f);
                    vg.read(from, len, g);
                    for (int j = 0; j < nk; j++) {
                        int c = (k + j) % r.channels(), o = j * r.run();
                        float m = (float) mean[c], a0 = 0, a1 = 0, t0 = 0, t1 = 0, q0 = 0, q1 = 0;
                        int i = o;
                        for (; i + 1 < o + seg; i += 2) {
                            a0 += g[i];
                            a1 += g[i + 1];
                            t0 = Math.fma(g[i], f[i] - m, t0);
                            t1 = Math.fma(g[i + 1], f[i + 1] - m, t1);
                            q0 = Math.fma(g[i], g[i], q0);
                            q1 = Math.fma(g[i + 1], g[i + 1], q1);
                        }
                        if (i < o + seg) {
                            a0 += g[i];
                            t0 = Math.fma(g[i], f[i] - m, t0);
                            q0 = Math.fma(g[i], g[i], q0);
                        }
                        sumDy[c] += (double) a0 + a1;
                        sumDyX[c] += (double) t0 + t1;
                        squares += (double) q0 + q1;
                    }
                } else {
                    double[] d = s.d0, e = s.d1;
                    vx.read(from, len, d);
                    vg.read(from, len, e);
                    for (int j = 0; j < nk; j++) {
                        int c = (k + j) % r.channels(), o = j * r.run();
                        double a = 0, t = 0, q = 0;
                        for (int i = o; i < o + seg; i++) {
                            a += e[i];
                            t += e[i] * (d[i] - mean[c]);
                            q += e[i] * e[i];
                        }
                        sumDy[c] += a;
                        sumDyX[c] += t;
                        squares += q;
                    }
                }
            }
        }
        return new double[][] {sumDy, sumDyX, {squares}};
    }
}
