package reslab.engine.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Endless mini-batches: each epoch is a fresh seeded permutation, so the same seed gives the
 * same batches in the same order. The last partial batch of an epoch is dropped, which
 * keeps every step's batch the same size.
 */
public final class Batches {
    /** x: [batch, shape...]; oneHot: [batch, classes]; labels: the class indices. */
    public record Batch(INDArray x, INDArray oneHot, int[] labels) {}

    private final Dataset data;
    private final int batchSize;
    private final DataType dataType;
    private final long seed;
    private SplittableRandom rng;
    private int[] order;
    private int cursor;
    private long drawn;         // batches handed out since the start of the stream

    public Batches(Dataset data, int batchSize, long seed, DataType dataType) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        this.data = data;
        this.batchSize = Math.min(batchSize, data.size());
        this.dataType = dataType;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
        this.order = permutation(data.size(), rng);
    }

    public Batch next() {
        int from = advance();
        int[] idx = java.util.Arrays.copyOfRange(order, from, from + batchSize);
        return batchOf(data, idx, dataType);
    }

    /** Moves past one batch; returns where it starts in {@link #order}. */
    private int advance() {
        if (cursor + batchSize > order.length) {
            order = permutation(data.size(), rng);
            cursor = 0;
        }
        int from = cursor;
        cursor += batchSize;
        drawn++;
        return from;
    }

    /** How many batches {@link #next} has handed out: the stream's position. */
    public long drawn() {
        return drawn;
    }

    /**
     * Puts the stream where it was after {@code position} batches, as if started afresh and
     * read that far (the permutations are drawn again, the batches are not built): a resumed
     * run then sees the batches it would have seen without the interruption.
     */
    public void seek(long position) {
        if (position < 0) throw new IllegalArgumentException("stream position must be 0 or more, got " + position);
        rng = new SplittableRandom(seed);
        order = permutation(data.size(), rng);
        cursor = 0;
        drawn = 0;
        while (drawn < position) advance();
    }

    public static Batch batchOf(Dataset data, int[] idx, DataType dataType) {
        int d = (int) data.shape().size();
        float[] x = new float[idx.length * d];
        float[] oneHot = new float[idx.length * data.classes()];
        int[] labels = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            data.copyFeatures(idx[k], x, k * d);
            labels[k] = data.label(idx[k]);
            oneHot[k * data.classes() + labels[k]] = 1f;
        }
        INDArray xs = Nd4j.create(x, data.shape().withBatch(idx.length), 'c').castTo(dataType);
        INDArray ys = Nd4j.create(oneHot, new long[] {idx.length, data.classes()}, 'c').castTo(dataType);
        return new Batch(xs, ys, labels);
    }

    /** The whole dataset as one batch, in order. */
    public static Batch all(Dataset data, DataType dataType) {
        int[] idx = new int[data.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return batchOf(data, idx, dataType);
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
