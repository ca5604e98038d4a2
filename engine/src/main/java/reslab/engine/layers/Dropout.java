package reslab.engine.layers;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout. Training: y = x m with m = 0 (probability {@code rate}) or 1 / (1 - rate),
 * so the expected output is x; dx = dy m. Evaluation: y = x.  Any shape.
 *
 * <p>The mask of the k-th training forward is drawn from a stream derived from the run seed,
 * the node's name and k alone, so a run repeats exactly and adding a node never changes
 * another node's masks. {@link #setStep} replays a given mask (gradient checks use it).
 */
public final class Dropout extends UnaryLayer {
    private final double rate;
    private final long nodeSeed;
    private long step;          // training forwards so far: picks the next mask
    private INDArray mask;      // of the last training forward, same shape as x

    public Dropout(String name, double rate, long runSeed) {
        super(name);
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException(name + ": dropout rate must be in [0, 1), got " + rate);
        this.rate = rate;
        this.nodeSeed = mix(runSeed ^ fnv1a(name));
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        if (!training) {
            mask = null;
            return x;
        }
        mask = mask(x.shape(), x.dataType(), step++);
        INDArray y = buffers.get("y", x.dataType(), x.shape());
        Nd4j.exec(new MulOp(x, mask, y));
        return y;
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray m = mask;
        if (m == null) throw new IllegalStateException(name() + ": backward needs a training forward first");
        NativeOps.requireGradShape(name(), dy, m.shape());
        INDArray dx = buffers.get("dx", dy.dataType(), dy.shape());
        Nd4j.exec(new MulOp(dy, m, dx));                               // dx = dy m
        return dx;
    }

    /** The next training forward uses mask number {@code step} (0 for the first). */
    public void setStep(long step) {
        this.step = step;
    }

    public long step() {
        return step;
    }

    private INDArray mask(long[] shape, DataType dt, long k) {
        SplittableRandom rng = new SplittableRandom(mix(nodeSeed + k * 0x9E3779B97F4A7C15L));
        long n = 1;
        for (long d : shape) n *= d;
        double keep = 1.0 / (1.0 - rate);
        if (dt == DataType.DOUBLE) {
            double[] v = new double[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble() < rate ? 0.0 : keep;
            return Nd4j.create(v, shape, DataType.DOUBLE);
        }
        float[] v = new float[Math.toIntExact(n)];
        float keepF = (float) keep;
        for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble() < rate ? 0f : keepF;
        return Nd4j.create(v, shape, 'c').castTo(dt);
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) h = (h ^ s.charAt(i)) * 0x100000001b3L;
        return h;
    }

    /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public void clearCache() {
        mask = null;
    }
}
