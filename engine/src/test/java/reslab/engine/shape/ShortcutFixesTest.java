package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.shape.TinyNets.codes;
import static reslab.engine.shape.TinyNets.dense;
import static reslab.engine.shape.TinyNets.fix;
import static reslab.engine.shape.TinyNets.input;
import static reslab.engine.shape.TinyNets.net;
import static reslab.engine.shape.TinyNets.only;

import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.zoo.Templates;

/** The options A, B, C offered at a mismatched Add or Gate, priced for that shortcut. */
class ShortcutFixesTest {
    private static NodeSpec conv(String id, int filters, int stride, String in) {
        return NodeSpec.of(id, Conv2DSpec.of(filters, 3, stride, Padding.SAME, false, Init.HE_NORMAL), in);
    }

    private static NetworkSpec withHead(NodeSpec... body) {
        List<NodeSpec> nodes = new java.util.ArrayList<>(List.of(body));
        nodes.add(NodeSpec.of("pool", new GlobalAvgPoolSpec(), nodes.get(nodes.size() - 1).id()));
        nodes.add(dense("output", 10, "pool"));
        return net(nodes.toArray(NodeSpec[]::new));
    }

    private static NodeSpec inserted(Fix f, int edit) {
        return ((GraphEdit.InsertOnEdge) f.edits().get(edit)).node();
    }

    /** ResNet-18 with layer2.0's downsample deleted: the Add meets 64x56x56 and 128x28x28. */
    private static NetworkSpec resnet18WithoutFirstProjection() {
        NetworkSpec full = Templates.find("resnet18").orElseThrow().spec();
        return NetworkEdits.apply(full, new GraphEdit.RemoveNode("layer2.0.shortcut"));
    }

    @Test
    void resnet18DownsampleOptionsCostWhatThePaperSays() {
        NetworkSpec spec = resnet18WithoutFirstProjection();
        Diagnostic d = only(spec, "add-mismatch");
        assertEquals(1, ShapeInference.analyze(spec).diagnostics().size(), "nothing else is wrong");
        assertEquals("layer2.0.add", d.nodeId());
        assertTrue(d.message().contains("64x56x56") && d.message().contains("128x28x28"), d.message());
        assertEquals(List.of("shortcut-a", "shortcut-b", "shortcut-c"), codes(d.fixes()));

        Fix a = fix(d, "shortcut-a"), b = fix(d, "shortcut-b"), c = fix(d, "shortcut-c");
        assertEquals(ShortcutOption.A_ZERO_PAD, a.shortcutOption());
        assertEquals(0, a.params());
        assertEquals(0, a.multiplyAdds());
        assertEquals(new ZeroPadShortcutSpec(128, 2), inserted(a, 0).layer());

        assertEquals(ShortcutOption.B_PROJECTION_WHERE_NEEDED, b.shortcutOption());
        assertEquals(64 * 128 + 2 * 128, b.params(), "1x1 weights 8,192 + BN gamma and beta 256");
        assertEquals(64L * 128 * 28 * 28, b.multiplyAdds(), "each of 128x28x28 outputs sums 64 products");
        assertEquals(new ProjectionShortcutSpec(128, 2, true, Init.HE_NORMAL), inserted(b, 0).layer());
        assertEquals(ShortcutOption.C_PROJECTION_ALWAYS, c.shortcutOption());
        assertEquals(b.params(), c.params(), "here C inserts the same projection as B");
        assertEquals(b.multiplyAdds(), c.multiplyAdds());

        GraphEdit.InsertOnEdge edge = (GraphEdit.InsertOnEdge) b.edits().get(0);
        assertEquals("layer1.1.relu2", edge.source(), "on the shortcut: the Add's first input");
        assertEquals("layer2.0.add", edge.target());
        assertEquals(0, edge.inputIndex());
        assertEquals("layer2.0.shortcut", edge.node().id());
        assertEquals("layer2.0", edge.node().block(), "the shortcut belongs to the block");
    }

    @Test
    void optionBRestoresTorchvisionResNet18AndOptionASavesItsProjection() {
        NetworkSpec spec = resnet18WithoutFirstProjection();
        Diagnostic d = only(spec, "add-mismatch");
        NetworkAnalysis withB = ShapeInference.analyze(fix(d, "shortcut-b").applyTo(spec));
        assertEquals(List.of(), withB.diagnostics());
        assertEquals(11_689_512L, withB.totalParams());
        assertEquals(1_814_073_344L, withB.totalMultiplyAdds());
        NetworkAnalysis withA = ShapeInference.analyze(fix(d, "shortcut-a").applyTo(spec));
        assertEquals(List.of(), withA.diagnostics());
        assertEquals(11_689_512L - (64 * 128 + 2 * 128), withA.totalParams());
    }

    @Test
    void narrowingShortcutCannotUseOptionA() {
        // The shortcut has 8 channels, the branch 4: zero-padding only widens.
        NetworkSpec spec = withHead(input(8, 8, 8), conv("branch", 4, 1, "input"),
                NodeSpec.of("add", new AddSpec(), "input", "branch"));
        Diagnostic d = only(spec, "add-mismatch");
        assertEquals(List.of("shortcut-b", "shortcut-c"), codes(d.fixes()));
        assertEquals(8 * 4 + 2 * 4, fix(d, "shortcut-b").params());
        assertEquals(8L * 4 * 8 * 8, fix(d, "shortcut-b").multiplyAdds());
        assertEquals(List.of(), ShapeInference.analyze(fix(d, "shortcut-b").applyTo(spec)).diagnostics());
    }

    @Test
    void sizeThatIsNotAWholeMultipleNeedsAProjection() {
        // 7x7 -> ceil(7/2) = 4x4: a stride-2 1x1 convolution lands there, a 2:1 subsampling by ratio does not.
        NetworkSpec spec = withHead(input(4, 7, 7), conv("branch", 8, 2, "input"),
                NodeSpec.of("add", new AddSpec(), "input", "branch"));
        Diagnostic d = only(spec, "add-mismatch");
        assertEquals(List.of("shortcut-b", "shortcut-c"), codes(d.fixes()));
        Fix b = fix(d, "shortcut-b");
        assertEquals(new ProjectionShortcutSpec(8, 2, true, Init.HE_NORMAL), inserted(b, 0).layer());
        assertEquals(4 * 8 + 2 * 8, b.params());
        assertEquals(4L * 8 * 4 * 4, b.multiplyAdds());
        assertEquals(List.of(), ShapeInference.analyze(b.applyTo(spec)).diagnostics());
    }

    @Test
    void branchWiredFirstStillGetsTheShortcutOnTheOtherEdge() {
        NetworkSpec spec = withHead(input(4, 8, 8), conv("branch", 8, 2, "input"),
                NodeSpec.of("add", new AddSpec(), "branch", "input"));
        Fix a = fix(only(spec, "add-mismatch"), "shortcut-a");
        GraphEdit.InsertOnEdge edge = (GraphEdit.InsertOnEdge) a.edits().get(0);
        assertEquals("input", edge.source());
        assertEquals(1, edge.inputIndex(), "the 4x8x8 input is matched to the 8x4x4 branch, not the other way");
        assertEquals(List.of(), ShapeInference.analyze(a.applyTo(spec)).diagnostics());
    }

    @Test
    void flatAndImageCannotBeMatchedByAShortcut() {
        NetworkSpec spec = net(input(2, 4, 4), NodeSpec.of("flat", new FlattenSpec(), "input"), dense("d", 32, "flat"),
                NodeSpec.of("add", new AddSpec(), "input", "d"), NodeSpec.of("f2", new FlattenSpec(), "add"), dense("output", 2, "f2"));
        Diagnostic d = only(spec, "add-mismatch");
        assertEquals(List.of(), d.fixes());
        assertTrue(d.message().contains("no shortcut can match"), d.message());
    }

    @Test
    void flatShortcutIsPaddedOrProjectedLikeADenseLayer() {
        NetworkSpec spec = net(input(4), dense("wide", 17, "input"), dense("narrow", 23, "input"),
                NodeSpec.of("join", new AddSpec(), "wide", "narrow"), dense("output", 2, "join"));
        Diagnostic d = only(spec, "add-mismatch");
        Fix a = fix(d, "shortcut-a");
        assertEquals(new ZeroPadShortcutSpec(23, 1), inserted(a, 0).layer());
        assertEquals(17 * 23 + 2 * 23, fix(d, "shortcut-b").params());
        assertEquals(17 * 23, fix(d, "shortcut-b").multiplyAdds());
        assertEquals(List.of(), ShapeInference.analyze(a.applyTo(spec)).diagnostics());
    }

    @Test
    void gateMismatchMatchesTheBlockInputToTheBranch() {
        NetworkSpec spec = net(input(4), dense("f", 6, "input"),
                NodeSpec.of("gate", new GateSpec(GateSpec.Kind.RESIDUAL), "input", "f"), dense("output", 2, "gate"));
        Diagnostic d = only(spec, "gate-mismatch");
        assertEquals("gate", d.nodeId());
        assertEquals(List.of("shortcut-a", "shortcut-b", "shortcut-c"), codes(d.fixes()));
        assertEquals(0, fix(d, "shortcut-a").params(), "the gate's own k is not part of the price");
        assertEquals(4 * 6 + 2 * 6, fix(d, "shortcut-b").params());
        assertEquals(0, ((GraphEdit.InsertOnEdge) fix(d, "shortcut-b").edits().get(0)).inputIndex(), "x is the gate's first input");
        assertEquals(List.of(), ShapeInference.analyze(fix(d, "shortcut-b").applyTo(spec)).diagnostics());
    }

    @Test
    void everyMismatchedInputOfAWideAddGetsItsOwnShortcut() {
        NetworkSpec spec = net(input(4), dense("a", 3, "input"), dense("b", 5, "input"), dense("c", 8, "input"),
                NodeSpec.of("add", new AddSpec(), "a", "b", "c"), dense("output", 2, "add"));
        Fix b = fix(only(spec, "add-mismatch"), "shortcut-b");
        assertEquals(2, b.edits().size());
        assertEquals(List.of("add.shortcut", "add.shortcut2"), List.of(inserted(b, 0).id(), inserted(b, 1).id()));
        assertEquals((3 * 8 + 16) + (5 * 8 + 16), b.params(), "both projections");
        assertEquals(List.of(), ShapeInference.analyze(b.applyTo(spec)).diagnostics());
    }
}
