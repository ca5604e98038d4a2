package reslab.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Batches;
import reslab.engine.graph.NetworkWeights;

/**
 * One mini-batch and the weights it meets, frozen for the step-through backward pass
 * ({@link reslab.engine.graph.BackwardTrace}). Immutable: the arrays are private copies, and
 * the accessors hand out copies of them.
 *
 * @param x      [batch, input...] as the network takes it
 * @param oneHot [batch, classes]
 */
public record FrozenBatch(NetworkWeights weights, INDArray x, INDArray oneHot, int[] labels) {
    public FrozenBatch {
        x = x.dup();
        oneHot = oneHot.dup();
        labels = labels.clone();
    }

    @Override
    public INDArray x() {
        return x.dup();
    }

    @Override
    public INDArray oneHot() {
        return oneHot.dup();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The session's weights now and the batch its next step will train on (the one a preview
     * shows). Call on the thread that owns the session, between steps (Trainer.withSession);
     * the session goes on as if nothing had happened.
     */
    public static FrozenBatch capture(TrainingSession session) {
        Batches.Batch b = session.nextBatch();
        return new FrozenBatch(NetworkWeights.of(session.network()), b.x(), b.oneHot(), b.labels());
    }
}
