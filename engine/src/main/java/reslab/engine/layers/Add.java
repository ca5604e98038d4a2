package reslab.engine.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * y = x1 + x2 + ... (all the same shape). The gradient flows unchanged into every
 * input: this is why a shortcut keeps gradients alive.
 */
public final class Add implements Layer {
    private final String name;
    private final Buffers buffers = new Buffers();
    private int fanIn;

    public Add(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray[] inputs, boolean training) {
        if (inputs.length < 2) throw new IllegalArgumentException(name + ": Add needs at least two inputs");
        for (int i = 1; i < inputs.length; i++) {
            if (!Arrays.equals(inputs[i].shape(), inputs[0].shape())) {
                throw new IllegalArgumentException(name + ": cannot add " + Arrays.toString(inputs[0].shape())
                        + " and " + Arrays.toString(inputs[i].shape()) + "; the shortcut needs option A, B or C");
            }
        }
        INDArray y = buffers.get("y", inputs[0].dataType(), inputs[0].shape());
        Nd4j.exec(new AddOp(inputs[0], inputs[1], y));
        for (int i = 2; i < inputs.length; i++) y.addi(inputs[i]);
        fanIn = inputs.length;
        return y;
    }

    /** Value by value: when every input is blocked (the layouts must agree). */
    @Override
    public boolean takesBlocked(INDArray[] inputs, boolean training) {
        for (INDArray x : inputs) if (!Blocked.is(x)) return false;
        return true;
    }

    @Override
    public void reuseBuffers(boolean on) {
        buffers.reuse(on);
    }

    @Override
    public INDArray[] backward(INDArray gradOutput) {
        if (fanIn == 0) throw new IllegalStateException(name + ": backward called before forward");
        INDArray[] dx = new INDArray[fanIn];
        Arrays.fill(dx, gradOutput); // shared, read-only: the executor copies before summing
        return dx;
    }
}
