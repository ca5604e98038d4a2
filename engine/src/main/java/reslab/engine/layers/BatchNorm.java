package reslab.engine.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.kernels.Vectors;

/**
 * Batch normalisation, per channel of [batch, c, h, w] or per feature of [batch, c]:
 * y = gamma (x - mu) / sqrt(var + eps) + beta, statistics over every value of the channel
 * (N = batch h w of them). The loops are {@link ChannelKernels}; training on [batch, c, h, w]
 * float arrays runs in oneDNN instead ({@link OneDnnBatchNorm}), where it is available, and
 * so does everything on {@link Blocked} arrays, evaluation too.
 *
 * <p>Training normalises with the batch's mean and biased variance (divided by N) and
 * backpropagates through them: dx = gamma / (N sigma) (N dy - sum dy - xhat sum(dy xhat)),
 * dgamma = sum(dy xhat), dbeta = sum dy. It also updates the running statistics, PyTorch's
 * way: running = (1 - momentum) running + momentum batch, where the batch variance is the
 * unbiased one (divided by N - 1). Evaluation normalises with the running statistics.
 */
public final class BatchNorm extends UnaryLayer {
    private final Parameter gamma;          // [c], init 1
    private final Parameter beta;           // [c], init 0
    private final INDArray runningMean;     // [c], init 0
    private final INDArray runningVar;      // [c], init 1
    private final double epsilon, momentum;
    private INDArray x;                     // kept by a training forward for backward: [batch, c, ...] dense
    private double[] mean, inv;             // and its batch mean and 1 / sqrt(var + eps) per channel
    private double[] var, scale, shift;     // its batch variance, and y = scale x + shift per channel
    private INDArray[] batchStats;          // {mean, variance} [c] when oneDNN computed that forward, else null
    private List<SquareSum> squareSums = List.of();

    public BatchNorm(String name, int channels, double epsilon, double momentum, DataType dt) {
        super(name);
        this.gamma = new Parameter(name, Parameter.Role.GAMMA, Nd4j.ones(dt, channels));
        this.beta = new Parameter(name, Parameter.Role.BETA, Nd4j.zeros(dt, channels));
        this.runningMean = Nd4j.zeros(dt, channels);
        this.runningVar = Nd4j.ones(dt, channels);
        this.epsilon = epsilon;
        this.momentum = momentum;
    }

    @Override
    protected INDArray forward(INDArray input, boolean training) {
        long c = gamma.value().length();
        long[] image = Blocked.imageShape(input);
        if ((image.length != 2 && image.length != 4) || image[1] != c) {
            throw new IllegalArgumentException(name() + ": expected input [batch, " + c + "] or [batch, " + c
                    + ", height, width], got " + Arrays.toString(image));
        }
        INDArray x = ChannelKernels.dense(input);
        boolean blocked = Blocked.is(x);                                // then oneDNN computes it: see takesBlocked
        long perChannel = x.length() / c;
        INDArray y = buffers.get("y", x.dataType(), x.shape());          // y = gamma (x - mean) / sigma + beta
        double[] mean, var;
        boolean byOneDnn = false;
        if (training) {
            if (perChannel < 2) {
                throw new IllegalArgumentException(name() + ": training needs more than one value per channel, got input "
                        + Arrays.toString(input.shape()) + " (use a batch larger than 1)");
            }
            batchStats = null;
            if (OneDnn.runs(x, gamma.value(), beta.value()) && image.length == 4) {
                INDArray m = buffers.get("mean", x.dataType(), c), v = buffers.get("var", x.dataType(), c);
                byOneDnn = OneDnnBatchNorm.forward(x, gamma.value(), beta.value(), epsilon, y, m, v);
                if (byOneDnn) batchStats = new INDArray[] {m, v};
            }
            if (blocked && !byOneDnn) throw new IllegalStateException(name() + ": oneDNN declined batch norm on a blocked input");
            if (byOneDnn) {
                mean = Vectors.read(batchStats[0]);
                var = Vectors.read(batchStats[1]);
            } else {
                double[][] mv = ChannelKernels.meanAndVariance(x, ChannelKernels.Runs.of(x));
                mean = mv[0];                                           // [c]
                var = mv[1];                                            // [c], biased: divides by N
            }
            double unbiased = perChannel / (perChannel - 1.0);
            double[] rm = Vectors.read(runningMean), rv = Vectors.read(runningVar);
            for (int k = 0; k < c; k++) {
                rm[k] = (1 - momentum) * rm[k] + momentum * mean[k];
                rv[k] = (1 - momentum) * rv[k] + momentum * var[k] * unbiased;
            }
            Vectors.write(runningMean, rm);
            Vectors.write(runningVar, rv);
        } else {
            mean = Vectors.read(runningMean);
            var = Vectors.read(runningVar);
        }
        double[] g = Vectors.read(gamma.value()), b = Vectors.read(beta.value());
        double[] inv = new double[(int) c], scale = new double[(int) c], shift = new double[(int) c];
        for (int k = 0; k < c; k++) {
            inv[k] = 1 / Math.sqrt(var[k] + epsilon);
            scale[k] = g[k] * inv[k];
            shift[k] = b[k] - mean[k] * scale[k];
        }
        if (!byOneDnn && blocked) {
            // Evaluation on a blocked input (training took oneDNN's path above): oneDNN, with the running statistics.
            if (!OneDnnBatchNorm.infer(x, gamma.value(), beta.value(), epsilon, runningMean, runningVar, y)) {
                throw new IllegalStateException(name() + ": oneDNN declined batch norm on a blocked input");
            }
        } else if (!byOneDnn) {
            ChannelKernels.affine(x, scale, shift, null, null, y, ChannelKernels.Runs.of(x));
        }
        if (training) {
            this.x = x;
            this.mean = mean;
            this.inv = inv;
            this.var = var;
            this.scale = scale;
            this.shift = shift;
        } else {
            clearCache();
        }
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dyIn) {
        if (x == null) throw new IllegalStateException(name() + ": backward needs a training forward first");
        NativeOps.requireGradShape(name(), dyIn, x.shape());
        INDArray dy = ChannelKernels.dense(dyIn);
        if (batchStats != null) {
            INDArray dx = buffers.get("dx", x.dataType(), x.shape());
            INDArray dGamma = buffers.get("dgamma", x.dataType(), gamma.grad().shape());
            INDArray dBeta = buffers.get("dbeta", x.dataType(), beta.grad().shape());
            if (OneDnnBatchNorm.backward(x, batchStats[0], batchStats[1], dy, gamma.value(), beta.value(), epsilon, dx,
                    dGamma, dBeta)) {
                squareSums = List.of(SquareSum.of(dx));                 // dy: whoever made it (a ReLU, mostly)
                gamma.grad().addi(dGamma);
                beta.grad().addi(dBeta);
                return dx;
            }
        }
        if (Blocked.is(x)) throw new IllegalStateException(name() + ": oneDNN declined batch norm's backward on a blocked input");
        ChannelKernels.Runs r = ChannelKernels.Runs.of(x);
        double[][] sums = ChannelKernels.gradientSums(x, dy, mean, r);  // sum dy, sum dy (x - mean)
        double[] g = Vectors.read(gamma.value());
        int c = g.length;
        double n = r.perChannel();
        double[] dGamma = new double[c], a = new double[c], b = new double[c], k = new double[c];
        for (int j = 0; j < c; j++) {
            dGamma[j] = inv[j] * sums[1][j];                           // sum dy xhat
            // dx = gamma inv / N (N dy - sum dy - xhat sum(dy xhat)) = a dy + b + k x
            a[j] = g[j] * inv[j];
            k[j] = -g[j] * inv[j] * inv[j] * dGamma[j] / n;
            b[j] = -g[j] * inv[j] * sums[0][j] / n - k[j] * mean[j];
        }
        INDArray dx = buffers.get("dx", x.dataType(), x.shape());
        double dxSquares = ChannelKernels.affine(dy, a, b, x, k, dx, r);
        squareSums = List.of(new SquareSum(dyIn, sums[2][0]), new SquareSum(dx, dxSquares));
        Vectors.add(gamma.grad(), dGamma);
        Vectors.add(beta.grad(), sums[0]);
        return dx;
    }

    /** Blocked input where oneDNN computes batch norm, in training and in evaluation. */
    @Override
    public boolean takesBlocked(INDArray[] inputs, boolean training) {
        return Blocked.is(inputs[0]) && OneDnnBatchNorm.runs(inputs[0], gamma.value(), beta.value(), epsilon);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /** {@code <name>.running_mean} and {@code <name>.running_var}, live. */
    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(name() + ".running_mean", runningMean);
        m.put(name() + ".running_var", runningVar);
        return m;
    }

    /**
     * Mean and variance (over N) of every value of the last training forward's input and
     * output, from its per-channel statistics, which that forward computed anyway (every
     * channel holds as many values, so the overall mean is the mean of the channel means):
     * {input mean, input variance, output mean, output variance}. Null unless {@code input}
     * is the very array that forward read; telemetry then reads the arrays itself.
     */
    public double[] lastTrainingMoments(INDArray input) {
        if (x == null || x != input) return null;
        int c = mean.length;
        double inMean = 0, inSquare = 0, outMean = 0, outSquare = 0;
        for (int k = 0; k < c; k++) {
            inMean += mean[k];
            inSquare += var[k] + mean[k] * mean[k];
            double m = scale[k] * mean[k] + shift[k];                  // y's channel mean
            outMean += m;
            outSquare += scale[k] * scale[k] * var[k] + m * m;
        }
        inMean /= c;
        outMean /= c;
        return new double[] {inMean, Math.max(0, inSquare / c - inMean * inMean),
                outMean, Math.max(0, outSquare / c - outMean * outMean)};
    }

    @Override
    public List<SquareSum> squareSums() {
        return squareSums;
    }

    @Override
    public void clearCache() {
        squareSums = List.of();
        x = null;
        batchStats = null;
        mean = null;
        inv = null;
        var = null;
        scale = null;
        shift = null;
    }
}
