package reslab.engine.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The memory of a dense row-major float or double array, read and written in chunks of
 * doubles. Java loops over ND4J's memory element by element (FloatBuffer.get) run at about
 * 1.5 ns per value and are never vectorised; copying a chunk into a Java array first
 * (bulk get, a memcpy) and looping over that array lets the JIT vectorise elementwise loops
 * and keeps reductions at a few tenths of a nanosecond per value, close to what memory
 * bandwidth allows. A chunk is {@link #CHUNK} values: small enough for the first-level cache.
 *
 * <p>Kernels have a float loop and a double loop: widening floats to double costs about a
 * third more time. Float loops accumulate a chunk in float (a few accumulators of a few
 * hundred values each) and the chunks in double.
 */
public final class ArrayView {
    public static final int CHUNK = 2048;

    private final INDArray array;
    private final FloatBuffer floats;   // exactly one of these two is set
    private final DoubleBuffer doubles;
    private final int offset;
    private final int length;

    private ArrayView(INDArray array, FloatBuffer floats, DoubleBuffer doubles, int offset, int length) {
        this.array = array;
        this.floats = floats;
        this.doubles = doubles;
        this.offset = offset;
        this.length = length;
    }

    /** True when {@code a} is float or double and its values lie in row-major order from its offset. */
    public static boolean supports(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && isDense(a);
    }

    /** A view of {@code a}, which must be {@link #supports supported}. */
    public static ArrayView of(INDArray a) {
        if (!supports(a)) {
            throw new IllegalArgumentException("needs a dense row-major float or double array, got " + a.dataType() + " "
                    + java.util.Arrays.toString(a.shape()) + " strides " + java.util.Arrays.toString(a.stride()));
        }
        int offset = Math.toIntExact(a.offset());
        int length = Math.toIntExact(a.length());
        return a.dataType() == DataType.FLOAT
                ? new ArrayView(a, a.data().asNioFloat(), null, offset, length)
                : new ArrayView(a, null, a.data().asNioDouble(), offset, length);
    }

    /** {@code a} itself if it is supported, else a dense row-major copy (a view, another order). */
    public static INDArray dense(INDArray a) {
        if (supports(a)) return a;
        INDArray c = a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
        return isDense(c) ? c : c.dup('c');
    }

    /** True when the strides are those of a dense row-major array (size-1 dimensions ignored) within the buffer. */
    public static boolean isDense(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) return false;
            expected *= shape[d];
        }
        return a.offset() + a.length() <= a.data().length();
    }

    public int length() {
        return length;
    }

    public boolean isFloat() {
        return floats != null;
    }

    /** Float values [from, from + len) into {@code dst[0, len)}; the array must be float. */
    public void read(int from, int len, float[] dst) {
        floats.get(offset + from, dst, 0, len);
    }

    /** Double values [from, from + len) into {@code dst[0, len)}; the array must be double. */
    public void read(int from, int len, double[] dst) {
        doubles.get(offset + from, dst, 0, len);
    }

    /** {@code src[0, len)} into float values [from, from + len). */
    public void write(int from, int len, float[] src) {
        floats.put(offset + from, src, 0, len);
    }

    /** {@code src[0, len)} into double values [from, from + len). */
    public void write(int from, int len, double[] src) {
        doubles.put(offset + from, src, 0, len);
    }

    /** Values [from, from + len) as doubles, whatever the type; {@code tmp} is scratch of at least len floats. */
    public void readAsDoubles(int from, int len, double[] dst, float[] tmp) {
        if (floats != null) {
            floats.get(offset + from, tmp, 0, len);
            for (int i = 0; i < len; i++) dst[i] = tmp[i];
        } else {
            doubles.get(offset + from, dst, 0, len);
        }
    }

    /** {@code src[0, len)} into values [from, from + len), rounded to float for a float array. */
    public void writeDoubles(int from, int len, double[] src, float[] tmp) {
        if (floats != null) {
            for (int i = 0; i < len; i++) tmp[i] = (float) src[i];
            floats.put(offset + from, tmp, 0, len);
        } else {
            doubles.put(offset + from, src, 0, len);
        }
    }

    /** A float array's bits, for exact branch-free masks: values [from, from + len) into dst. */
    public void readBits(int from, int len, int[] dst) {
        bits32().get(offset + from, dst, 0, len);
    }

    public void writeBits(int from, int len, int[] src) {
        bits32().put(offset + from, src, 0, len);
    }

    /** A double array's bits: values [from, from + len) into dst. */
    public void readBits(int from, int len, long[] dst) {
        bits64().get(offset + from, dst, 0, len);
    }

    public void writeBits(int from, int len, long[] src) {
        bits64().put(offset + from, src, 0, len);
    }

    private java.nio.IntBuffer ints;
    private java.nio.LongBuffer longs;

    private java.nio.IntBuffer bits32() {
        if (floats == null) throw new IllegalStateException("not a float array");
        if (ints == null) ints = array.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asIntBuffer();
        return ints;
    }

    private java.nio.LongBuffer bits64() {
        if (doubles == null) throw new IllegalStateException("not a double array");
        if (longs == null) longs = array.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asLongBuffer();
        return longs;
    }

    /** Sets every value to {@code v}. */
    public void fill(double v) {
        Scratch s = Scratch.get();
        if (floats != null) {
            java.util.Arrays.fill(s.f, (float) v);
            for (int from = 0; from < length; from += CHUNK) floats.put(offset + from, s.f, 0, Math.min(CHUNK, length - from));
        } else {
            java.util.Arrays.fill(s.d0, v);
            for (int from = 0; from < length; from += CHUNK) doubles.put(offset + from, s.d0, 0, Math.min(CHUNK, length - from));
        }
    }

    /** Copies {@code src}'s values (same length) into this array. */
    public void copyFrom(ArrayView src) {
        if (src.length != length) throw new IllegalArgumentException("lengths differ: " + src.length + " and " + length);
        if (floats != null && src.floats != null) {
            floats.put(offset, src.floats, src.offset, length);
            return;
        }
        if (doubles != null && src.doubles != null) {
            doubles.put(offset, src.doubles, src.offset, length);
            return;
        }
        Scratch s = Scratch.get();
        for (int from = 0; from < length; from += CHUNK) {
            int len = Math.min(CHUNK, length - from);
            src.readAsDoubles(from, len, s.d0, s.f);
            writeDoubles(from, len, s.d0, s.f);
        }
    }

    /** Per-thread chunk buffers for kernels: a float staging area and a few double chunks. */
    public static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

        public final float[] f = new float[CHUNK], f0 = new float[CHUNK], f1 = new float[CHUNK], f2 = new float[CHUNK];
        public final int[] i0 = new int[CHUNK], i1 = new int[CHUNK];
        public final long[] l0 = new long[CHUNK], l1 = new long[CHUNK];
        public final double[] d0 = new double[CHUNK], d1 = new double[CHUNK], d2 = new double[CHUNK];

        private Scratch() {}

        public static Scratch get() {
            return LOCAL.get();
        }
    }
}
