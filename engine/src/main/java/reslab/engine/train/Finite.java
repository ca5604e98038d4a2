package reslab.engine.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Whether every element is a finite number: one Java pass over the buffer, no native calls. */
final class Finite {
    private Finite() {}

    static boolean all(INDArray a) {
        if (a == null) return true;
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        long n = c.length();
        int off = (int) c.offset();
        if (c.dataType() == DataType.FLOAT) {
            FloatBuffer b = c.data().asNioFloat();
            for (int i = 0; i < n; i++) if (!Float.isFinite(b.get(off + i))) return false;
            return true;
        }
        if (c.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = c.data().asNioDouble();
            for (int i = 0; i < n; i++) if (!Double.isFinite(b.get(off + i))) return false;
            return true;
        }
        double[] v = c.castTo(DataType.DOUBLE).data().asDouble();
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }
}
