package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.zoo.Templates;

class ResidualEditsTest {
    private static NetworkSpec template(String id) {
        return Templates.find(id).orElseThrow().spec();
    }

    private static Set<NodeSpec> nodes(NetworkSpec s) {
        return new HashSet<>(s.nodes());
    }

    @Test
    void residualChainWithoutShortcutsIsThePlainChainNodeForNode() {
        ResidualEdits.Result r = ResidualEdits.withoutShortcuts(template("chain-sigmoid-20-residual"));
        NetworkSpec plain = template("chain-sigmoid-20");
        assertEquals(nodes(plain), nodes(r.spec()));
        assertEquals(plain.output(), r.spec().output());
        assertTrue(r.removed().contains("add1") && r.removed().contains("pad1"), "the Add and the option-A pad go: " + r.removed());
        assertEquals(10 + 1, r.removed().size(), "ten Adds and the one pad");
    }

    @Test
    void cifarResNetWithoutShortcutsIsPlainNet() {
        assertEquals(nodes(template("plain20")), nodes(ResidualEdits.withoutShortcuts(template("resnet20")).spec()));
    }

    @Test
    void projectionShortcutsGoWithTheirAdds() {
        NetworkSpec plain = ResidualEdits.withoutShortcuts(template("resnet18")).spec();
        assertEquals(nodes(template("plain18")), nodes(plain));
        assertTrue(ShapeInference.analyze(plain).valid());
        assertEquals(ShapeInference.analyze(template("plain18")).totalParams(), ShapeInference.analyze(plain).totalParams());
    }

    @Test
    void gatedNetWithoutShortcutsKeepsOnlyBranches() {
        NetworkSpec s = ResidualEdits.withoutShortcuts(template("gated-resnet-mlp-10")).spec();
        assertTrue(ShapeInference.analyze(s).valid());
        assertFalse(s.nodes().stream().anyMatch(n -> n.layer() instanceof GateSpec), "no gates left");
        assertEquals(List.of("block1.relu"), s.node("block2.dense").orElseThrow().inputs(), "each block reads the previous branch");
    }

    @Test
    void bypassByShortcutRemovesTheBranchThatOnlyFedIt() {
        NetworkSpec spec = template("gated-mlp-10");
        ResidualEdits.Result r = ResidualEdits.bypass(spec, "block3.gate", 0);
        assertEquals(List.of("block3.dense", "block3.bn", "block3.relu", "block3.gate"), r.removed());
        assertEquals(List.of("block2.gate"), r.spec().node("block4.dense").orElseThrow().inputs());
        assertEquals(List.of("block2.gate", "block4.relu"), r.spec().node("block4.gate").orElseThrow().inputs(),
                "the next block's shortcut reads the pruned block's input");
        assertTrue(ShapeInference.analyze(r.spec()).valid());
        assertEquals(spec.nodes().size() - 4, r.spec().nodes().size());
    }

    @Test
    void bypassingTheOutputMovesTheOutput() {
        NetworkSpec spec = TinyNets.net(TinyNets.input(4), TinyNets.dense("d", 4, "input"),
                NodeSpec.of("r", new ReluSpec(), "d"), NodeSpec.of("output", new AddSpec(), "input", "r"));
        ResidualEdits.Result r = ResidualEdits.bypass(spec, "output", 0);
        assertEquals("input", r.spec().output());
        assertEquals(List.of("d", "r", "output"), r.removed());
    }

    @Test
    void nodesThatLedNowhereBeforeTheEditStay() {
        NetworkSpec spec = TinyNets.net(TinyNets.input(4), TinyNets.dense("loose", 3, "input"),
                TinyNets.dense("d", 4, "input"), NodeSpec.of("r", new ReluSpec(), "d"),
                NodeSpec.of("add", new AddSpec(), "input", "r"), TinyNets.dense("output", 2, "add"));
        ResidualEdits.Result r = ResidualEdits.bypass(spec, "add", 0);
        assertTrue(r.spec().node("loose").isPresent(), "an unconnected node the user placed is not ours to delete");
        assertEquals(List.of("d", "r", "add"), r.removed());
    }

    @Test
    void aShortcutNodeReadElsewhereStays() {
        NetworkSpec spec = TinyNets.net(TinyNets.input(2), TinyNets.dense("d", 4, "input"), NodeSpec.of("r", new ReluSpec(), "d"),
                NodeSpec.of("pad", new ZeroPadShortcutSpec(4), "input"), NodeSpec.of("add", new AddSpec(), "pad", "r"),
                TinyNets.dense("e", 4, "pad"), NodeSpec.of("mix", new AddSpec(), "e", "add"), TinyNets.dense("output", 2, "mix"));
        ResidualEdits.Result r = ResidualEdits.bypass(spec, "add", 1);
        assertTrue(ShapeInference.analyze(r.spec()).valid());
        assertEquals(List.of("add"), r.removed(), "the pad still feeds e");
        assertEquals(List.of("e", "r"), r.spec().node("mix").orElseThrow().inputs());
    }

    @Test
    void withoutShortcutsRemovesAPadOnlyWhenItsLastJoinGoes() {
        NetworkSpec spec = TinyNets.net(TinyNets.input(2), TinyNets.dense("d", 4, "input"), NodeSpec.of("r", new ReluSpec(), "d"),
                NodeSpec.of("pad", new ZeroPadShortcutSpec(4), "input"), NodeSpec.of("add", new AddSpec(), "pad", "r"),
                NodeSpec.of("add2", new AddSpec(), "pad", "add"), TinyNets.dense("output", 2, "add2"));
        ResidualEdits.Result r = ResidualEdits.withoutShortcuts(spec);
        assertTrue(ShapeInference.analyze(r.spec()).valid());
        assertEquals(List.of("add", "pad", "add2"), r.removed());
        assertEquals(List.of("r"), r.spec().node("output").orElseThrow().inputs());
    }

    @Test
    void badBypassesFailNamingTheProblem() {
        NetworkSpec spec = template("gated-mlp-2");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResidualEdits.bypass(spec, "nope", 0))
                .getMessage().contains("no such node"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResidualEdits.bypass(spec, "block1.gate", 2))
                .getMessage().contains("reads"));
    }
}
