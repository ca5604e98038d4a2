package reslab.engine.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Calls of libnd4j's custom ops by name, and the shape checks the layers share. On the oneDNN
 * builds of ND4J, conv2d, deconv2d, pooling and batchnorm run in oneDNN for float arrays;
 * double arrays take libnd4j's portable code (what the gradient checks exercise).
 */
final class NativeOps {
    private NativeOps() {}

    static void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] intArgs, double... floatArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op)
                .addInputs(inputs).addOutputs(outputs).addIntegerArguments(intArgs);
        if (floatArgs.length > 0) b.addFloatingPointArguments(box(floatArgs));
        Nd4j.exec(b.build());
    }

    /**
     * The OpenMP threads libnd4j's ops (and oneDNN in them) may use, which
     * reslab.engine.train.ComputeThreads sets. Environment.maxThreads() does not follow that
     * setting, so the count is asked of OpenMP (after the backend's start-up, which sets the
     * properties the native ops need).
     */
    static int threads() {
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    static int[] concat(int[] a, int... b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Fails with the layer's name unless x is [batch, channels, h, w] with the given channels (or any if < 0). */
    static void requireImage(String layer, INDArray x, long channels) {
        requireImage(layer, x.shape(), channels);
    }

    /** As {@link #requireImage(String, INDArray, long)}, for an input of this shape. */
    static void requireImage(String layer, long[] shape, long channels) {
        if (shape.length != 4 || (channels >= 0 && shape[1] != channels)) {
            throw new IllegalArgumentException(layer + ": expected input [batch, "
                    + (channels >= 0 ? channels : "channels") + ", height, width], got " + Arrays.toString(shape)
                    + (shape.length == 2 ? " (a flat input: give the Input node a [channels, height, width] shape)" : ""));
        }
    }

    /** Fails with the layer's name unless {@code dy} has the shape of the last forward's output. */
    static void requireGradShape(String layer, INDArray dy, long... expected) {
        if (!Arrays.equals(dy.shape(), expected)) {
            throw new IllegalArgumentException(layer + ": gradient of the output must be " + Arrays.toString(expected)
                    + " (the last forward's output), got " + Arrays.toString(dy.shape()));
        }
    }

    private static Double[] box(double[] v) {
        Double[] b = new Double[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i];
        return b;
    }
}
