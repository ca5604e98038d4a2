package reslab.engine.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;

/** Whether every element is a finite number: one Java pass over the buffer, a chunk at a time, no native calls. */
final class Finite {
    private Finite() {}

    static boolean all(INDArray a) {
        if (a == null) return true;
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            for (double x : a.castTo(DataType.DOUBLE).data().asDouble()) if (!Double.isFinite(x)) return false;
            return true;
        }
        ArrayView v = ArrayView.of(ArrayView.dense(a));
        ArrayView.Scratch s = ArrayView.Scratch.get();
        for (int from = 0; from < v.length(); from += ArrayView.CHUNK) {
            int len = Math.min(ArrayView.CHUNK, v.length() - from);
            boolean ok = true;
            if (v.isFloat()) {
                float[] x = s.f0;
                v.read(from, len, x);
                for (int i = 0; i < len; i++) ok &= Math.abs(x[i]) <= Float.MAX_VALUE;   // NaN fails too
            } else {
                double[] x = s.d0;
                v.read(from, len, x);
                for (int i = 0; i < len; i++) ok &= Math.abs(x[i]) <= Double.MAX_VALUE;
            }
            if (!ok) return false;
        }
        return true;
    }
}
