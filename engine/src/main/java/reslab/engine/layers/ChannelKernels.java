package reslab.engine.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-channel loops for batch normalisation, in Java straight on ND4J's memory. An array
 * [batch, c, rest...] in row-major order is, for each example and channel, one run of
 * {@code rest} consecutive values; every loop walks those runs.
 *
 * <p>Measured (reslab.engine.bench.LayerBenchmark) on [64, 16, 32, 32] floats: forward plus
 * backward in these loops took a third of libnd4j's mean/var reductions plus its batchnorm
 * and batchnorm_bp ops (whose backward, oneDNN's, alone took longer), and in double precision
 * they are exact where batchnorm_bp was off by a few 1e-9.
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
    }

    /** A dense row-major copy, or the array itself if it is one already. */
    static INDArray dense(INDArray a) {
        return a.ordering() == 'c' && a.isView() == false && a.offset() == 0 && a.length() == a.data().length() ? a : a.dup('c');
    }

    /** Mean per channel (two passes: the variance below is then free of cancellation). */
    static double[] mean(INDArray x, Runs r) {
        double[] sum = new double[r.channels()];
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer b = x.data().asNioFloat();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    float s0 = 0, s1 = 0;
                    int i = 0;
                    for (; i + 1 < r.run(); i += 2) {
                        s0 += b.get(o + i);
                        s1 += b.get(o + i + 1);
                    }
                    if (i < r.run()) s0 += b.get(o + i);
                    sum[c] += (double) s0 + s1;
                }
            }
        } else {
            DoubleBuffer b = x.data().asNioDouble();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    double s = 0;
                    for (int i = 0; i < r.run(); i++) s += b.get(o + i);
                    sum[c] += s;
                }
            }
        }
        for (int c = 0; c < sum.length; c++) sum[c] /= r.perChannel();
        return sum;
    }

    /** Biased variance per channel: mean of (x - mean)^2. */
    static double[] variance(INDArray x, Runs r, double[] mean) {
        double[] sq = new double[r.channels()];
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer b = x.data().asNioFloat();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    float m = (float) mean[c], s0 = 0, s1 = 0;
                    int i = 0;
                    for (; i + 1 < r.run(); i += 2) {
                        float d0 = b.get(o + i) - m, d1 = b.get(o + i + 1) - m;
                        s0 += d0 * d0;
                        s1 += d1 * d1;
                    }
                    if (i < r.run()) {
                        float d = b.get(o + i) - m;
                        s0 += d * d;
                    }
                    sq[c] += (double) s0 + s1;
                }
            }
        } else {
            DoubleBuffer b = x.data().asNioDouble();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    double s = 0;
                    for (int i = 0; i < r.run(); i++) {
                        double d = b.get(o + i) - mean[c];
                        s += d * d;
                    }
                    sq[c] += s;
                }
            }
        }
        for (int c = 0; c < sq.length; c++) sq[c] /= r.perChannel();
        return sq;
    }

    /** out = a[c] x + b[c] + k[c] z per channel (z may be null: k unused). All dense, same shape. */
    static void affine(INDArray x, double[] a, double[] b, INDArray z, double[] k, INDArray out, Runs r) {
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xb = x.data().asNioFloat(), ob = out.data().asNioFloat();
            FloatBuffer zb = z == null ? null : z.data().asNioFloat();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    float fa = (float) a[c], fb = (float) b[c];
                    if (zb == null) {
                        for (int i = 0; i < r.run(); i++) ob.put(o + i, fa * xb.get(o + i) + fb);
                    } else {
                        float fk = (float) k[c];
                        for (int i = 0; i < r.run(); i++) ob.put(o + i, fa * xb.get(o + i) + fb + fk * zb.get(o + i));
                    }
                }
            }
        } else {
            DoubleBuffer xb = x.data().asNioDouble(), ob = out.data().asNioDouble();
            DoubleBuffer zb = z == null ? null : z.data().asNioDouble();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    if (zb == null) {
                        for (int i = 0; i < r.run(); i++) ob.put(o + i, a[c] * xb.get(o + i) + b[c]);
                    } else {
                        for (int i = 0; i < r.run(); i++) ob.put(o + i, a[c] * xb.get(o + i) + b[c] + k[c] * zb.get(o + i));
                    }
                }
            }
        }
    }

    /** out[n, c, ...] = scale v[n, c] for every value of the run: v is [batch, c], dense. */
    static void fillRuns(INDArray v, double scale, INDArray out, Runs r) {
        if (out.dataType() == DataType.FLOAT) {
            FloatBuffer vb = v.data().asNioFloat(), ob = out.data().asNioFloat();
            for (int k = 0; k < r.batch() * r.channels(); k++) {
                float value = (float) (scale * vb.get(k));
                for (int i = 0; i < r.run(); i++) ob.put(k * r.run() + i, value);
            }
        } else {
            DoubleBuffer vb = v.data().asNioDouble(), ob = out.data().asNioDouble();
            for (int k = 0; k < r.batch() * r.channels(); k++) {
                double value = scale * vb.get(k);
                for (int i = 0; i < r.run(); i++) ob.put(k * r.run() + i, value);
            }
        }
    }

    /** {sum dy, sum dy (x - mean)} per channel. */
    static double[][] gradientSums(INDArray x, INDArray dy, double[] mean, Runs r) {
        double[] sumDy = new double[r.channels()], sumDyX = new double[r.channels()];
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xb = x.data().asNioFloat(), gb = dy.data().asNioFloat();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    float m = (float) mean[c], s = 0, t = 0;
                    for (int i = 0; i < r.run(); i++) {
                        float g = gb.get(o + i);
                        s += g;
                        t += g * (xb.get(o + i) - m);
                    }
                    sumDy[c] += s;
                    sumDyX[c] += t;
                }
            }
        } else {
            DoubleBuffer xb = x.data().asNioDouble(), gb = dy.data().asNioDouble();
            for (int n = 0; n < r.batch(); n++) {
                for (int c = 0; c < r.channels(); c++) {
                    int o = (n * r.channels() + c) * r.run();
                    double s = 0, t = 0;
                    for (int i = 0; i < r.run(); i++) {
                        double g = gb.get(o + i);
                        s += g;
                        t += g * (xb.get(o + i) - mean[c]);
                    }
                    sumDy[c] += s;
                    sumDyX[c] += t;
                }
            }
        }
        return new double[][] {sumDy, sumDyX};
    }
}
