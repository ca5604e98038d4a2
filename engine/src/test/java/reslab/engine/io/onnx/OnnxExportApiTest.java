package reslab.engine.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.graph.InvalidNetworkException;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;
import reslab.engine.train.TrainingCheckpoint;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Templates;

/** The export API without running onnxruntime: names, trained values from a checkpoint, refusals. */
class OnnxExportApiTest {
    /** The ONNX nodes of a model as "name:OpType", read back from the wire format (ModelProto.graph = 7, GraphProto.node = 1). */
    static List<String> nodes(byte[] model) {
        List<String> out = new ArrayList<>();
        for (ByteBuffer graph : fields(ByteBuffer.wrap(model), 7)) {
            for (ByteBuffer node : fields(graph, 1)) {
                String name = text(fields(node, 3)), op = text(fields(node, 4));
                out.add(name + ":" + op);
            }
        }
        return out;
    }

    private static String text(List<ByteBuffer> b) {
        return b.isEmpty() ? "" : StandardCharsets.UTF_8.decode(b.get(0)).toString();
    }

    /** The length-delimited fields with this number in one message; other wire types skipped. */
    private static List<ByteBuffer> fields(ByteBuffer msg, int wanted) {
        List<ByteBuffer> out = new ArrayList<>();
        ByteBuffer b = msg.duplicate();
        while (b.hasRemaining()) {
            long tag = varint(b);
            int field = (int) (tag >>> 3), type = (int) (tag & 7);
            switch (type) {
                case 0 -> varint(b);
                case 1 -> b.position(b.position() + 8);
                case 5 -> b.position(b.position() + 4);
                case 2 -> {
                    int len = (int) varint(b);
                    ByteBuffer v = b.slice();
                    v.limit(len);
                    b.position(b.position() + len);
                    if (field == wanted) out.add(v);
                }
                default -> throw new IllegalStateException("wire type " + type);
            }
        }
        return out;
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b.get() & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if (x < 0x80) return v;
        }
    }

    static TrainingSession trained(NetworkSpec spec, int steps) {
        TrainingConfig c = TrainingConfig.defaults(7).withBatchSize(8).withTelemetry(false);
        TrainingSession s = new TrainingSession(spec, DatasetCatalog.load("synthetic").orElseThrow(), c, 1);
        for (int i = 0; i < steps; i++) s.step();
        return s;
    }

    @Test
    void nodesAreNamedAfterTheDesignsNodesAndDropoutIsLeftOut() {
        NetworkSpec spec = ExportNets.everyImageLayer();
        List<String> nodes = nodes(OnnxExport.toBytes(trained(spec, 1).network()));
        List<String> names = nodes.stream().map(n -> n.substring(0, n.indexOf(':'))).toList();
        for (NodeSpec n : spec.nodes()) {
            if (n.layer() instanceof InputSpec || n.layer() instanceof DropoutSpec) {
                assertTrue(names.stream().noneMatch(x -> x.equals(n.id())), n.id() + " has no node: " + nodes);
            } else {
                assertTrue(names.contains(n.id()), n.id() + " missing from " + nodes);
            }
        }
        assertTrue(nodes.contains("conv_same:Conv") && nodes.contains("shortcut_a/subsample:Slice") && nodes.contains("shortcut_a:Pad")
                && nodes.contains("shortcut_c/projection:Conv") && nodes.contains("shortcut_c:BatchNormalization")
                && nodes.contains("sum3:Sum") && nodes.contains("gate/shortcut:Mul") && nodes.contains("avg_same:AveragePool")
                && nodes.contains("softmax:Softmax"), nodes.toString());
        assertTrue(nodes.stream().noneMatch(n -> n.endsWith(":Dropout")), nodes.toString());
    }

    @Test
    void aCheckpointExportsTheSameModelAsTheLiveNetwork() {
        NetworkSpec spec = Templates.find("gated-mlp-2").orElseThrow().spec();
        TrainingSession s = trained(spec, 3);
        assertArrayEquals(OnnxExport.toBytes(s.network()), OnnxExport.toBytes(OnnxExport.trained(spec, s.checkpoint())));
    }

    @Test
    void aCheckpointThatLacksAWeightIsRefused() {
        NetworkSpec spec = Templates.find("chain-relu-3").orElseThrow().spec();
        TrainingCheckpoint c = trained(spec, 1).checkpoint();
        Map<String, INDArray> params = new HashMap<>(c.parameters());
        params.remove("dense2.b");
        TrainingCheckpoint partial = new TrainingCheckpoint(c.config(), c.dataName(), c.step(), c.batchesDrawn(), params,
                c.layerState(), c.dropoutSteps(), c.optimizer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.trained(spec, partial));
        assertTrue(e.getMessage().contains("dense2.b"), e.getMessage());
    }

    @Test
    void anInvalidDesignIsRefusedWithItsDiagnostics() {
        NetworkSpec broken = new NetworkSpec("broken", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(4))),
                NodeSpec.of("wide", new DenseSpec(8, Init.GLOROT_UNIFORM), "input"),
                NodeSpec.of("add", new AddSpec(), "input", "wide"),
                NodeSpec.of("output", new DenseSpec(2, Init.GLOROT_UNIFORM), "add")), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        TrainingCheckpoint any = trained(Templates.find("chain-relu-3").orElseThrow().spec(), 0).checkpoint();
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> OnnxExport.trained(broken, any));
        assertEquals("add", e.diagnostics().get(0).nodeId());
        assertTrue(e.getMessage().startsWith("add: "), e.getMessage());
    }
}
