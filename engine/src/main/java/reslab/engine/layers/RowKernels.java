package reslab.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.kernels.ArrayView;

/** Row-broadcast loops on [rows, cols] arrays (a Dense layer's bias), a chunk of whole rows at a time. */
final class RowKernels {
    private RowKernels() {}

    /** Every row of {@code out} (dense, [rows, v.length]) = v. */
    static void fillRows(INDArray out, double[] v) {
        ArrayView o = ArrayView.of(out);
        ArrayView.Scratch s = ArrayView.Scratch.get();
        int cols = v.length, n = o.length();
        if (cols == 0) return;
        int rowsPerChunk = Math.max(1, ArrayView.CHUNK / cols);
        int len = Math.min(n, rowsPerChunk * cols);
        if (cols > ArrayView.CHUNK) {                       // a row longer than a chunk: row by row, piece by piece
            for (int r = 0; r < n / cols; r++) {
                for (int p = 0; p < cols; p += ArrayView.CHUNK) {
                    int seg = Math.min(ArrayView.CHUNK, cols - p);
                    System.arraycopy(v, p, s.d0, 0, seg);
                    o.writeDoubles(r * cols + p, seg, s.d0, s.f);
                }
            }
            return;
        }
        for (int i = 0; i < len; i++) s.d0[i] = v[i % cols];        // one chunk of whole rows, written repeatedly
        if (o.isFloat()) for (int i = 0; i < len; i++) s.f0[i] = (float) s.d0[i];
        for (int from = 0; from < n; from += len) {
            int seg = Math.min(len, n - from);
            if (o.isFloat()) o.write(from, seg, s.f0);
            else o.write(from, seg, s.d0);
        }
    }

    /** Sum over rows of a dense [rows, cols] array: [cols]. */
    static double[] columnSums(INDArray a) {
        ArrayView v = ArrayView.of(a);
        int cols = (int) a.size(a.rank() - 1), n = v.length();
        double[] sums = new double[cols];
        if (cols == 0) return sums;
        ArrayView.Scratch s = ArrayView.Scratch.get();
        int piece = Math.min(cols, ArrayView.CHUNK);
        int rowsPerChunk = Math.max(1, ArrayView.CHUNK / cols);
        for (int r = 0; r < n / cols; r += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, n / cols - r);
            for (int p = 0; p < cols; p += piece) {
                int seg = Math.min(piece, cols - p), from = r * cols + p, len = rows == 1 ? seg : rows * cols;
                v.readAsDoubles(from, len, s.d0, s.f);
                for (int j = 0; j < rows; j++) {
                    int o = j * cols;
                    for (int c = 0; c < seg; c++) sums[p + c] += s.d0[o + c];
                }
            }
        }
        return sums;
    }
}
