package reslab.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Batches;
import reslab.engine.data.Dataset;
import reslab.engine.graph.CompiledNetwork;

/**
 * Loss and accuracy of a network on a whole dataset in evaluation mode, computed exactly as
 * {@link TrainingSession#evaluate()} does (same batches, same order): for networks that are
 * not a session's, such as a pruned copy.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Mean loss and fraction classified right over {@code examples} examples; NaN for an empty set. */
    public record Result(double loss, double accuracy, int examples) {}

    /**
     * Evaluation mode ({@code training} false: batch norm on running statistics, no dropout), in
     * batches of {@code batchSize}. Changes no weights or state of {@code net}.
     *
     * @param data already fitted to the network (e.g. {@code session.data().test()})
     */
    public static Result evaluate(CompiledNetwork net, Dataset data, int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        Loss loss = Loss.of(net.spec().loss());
        int n = data.size();
        if (n == 0) return new Result(Double.NaN, Double.NaN, 0);
        double lossSum = 0, correct = 0;
        for (int start = 0; start < n; start += batchSize) {
            int[] idx = new int[Math.min(batchSize, n - start)];
            for (int k = 0; k < idx.length; k++) idx[k] = start + k;
            Batches.Batch b = Batches.batchOf(data, idx, net.dataType());
            INDArray logits = net.forward(b.x(), false);
            lossSum += loss.forward(logits, b.oneHot()) * idx.length;
            correct += SoftmaxCrossEntropy.accuracy(logits, b.labels()) * idx.length;
        }
        net.clearCaches();
        return new Result(lossSum / n, correct / n, n);
    }
}
