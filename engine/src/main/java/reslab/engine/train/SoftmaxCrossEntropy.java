package reslab.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.kernels.Vectors;

/**
 * L = -(1/B) sum_i log softmax(z_i)[y_i].  z: [batch, classes], oneHot: [batch, classes].
 * dL/dz = (softmax(z) - oneHot) / B.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private INDArray probs;
    private double[] p;          // probs, row-major, in double
    private double[] target;     // the one-hot labels, row-major
    private long[] shape;

    /**
     * Returns the mean loss over the batch. In Java on the [batch, classes] values (a few
     * hundred): as ND4J ops it was a dozen calls and arrays, 0.3 ms per step on a small net.
     * log softmax(z)_k = z_k - max - log sum_j exp(z_j - max), for stability.
     */
    @Override
    public double forward(INDArray logits, INDArray oneHot) {
        if (logits.rank() != 2 || !java.util.Arrays.equals(logits.shape(), oneHot.shape())) {
            throw new IllegalArgumentException("softmax cross-entropy: logits " + java.util.Arrays.toString(logits.shape())
                    + " and labels " + java.util.Arrays.toString(oneHot.shape()) + " must both be [batch, classes]");
        }
        int batch = (int) logits.size(0), classes = (int) logits.size(1);
        double[] z = Vectors.read(logits), t = Vectors.read(oneHot);
        double loss = 0;
        for (int i = 0; i < batch; i++) {
            int o = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) max = Math.max(max, z[o + k]);
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.exp(z[o + k] - max);
            double logSum = Math.log(sum);
            for (int k = 0; k < classes; k++) {
                double logProb = z[o + k] - max - logSum;
                loss -= t[o + k] * logProb;
                z[o + k] = Math.exp(logProb);                                // probs, in place
            }
        }
        this.p = z;
        this.target = t;
        this.shape = logits.shape();
        this.probs = Nd4j.create(z, shape, logits.dataType());
        return loss / batch;
    }

    @Override
    public INDArray backward() {
        if (probs == null) throw new IllegalStateException("loss: backward called before forward");
        double[] g = new double[p.length];
        double batch = shape[0];
        for (int i = 0; i < g.length; i++) g[i] = (p[i] - target[i]) / batch;
        return Nd4j.create(g, shape, probs.dataType());
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
