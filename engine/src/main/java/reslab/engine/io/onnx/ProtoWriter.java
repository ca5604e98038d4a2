package reslab.engine.io.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One protocol-buffer message in the wire format, written field by field: the four encodings
 * an ONNX file needs (varint, length-delimited, 32-bit, nested message). Written by hand from
 * the public encoding rules so the engine carries no protobuf runtime or generated classes for
 * a dozen fields.
 *
 * <p>Repeated numbers are written one tag per element (proto2's unpacked form, which
 * onnx.proto declares for {@code dims} and {@code ints}); every protobuf parser reads it.
 */
final class ProtoWriter {
    private static final int VARINT = 0, LENGTH_DELIMITED = 2, FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        tag(field, VARINT);
        writeVarint(value);
        return this;
    }

    ProtoWriter varints(int field, long... values) {
        for (long v : values) varint(field, v);
        return this;
    }

    ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));   // little-endian
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter strings(int field, Iterable<String> values) {
        for (String v : values) string(field, v);
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        writeVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter value) {
        return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        if (field <= 0) throw new IllegalArgumentException("field numbers start at 1, got " + field);
        writeVarint(((long) field << 3) | wireType);
    }

    /** Seven bits per byte, least significant first; a negative int64 takes ten bytes. */
    private void writeVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
