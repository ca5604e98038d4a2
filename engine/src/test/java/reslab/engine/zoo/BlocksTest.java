package reslab.engine.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.spec.ZeroPadShortcutSpec;

class BlocksTest {
    private static List<String> names(Blocks.Block b) {
        return b.nodes().stream().map(n -> n.id().substring(b.id().length() + 1)).toList();
    }

    private static NodeSpec node(Blocks.Block b, String name) {
        return b.nodes().stream().filter(n -> n.id().equals(b.id() + "." + name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    /** The block placed after an input of {@code in}, with a pooled classifier: a design to analyse. */
    private static NetworkAnalysis analyzeAfter(Shape in, Blocks.Block b) {
        List<NodeSpec> nodes = new ArrayList<>();
        nodes.add(NodeSpec.of("x", new InputSpec(in)));
        nodes.addAll(b.nodes());
        if (in.rank() == 3) {
            nodes.add(NodeSpec.of("pool", new GlobalAvgPoolSpec(), b.output()));
            nodes.add(NodeSpec.of("output", new DenseSpec(10, Init.GLOROT_UNIFORM), "pool"));
        } else {
            nodes.add(NodeSpec.of("output", new DenseSpec(10, Init.GLOROT_UNIFORM), b.output()));
        }
        return ShapeInference.analyze(new NetworkSpec("block", nodes, "output", LossKind.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void basicBlockIsConvBnReluConvBnPlusShortcutThenRelu() {
        Blocks.Block b = Blocks.basicResidual("layer1.0", "x", 64, 64, 1, ShortcutOption.B_PROJECTION_WHERE_NEEDED);
        assertEquals(List.of("conv1", "bn1", "relu1", "conv2", "bn2", "add", "relu2"), names(b), "no projection where sizes match");
        assertEquals(List.of("x", "layer1.0.bn2"), node(b, "add").inputs(), "the shortcut first, then the branch");
        assertEquals(List.of("layer1.0.add"), node(b, "relu2").inputs(), "ReLU after the addition");
        assertEquals("layer1.0.relu2", b.output());
        assertTrue(b.nodes().stream().allMatch(n -> "layer1.0".equals(n.block())), "every node carries the block id");
        Conv2DSpec conv1 = (Conv2DSpec) node(b, "conv1").layer();
        assertEquals(3, conv1.kernelH());
        assertTrue(!conv1.bias(), "BN follows: no bias");
        assertTrue(analyzeAfter(Shape.of(64, 8, 8), b).valid());
    }

    @Test
    void eachShortcutOptionPicksItsShortcutWhereTheSizeChanges() {
        Blocks.Block a = Blocks.basicResidual("b", "x", 16, 32, 2, ShortcutOption.A_ZERO_PAD);
        assertEquals(new ZeroPadShortcutSpec(32, 2), node(a, "shortcut").layer());
        Blocks.Block bOpt = Blocks.basicResidual("b", "x", 16, 32, 2, ShortcutOption.B_PROJECTION_WHERE_NEEDED);
        assertEquals(new ProjectionShortcutSpec(32, 2, true, Init.HE_NORMAL), node(bOpt, "shortcut").layer());
        for (Blocks.Block b : List.of(a, bOpt)) {
            assertEquals(List.of("b.shortcut", "b.bn2"), node(b, "add").inputs());
            assertEquals(List.of("x"), node(b, "shortcut").inputs());
            NetworkAnalysis an = analyzeAfter(Shape.of(16, 8, 8), b);
            assertEquals(List.of(), an.diagnostics());
            assertEquals(Shape.of(32, 4, 4), an.node("b.add").orElseThrow().outputShape());
        }
        Blocks.Block same = Blocks.basicResidual("b", "x", 32, 32, 1, ShortcutOption.A_ZERO_PAD);
        assertEquals(List.of("x", "b.bn2"), node(same, "add").inputs(), "option A is the plain identity when sizes match");
    }

    @Test
    void optionCProjectsEvenWhereSizesMatch() {
        Blocks.Block c = Blocks.basicResidual("b", "x", 32, 32, 1, ShortcutOption.C_PROJECTION_ALWAYS);
        assertEquals(new ProjectionShortcutSpec(32, 1, true, Init.HE_NORMAL), node(c, "shortcut").layer());
        NetworkAnalysis an = analyzeAfter(Shape.of(32, 8, 8), c);
        assertEquals(32 * 32 + 2 * 32, an.node("b.shortcut").orElseThrow().params());
    }

    @Test
    void preActivationBlockNormalisesFirstAndLeavesTheSumAlone() {
        Blocks.Block b = Blocks.preActivation("p", "x", 16, 16, 1, ShortcutOption.A_ZERO_PAD);
        assertEquals(List.of("bn1", "relu1", "conv1", "bn2", "relu2", "conv2", "add"), names(b));
        assertEquals(List.of("x", "p.conv2"), node(b, "add").inputs());
        assertEquals("p.add", b.output(), "no ReLU after the addition");
        assertTrue(analyzeAfter(Shape.of(16, 8, 8), b).valid());
        Blocks.Block down = Blocks.preActivation("p", "x", 16, 32, 2, ShortcutOption.B_PROJECTION_WHERE_NEEDED);
        assertEquals(List.of("x"), node(down, "shortcut").inputs());
        assertEquals(List.of(), analyzeAfter(Shape.of(16, 8, 8), down).diagnostics());
    }

    @Test
    void plainPairIsTheBasicBlockWithoutShortcut() {
        Blocks.Block b = Blocks.plainPair("q", "x", 32, 2);
        assertEquals(List.of("conv1", "bn1", "relu1", "conv2", "bn2", "relu2"), names(b));
        assertEquals(2, ((Conv2DSpec) node(b, "conv1").layer()).strideH(), "the first convolution subsamples");
        assertEquals(1, ((Conv2DSpec) node(b, "conv2").layer()).strideH());
        assertTrue(b.nodes().stream().noneMatch(n -> n.layer() instanceof AddSpec));
        assertEquals(Shape.of(32, 4, 4), analyzeAfter(Shape.of(16, 8, 8), b).node("q.relu2").orElseThrow().outputShape());
    }

    @Test
    void gatedBlockReadsTheInputFirstAndTheBranchSecond() {
        for (GateSpec.Kind kind : GateSpec.Kind.values()) {
            Blocks.Block b = Blocks.gatedDense("block3", "x", 50, kind);
            assertEquals(List.of("dense", "bn", "relu", "gate"), names(b));
            List<LayerSpec> layers = b.nodes().stream().map(NodeSpec::layer).toList();
            assertEquals(List.of(new DenseSpec(50, Init.HE_NORMAL, false), BatchNormSpec.DEFAULT, new ReluSpec(), new GateSpec(kind)), layers);
            assertEquals(List.of("x", "block3.relu"), node(b, "gate").inputs());
            NetworkAnalysis an = analyzeAfter(Shape.of(50), b);
            assertEquals(1, an.node("block3.gate").orElseThrow().params(), "one scalar k");
            assertEquals(List.of(), an.diagnostics());
        }
    }

    @Test
    void nonsenseSizesAreRefusedWithTheBlockName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blocks.basicResidual("layer9.9", "x", 16, 0, 1, ShortcutOption.A_ZERO_PAD));
        assertTrue(e.getMessage().startsWith("layer9.9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Blocks.plainPair("q", "x", 8, 0));
        assertThrows(IllegalArgumentException.class, () -> Blocks.gatedDense("g", "x", -1, GateSpec.Kind.PLAIN));
    }
}
