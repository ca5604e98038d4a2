package reslab.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpyTest {
    /**
     * Written by NumPy 2.4 ({@code np.save}): [[1, 2, 3], [4, 5, 6]] float32, [0.1, nan] float64,
     * [1, -2] int64, and a float32 array of shape (0, 3).
     */
    static final String[] FROM_NUMPY = {
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/AAAAQAAAQEAAAIBAAACgQAAAwEA=",
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAPh/",
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAP7/////////",
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo="};

    static byte[] numpy(int i) {
        return Base64.getDecoder().decode(FROM_NUMPY[i]);
    }

    @Test
    void writesByteForByteWhatNumPyWrites() {
        assertArrayEquals(numpy(0), Npy.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertArrayEquals(numpy(1), Npy.of(new double[] {0.1, Double.NaN}, 2));
        assertArrayEquals(numpy(2), Npy.of(new long[] {1, -2}, 2));
        assertArrayEquals(numpy(3), Npy.of(new float[0], 0, 3));
    }

    @Test
    void readsWhatNumPyWrites() throws IOException {
        Npy.Array a = Npy.read(numpy(0));
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.floats());
        double[] d = Npy.read(numpy(1)).doubles();
        assertEquals(0.1, d[0]);
        assertTrue(Double.isNaN(d[1]));
        assertArrayEquals(new long[] {1, -2}, Npy.read(numpy(2)).longs());
        assertEquals(0, Npy.read(numpy(3)).floats().length);
    }

    @Test
    void tensorsKeepTheirPrecisionBitForBit() throws IOException {
        INDArray f = Nd4j.rand(DataType.FLOAT, 3, 4, 2);
        INDArray back = Npy.read(Npy.of(f)).toINDArray();
        assertEquals(DataType.FLOAT, back.dataType());
        assertEquals(f, back);
        INDArray d = Nd4j.rand(DataType.DOUBLE, 5).muli(1e-300);
        INDArray dBack = Npy.read(Npy.of(d)).toINDArray();
        assertEquals(DataType.DOUBLE, dBack.dataType());
        assertArrayEquals(d.toDoubleVector(), dBack.toDoubleVector(), 0.0);
        // a view (every second column) is written as its own values
        INDArray view = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 4));
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10}, Npy.read(Npy.of(view)).floats());
    }

    @Test
    void damagedArraysAreRefusedSayingWhy() {
        byte[] good = numpy(0);
        assertTrue(message(Arrays.copyOf(good, good.length - 1)).contains("bytes"));
        assertTrue(message(Arrays.copyOf(good, 20)).contains("truncated"));
        byte[] bigEndian = good.clone();
        bigEndian[21] = '>';                                    // '<f4' -> '>f4'
        assertTrue(message(bigEndian).contains(">f4"), message(bigEndian));
        byte[] text = "not an array at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(message(text).contains("not a .npy"));
    }

    private static String message(byte[] bytes) {
        return assertThrows(IOException.class, () -> Npy.read(bytes)).getMessage();
    }
}
