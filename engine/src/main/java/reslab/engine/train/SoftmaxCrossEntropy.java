package reslab.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * L = -(1/B) sum_i log softmax(z_i)[y_i].  z: [batch, classes], oneHot: [batch, classes].
 * dL/dz = (softmax(z) - oneHot) / B.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private INDArray probs;
    private INDArray oneHot;

    /** Returns the mean loss over the batch. */
    @Override
    public double forward(INDArray logits, INDArray oneHot) {
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));   // for stability
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sum = exp.sum(true, 1);                                   // [batch, 1]
        this.probs = exp.diviColumnVector(sum);
        this.oneHot = oneHot;
        INDArray logProbs = shifted.subiColumnVector(Transforms.log(sum, false));
        return -logProbs.muli(oneHot).sumNumber().doubleValue() / logits.size(0);
    }

    @Override
    public INDArray backward() {
        if (probs == null) throw new IllegalStateException("loss: backward called before forward");
        return probs.sub(oneHot).divi(probs.size(0));
    }

    /** The softmax probabilities of the last forward. */
    public INDArray probabilities() {
        return probs;
    }

    /** The probabilities: their largest is also the largest logit. */
    @Override
    public INDArray scores() {
        return probs;
    }

    /** Fraction of rows whose largest probability is the labelled class. */
    public static double accuracy(INDArray scores, int[] labels) {
        if (labels.length == 0) return Double.NaN;
        // One copy to Java and a loop: cheaper than argMax plus a native call per row.
        double[] s = scores.dup('c').data().asDouble();      // [batch * classes], row-major
        int classes = (int) scores.size(1);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) if (s[i * classes + k] > s[i * classes + best]) best = k;
            if (best == labels[i]) correct++;
        }
        return (double) correct / labels.length;
    }
}
