package reslab.app.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reslab.engine.io.ProjectDocument;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.zoo.Templates;

/** Every builder command: what it does, that undo restores and redo repeats it, and its name. */
class BuilderViewModelTest {
    private CommandManager commands;
    private BuilderViewModel vm;

    static ProjectDocument small() {
        return reslab.app.TestDesigns.small();
    }

    @BeforeEach
    void setUp() {
        commands = new CommandManager(small());
        vm = new BuilderViewModel(commands);
    }

    private Description lastDescription() {
        return commands.undoDescriptionProperty().get();
    }

    /** Undo gives back exactly the document before; redo exactly the one after. */
    private void assertUndoRedo(ProjectDocument before) {
        ProjectDocument after = commands.current();
        vm.undo();
        assertEquals(before, commands.current());
        vm.redo();
        assertEquals(after, commands.current());
    }

    @Test
    void addLayerCreatesAFreshlyNamedSelectedNode() {
        ProjectDocument before = commands.current();
        String id = vm.addLayer(new DenseSpec(16, Init.HE_NORMAL), 100, 200).orElseThrow();
        assertEquals("dense2", id, "dense1 exists, so the next is dense2");
        assertEquals(new ProjectDocument.NodePosition(100, 200), commands.current().layout().get(id));
        assertEquals(Set.of(id), vm.selection());
        assertEquals("cmd.addNode", lastDescription().key());
        assertEquals(new DenseSpec(16, Init.HE_NORMAL), lastDescription().args().get(0));
        assertUndoRedo(before);
    }

    @Test
    void shapeInferenceFollowsEveryChange() {
        assertEquals(8 * 4 + 8 + 8 * 2 + 2, vm.analysis().totalParams());
        vm.setLayer("dense1", new DenseSpec(10, Init.HE_NORMAL));
        assertEquals(10 * 4 + 10 + 10 * 2 + 2, vm.analysis().totalParams());
        vm.undo();
        assertEquals(8 * 4 + 8 + 8 * 2 + 2, vm.analysis().totalParams());
    }

    @Test
    void deleteRemovesNodesAndTheirWires() {
        ProjectDocument before = commands.current();
        vm.selectOnly("relu1");
        assertTrue(vm.deleteSelection());
        assertTrue(commands.current().network().node("relu1").isEmpty());
        assertEquals(List.of(), commands.current().network().node("out").orElseThrow().inputs());
        assertFalse(commands.current().layout().containsKey("relu1"));
        assertTrue(vm.selection().isEmpty(), "deleted nodes leave the selection");
        assertEquals("cmd.deleteNode", lastDescription().key());
        assertUndoRedo(before);
    }

    @Test
    void moveIsOneCommandForTheWholeSelection() {
        ProjectDocument before = commands.current();
        var p = before.layout().get("dense1");
        assertTrue(vm.move(Set.of("dense1", "relu1"), 30, -10));
        assertEquals(p.x() + 30, commands.current().layout().get("dense1").x());
        assertEquals(p.y() - 10, commands.current().layout().get("dense1").y());
        assertEquals("cmd.moveNodes", lastDescription().key());
        assertEquals(1, commands.history().size());
        assertUndoRedo(before);
        assertFalse(vm.move(Set.of("dense1"), 0, 0), "a zero move is no command");
    }

    @Test
    void connectingReplacesTheOnlyInputOfAUnaryLayer() {
        vm.addLayer(new ReluSpec(), 0, 0);
        ProjectDocument before = commands.current();
        assertTrue(vm.connect("dense1", "relu2"));
        assertTrue(vm.connect("input", "relu2"));
        assertEquals(List.of("input"), commands.current().network().node("relu2").orElseThrow().inputs());
        assertEquals("cmd.connect", lastDescription().key());
        vm.undo();
        vm.undo();
        assertEquals(before, commands.current());
    }

    @Test
    void connectingIntoAnAddAddsAnInput() {
        vm.addLayer(new AddSpec(), 0, 0);
        vm.connect("dense1", "add1");
        vm.connect("out", "add1");
        assertEquals(List.of("dense1", "out"), commands.current().network().node("add1").orElseThrow().inputs());
    }

    @Test
    void aWireThatWouldMakeALoopIsRefusedWithTheReason() {
        ProjectDocument before = commands.current();
        assertTrue(vm.checkConnect("out", "dense1").isPresent());
        assertFalse(vm.connect("out", "dense1"));
        assertNotNull(vm.lastRefusalProperty().get());
        assertEquals("cycle", vm.lastRefusalProperty().get().code());
        assertTrue(vm.lastRefusalProperty().get().getMessage().contains("loop"));
        assertEquals(before, commands.current(), "nothing changed");
        assertFalse(commands.canRedoProperty().get());
    }

    @Test
    void feedingTheInputOrAnExistingWireIsRefused() {
        assertEquals("into-input", vm.checkConnect("out", "input").orElseThrow().code());
        assertEquals("duplicate-wire", vm.checkConnect("input", "dense1").orElseThrow().code());
        assertEquals("self-loop", vm.checkConnect("relu1", "relu1").orElseThrow().code());
    }

    @Test
    void disconnectRemovesOneWire() {
        ProjectDocument before = commands.current();
        assertTrue(vm.disconnect("dense1", "relu1"));
        assertEquals(List.of(), commands.current().network().node("relu1").orElseThrow().inputs());
        assertEquals("cmd.disconnect", lastDescription().key());
        assertUndoRedo(before);
    }

    @Test
    void renameUpdatesWiresLayoutSelectionAndOutput() {
        ProjectDocument before = commands.current();
        vm.selectOnly("out");
        assertTrue(vm.rename("out", "classifier"));
        NetworkSpec s = commands.current().network();
        assertEquals("classifier", s.output());
        assertTrue(commands.current().layout().containsKey("classifier"));
        assertEquals(Set.of("classifier"), vm.selection());
        assertFalse(vm.rename("classifier", "dense1"), "taken");
        assertEquals("duplicate-id", vm.lastRefusalProperty().get().code());
        assertFalse(vm.rename("classifier", "has space"));
        assertUndoRedo(before);
    }

    @Test
    void copyPasteAndDuplicateKeepInternalWiresWithFreshIds() {
        vm.selection().addAll(Set.of("dense1", "relu1"));
        vm.copy();
        assertTrue(vm.paste());
        NetworkSpec s = commands.current().network();
        assertEquals(6, s.nodes().size());
        assertEquals(List.of("dense2"), s.node("relu2").orElseThrow().inputs(), "the copy's own wire is kept");
        assertEquals(List.of(), s.node("dense2").orElseThrow().inputs(), "wires from outside the copy are not");
        assertEquals(Set.of("dense2", "relu2"), vm.selection());
        assertEquals("cmd.paste", lastDescription().key());
        var original = commands.current().layout().get("dense1");
        var pasted = commands.current().layout().get("dense2");
        assertEquals(original.x() + BuilderViewModel.PASTE_OFFSET, pasted.x());
        assertTrue(vm.duplicate());
        assertEquals(8, commands.current().network().nodes().size());
    }

    @Test
    void setOutputAndLossIsUndoable() {
        ProjectDocument before = commands.current();
        assertTrue(vm.setOutput("relu1", LossKind.MEAN_SQUARED_ERROR));
        assertEquals("relu1", commands.current().network().output());
        assertEquals(LossKind.MEAN_SQUARED_ERROR, commands.current().network().loss());
        assertUndoRedo(before);
    }

    @Test
    void collapseAndExpandAreCommandsToo() {
        ProjectDocument before = commands.current();
        assertTrue(vm.setCollapsed("layer1.0", true));
        assertEquals(List.of("layer1.0"), commands.current().collapsedBlocks());
        assertEquals("cmd.collapse", lastDescription().key());
        assertUndoRedo(before);
        assertTrue(vm.setCollapsed("layer1.0", false));
        assertEquals("cmd.expand", lastDescription().key());
    }

    @Test
    void loadingATemplateIsUndoableAndLaysItOut() {
        ProjectDocument before = commands.current();
        assertTrue(vm.loadTemplate(Templates.find("chain-sigmoid-4-residual").orElseThrow()));
        ProjectDocument d = commands.current();
        assertEquals("chain-sigmoid-4-residual", d.network().name());
        for (NodeSpec n : d.network().nodes()) assertTrue(d.layout().containsKey(n.id()), n.id() + " placed");
        assertUndoRedo(before);
    }

    @Test
    void autoLayoutPutsEveryNodeBelowItsInputs() {
        vm.move(Set.of("out"), 0, -1000);
        assertTrue(vm.autoLayout());
        Map<String, ProjectDocument.NodePosition> l = commands.current().layout();
        for (NodeSpec n : commands.current().network().nodes()) {
            for (String in : n.inputs()) assertTrue(l.get(in).y() < l.get(n.id()).y(), in + " above " + n.id());
        }
        assertEquals("cmd.autoLayout", lastDescription().key());
    }

    @Test
    void redoHistoryIsDroppedByANewEditAndModifiedTracksTheSavedDesign() {
        assertFalse(commands.modifiedProperty().get());
        vm.addLayer(new ReluSpec(), 0, 0);
        assertTrue(commands.modifiedProperty().get());
        vm.undo();
        assertFalse(commands.modifiedProperty().get(), "back at the saved design");
        assertTrue(commands.canRedoProperty().get());
        vm.addLayer(new AddSpec(), 0, 0);
        assertFalse(commands.canRedoProperty().get());
        commands.markSaved();
        assertFalse(commands.modifiedProperty().get());
        assertNull(commands.redoDescriptionProperty().get());
    }

    @Test
    void theManagerRefusesACommandStartedInsideAnother() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () ->
                commands.execute(Description.of("outer"), d -> {
                    commands.execute(Description.of("inner"), x -> x);
                    return d;
                }));
    }

    @Test
    void aSecondInputNodeIsRefused() {
        assertTrue(vm.addLayer(new InputSpec(Shape.of(3)), 0, 0).isEmpty());
        assertEquals("second-input", vm.lastRefusalProperty().get().code());
    }
}
