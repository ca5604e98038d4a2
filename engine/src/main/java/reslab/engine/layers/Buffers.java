package reslab.engine.layers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays one layer writes every step (its output, its input gradient), kept and handed out
 * again while shape and type stay the same. New native memory is paid for on first touch, a
 * page fault per 4 KB: measured here, filling a new 4 MB array took 3.5 ms and refilling a kept
 * one 0.2 ms, and ND4J frees memory only when Java's garbage collector gets round to it.
 *
 * <p>Off by default, so a layer used on its own returns new arrays. {@link
 * reslab.engine.graph.CompiledNetwork} turns it on, and with it the rule that the arrays a
 * layer returns are overwritten by its next forward or backward.
 */
public final class Buffers {
    private final Map<String, INDArray> kept = new HashMap<>();
    private boolean reuse;

    public void reuse(boolean on) {
        reuse = on;
        if (!on) kept.clear();
    }

    public boolean reusing() {
        return reuse;
    }

    /** An array of this shape and type with undefined contents. */
    INDArray get(String slot, DataType dt, long... shape) {
        return get(slot, dt, shape, false);
    }

    /**
     * An array of zeros when first made; a kept one holds what the layer left in it, so use
     * this only where the layer never writes the places that must stay zero.
     */
    INDArray zeroedOnce(String slot, DataType dt, long... shape) {
        return get(slot, dt, shape, true);
    }

    private INDArray get(String slot, DataType dt, long[] shape, boolean zeros) {
        if (reuse) {
            INDArray a = kept.get(slot);
            if (a != null && a.dataType() == dt && Arrays.equals(a.shape(), shape)) return a;
        }
        INDArray a = zeros ? Nd4j.zeros(dt, shape) : Nd4j.createUninitialized(dt, shape);
        if (reuse) kept.put(slot, a);
        return a;
    }
}
