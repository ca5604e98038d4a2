package reslab.app.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.app.TestDesigns;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.spec.ZeroPadShortcutSpec;

class ShortcutAssistantTest {
    // add1 joins stem_relu (16x8x8) with conv1 (32x4x4). Costs by hand:
    // B: 1x1 conv 16->32 = 512 weights, BN(32) = 64; MACs 16*32 per pixel * 4*4 pixels = 8,192.
    // C: B plus a 32->32 projection on add2's identity: 1,024 + 64 params, 32*32*16 = 16,384 MACs.
    private static final long B_PARAMS = 16 * 32 + 2 * 32, B_MACS = 16L * 32 * 4 * 4;
    private static final long C_EXTRA_PARAMS = 32 * 32 + 2 * 32, C_EXTRA_MACS = 32L * 32 * 4 * 4;

    @Test
    void offersTheThreeOptionsWithTheirExactCost() {
        List<ShortcutAssistant.Choice> choices = ShortcutAssistant.choices(TestDesigns.mismatchedResidual().network(), "add1");
        assertEquals(List.of(ShortcutOption.A_ZERO_PAD, ShortcutOption.B_PROJECTION_WHERE_NEEDED, ShortcutOption.C_PROJECTION_ALWAYS),
                choices.stream().map(ShortcutAssistant.Choice::option).toList());
        assertEquals(0, choices.get(0).paramsChange());
        assertEquals(0, choices.get(0).multiplyAddsChange());
        assertEquals(B_PARAMS, choices.get(1).paramsChange());
        assertEquals(B_MACS, choices.get(1).multiplyAddsChange());
        assertEquals(B_PARAMS + C_EXTRA_PARAMS, choices.get(2).paramsChange());
        assertEquals(B_MACS + C_EXTRA_MACS, choices.get(2).multiplyAddsChange());
        assertTrue(choices.stream().allMatch(ShortcutAssistant.Choice::fixesIt));
    }

    @Test
    void applyingAChoiceIsOneUndoableCommandThatLeavesAValidNetwork() {
        CommandManager commands = new CommandManager(TestDesigns.mismatchedResidual());
        BuilderViewModel vm = new BuilderViewModel(commands);
        var before = commands.current();
        assertTrue(!vm.analysis().valid());
        for (int k = 0; k < 3; k++) {
            ShortcutAssistant.Choice c = ShortcutAssistant.choices(commands.current().network(), "add1").get(k);
            assertTrue(vm.applyShortcut("add1", c));
            assertTrue(vm.analysis().valid(), c.option() + " leaves problems: " + vm.analysis().diagnostics());
            assertEquals("cmd.shortcut." + "ABC".charAt(k), commands.undoDescriptionProperty().get().key());
            assertEquals(1, commands.history().size(), "one command");
            // the inserted shortcut nodes are placed on the canvas
            for (var n : commands.current().network().nodes()) assertTrue(commands.current().layout().containsKey(n.id()), n.id());
            vm.undo();
            assertEquals(before, commands.current());
        }
    }

    @Test
    void optionCTurnsEveryShortcutIntoAProjection() {
        CommandManager commands = new CommandManager(TestDesigns.mismatchedResidual());
        BuilderViewModel vm = new BuilderViewModel(commands);
        vm.applyShortcut("add1", ShortcutAssistant.choices(commands.current().network(), "add1").get(2));
        var spec = commands.current().network();
        for (String add : List.of("add1", "add2")) {
            String shortcut = spec.node(add).orElseThrow().inputs().get(0);
            assertTrue(spec.node(shortcut).orElseThrow().layer() instanceof ProjectionShortcutSpec, add + " shortcut " + shortcut);
        }
        long projections = spec.nodes().stream().filter(n -> n.layer() instanceof ProjectionShortcutSpec).count();
        assertEquals(2, projections);
        assertEquals(0, spec.nodes().stream().filter(n -> n.layer() instanceof ZeroPadShortcutSpec).count());
        assertTrue(ShapeInference.analyze(spec).valid());
    }

    @Test
    void aReadyBlockAttachesBelowItsAnchorWithTheAnchorsChannels() {
        CommandManager commands = new CommandManager(TestDesigns.mismatchedResidual());
        BuilderViewModel vm = new BuilderViewModel(commands);
        assertTrue(vm.addBlock(reslab.app.builder.PaletteCatalog.BlockKind.BASIC_DOWNSAMPLE, "stem_relu"));
        var spec = commands.current().network();
        var add = spec.node("block1.add").orElseThrow();
        String shortcut = add.inputs().get(0);
        assertTrue(spec.node(shortcut).orElseThrow().layer() instanceof ProjectionShortcutSpec, "option B projects the size change");
        assertEquals(List.of("stem_relu"), spec.node("block1.conv1").orElseThrow().inputs());
        assertEquals(32, vm.analysis().node("block1.add").orElseThrow().outputShape().dim(0), "16 channels doubled");
        assertEquals("cmd.addBlock", commands.undoDescriptionProperty().get().key());
        var anchor = commands.current().layout().get("stem_relu");
        assertTrue(commands.current().layout().get("block1.conv1").y() > anchor.y(), "placed below the anchor");
        assertEquals(1, commands.history().size());
    }

    @Test
    void aBlockNeedsAnAnchorOfTheRightKind() {
        CommandManager commands = new CommandManager(TestDesigns.mismatchedResidual());
        BuilderViewModel vm = new BuilderViewModel(commands);
        assertTrue(!vm.addBlock(reslab.app.builder.PaletteCatalog.BlockKind.BASIC, null));
        assertEquals("block-needs-anchor", vm.lastRefusalProperty().get().code());
        assertTrue(!vm.addBlock(reslab.app.builder.PaletteCatalog.BlockKind.GATED_PLAIN, "stem_relu"));
        assertEquals("block-needs-vector", vm.lastRefusalProperty().get().code());
        assertTrue(!vm.addBlock(reslab.app.builder.PaletteCatalog.BlockKind.GATED_RESIDUAL, "gap"));
        assertEquals("block-needs-shape", vm.lastRefusalProperty().get().code(), "gap has no shape while add1 is broken");
        vm.applyShortcut("add1", ShortcutAssistant.choices(commands.current().network(), "add1").get(0));
        assertTrue(vm.addBlock(reslab.app.builder.PaletteCatalog.BlockKind.GATED_RESIDUAL, "gap"));
    }

    @Test
    void aMatchingAddNeedsNoAssistant() {
        assertTrue(ShortcutAssistant.choices(TestDesigns.mismatchedResidual().network(), "add2").isEmpty());
    }
}
