package reslab.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays in NumPy's .npy format (version 1.0, little-endian, C order): what a project file
 * stores its tensors and telemetry columns in, so {@code numpy.load} reads them straight out
 * of the unzipped project. Three element types: float32 ({@code <f4}), float64
 * ({@code <f8}) and int64 ({@code <i8}).
 */
public final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*'descr'\\s*:\\s*'([<>|]?[a-z]\\d+)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,\\s*'shape'\\s*:\\s*\\(([^)]*)\\)\\s*,?\\s*}\\s*");
    /** Larger than any tensor a project holds; guards against a damaged header. */
    private static final long MAX_ELEMENTS = 1L << 31;

    /** A decoded array: element type ("f4", "f8", "i8"), shape, and the little-endian data. */
    public record Array(String type, long[] shape, ByteBuffer data) {
        public long length() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }

        public float[] floats() {
            require("f4");
            float[] v = new float[(int) length()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return v;
        }

        public double[] doubles() {
            require("f8");
            double[] v = new double[(int) length()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
            return v;
        }

        public long[] longs() {
            require("i8");
            long[] v = new long[(int) length()];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
            return v;
        }

        /** As an ND4J array of its own type (f4: FLOAT, f8: DOUBLE). */
        public INDArray toINDArray() {
            if (type.equals("f4")) return Nd4j.create(floats(), shape, 'c');
            if (type.equals("f8")) return Nd4j.create(doubles(), shape, 'c');
            throw new IllegalArgumentException("a " + type + " array is no tensor of weights");
        }

        private void require(String t) {
            if (!type.equals(t)) throw new IllegalArgumentException("expected " + t + " values, the array holds " + type);
        }
    }

    public static byte[] of(float[] v, long... shape) {
        ByteBuffer b = buffer(v.length, 4, shape);
        b.asFloatBuffer().put(v);
        return encode("<f4", shape, b.array());
    }

    public static byte[] of(double[] v, long... shape) {
        ByteBuffer b = buffer(v.length, 8, shape);
        b.asDoubleBuffer().put(v);
        return encode("<f8", shape, b.array());
    }

    public static byte[] of(long[] v, long... shape) {
        ByteBuffer b = buffer(v.length, 8, shape);
        b.asLongBuffer().put(v);
        return encode("<i8", shape, b.array());
    }

    /** A FLOAT or DOUBLE array in its own precision, so a run resumes bit for bit. */
    public static byte[] of(INDArray a) {
        INDArray c = a.dup('c');
        if (a.dataType() == DataType.FLOAT) return of(c.data().asFloat(), a.shape());
        if (a.dataType() == DataType.DOUBLE) return of(c.data().asDouble(), a.shape());
        throw new IllegalArgumentException("cannot store a " + a.dataType() + " array");
    }

    private static ByteBuffer buffer(int count, int width, long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n != count) throw new IllegalArgumentException(count + " values for shape " + Arrays.toString(shape));
        return ByteBuffer.allocate(count * width).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] encode(String descr, long[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        if (shape.length > 1) dims.setLength(dims.length() - 2);      // (3,) for one axis, (2, 3) for more
        else if (shape.length == 1) dims.setLength(dims.length() - 1);
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        // Magic, version, header length, then the header padded with spaces to a multiple of 64 and a newline.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(unpadded + padding + data.length);
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xFF);
        out.write(len >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** @throws IOException naming what is wrong if the bytes are not an array this class writes */
    public static Array read(byte[] bytes) throws IOException {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) throw new IOException("not a .npy array");
        int major = bytes[6];
        int headerLength;
        int start;
        if (major == 1) {
            headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) throw new IOException("truncated .npy header");
            headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            start = 12;
        } else {
            throw new IOException(".npy version " + major + " is not supported");
        }
        if (headerLength < 0 || start + headerLength > bytes.length) throw new IOException("truncated .npy header");
        String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) throw new IOException("unreadable .npy header: " + header.trim());
        String descr = m.group(1);
        if (m.group(2).equals("True")) throw new IOException("Fortran-ordered arrays are not supported");
        String type = descr.startsWith("<") || descr.startsWith("|") ? descr.substring(1) : descr;
        if (descr.startsWith(">") || !(type.equals("f4") || type.equals("f8") || type.equals("i8"))) {
            throw new IOException("element type " + descr + " is not supported (float32, float64, int64)");
        }
        long[] shape;
        try {
            shape = Arrays.stream(m.group(3).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IOException("unreadable .npy shape (" + m.group(3) + ")");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IOException("negative size in .npy shape " + Arrays.toString(shape));
            n *= d;
            if (n > MAX_ELEMENTS) throw new IOException(".npy array too large: " + Arrays.toString(shape));
        }
        int width = type.equals("f4") ? 4 : 8;
        int dataStart = start + headerLength;
        if (bytes.length - dataStart != n * width) {
            throw new IOException(".npy data is " + (bytes.length - dataStart) + " bytes, shape " + Arrays.toString(shape)
                    + " needs " + n * width);
        }
        return new Array(type, shape, ByteBuffer.wrap(bytes, dataStart, (int) (n * width)).slice().order(ByteOrder.LITTLE_ENDIAN));
    }
}
