package reslab.engine.io.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model being put together: nodes in topological order, initializers (the weights),
 * the graph's inputs and outputs, and metadata. Field numbers are those of the public ONNX
 * specification (onnx.proto: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto, StringStringEntryProto).
 */
final class OnnxGraph {
    /** TensorProto.DataType. */
    static final int FLOAT = 1, INT64 = 7;

    // AttributeProto.AttributeType
    private static final int ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_STRING = 3, ATTR_INTS = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** A node attribute. */
    record Attribute(ProtoWriter proto) {
        static Attribute ints(String name, long... values) {
            return new Attribute(new ProtoWriter().string(1, name).varint(20, ATTR_INTS).varints(8, values));
        }

        static Attribute integer(String name, long value) {
            return new Attribute(new ProtoWriter().string(1, name).varint(20, ATTR_INT).varint(3, value));
        }

        static Attribute real(String name, float value) {
            return new Attribute(new ProtoWriter().string(1, name).varint(20, ATTR_FLOAT).float32(2, value));
        }

        static Attribute text(String name, String value) {
            return new Attribute(new ProtoWriter().string(1, name).varint(20, ATTR_STRING).string(4, value));
        }
    }

    void node(String opType, String name, List<String> in, List<String> out, Attribute... attributes) {
        ProtoWriter n = new ProtoWriter().strings(1, in).strings(2, out).string(3, name).string(4, opType);
        for (Attribute a : attributes) n.message(5, a.proto());
        nodes.add(n);
    }

    /** A float tensor, row-major. */
    void floats(String name, long[] dims, float[] values) {
        checkCount(name, dims, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        initializers.add(tensor(name, dims, FLOAT, b.array()));
    }

    void int64s(String name, long[] dims, long[] values) {
        checkCount(name, dims, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        initializers.add(tensor(name, dims, INT64, b.array()));
    }

    private static ProtoWriter tensor(String name, long[] dims, int dataType, byte[] raw) {
        return new ProtoWriter().varints(1, dims).varint(2, dataType).string(8, name).bytes(9, raw);
    }

    private static void checkCount(String name, long[] dims, int count) {
        long n = 1;
        for (long d : dims) n *= d;
        if (n != count) throw new IllegalArgumentException(name + ": " + count + " values for dims " + java.util.Arrays.toString(dims));
    }

    /** A graph input; {@code dims} are Long sizes or String names of sizes left open (the batch). */
    void input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
    }

    void output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
    }

    private static ProtoWriter valueInfo(String name, int elemType, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = d instanceof String s ? new ProtoWriter().string(2, s) : new ProtoWriter().varint(1, ((Number) d).longValue());
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    void metadata(String key, String value) {
        metadata.put(key, value);
    }

    int nodeCount() {
        return nodes.size();
    }

    /** The serialised ModelProto. */
    byte[] model(long irVersion, long opset, String graphName, String producer, String producerVersion, String doc) {
        ProtoWriter graph = new ProtoWriter();
        for (ProtoWriter n : nodes) graph.message(1, n);
        graph.string(2, graphName);
        for (ProtoWriter t : initializers) graph.message(5, t);
        if (!doc.isEmpty()) graph.string(10, doc);
        for (ProtoWriter i : inputs) graph.message(11, i);
        for (ProtoWriter o : outputs) graph.message(12, o);

        ProtoWriter model = new ProtoWriter()
                .varint(1, irVersion)
                .string(2, producer)
                .string(3, producerVersion)
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, opset));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        return model.toByteArray();
    }
}
