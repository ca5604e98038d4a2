package reslab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import reslab.app.builder.NodeView;
import reslab.engine.io.ProjectFile;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.zoo.Templates;

/** The builder in a real (headless) window: palette, canvas gestures, undo, files. */
@ExtendWith(ApplicationExtension.class)
class BuilderWindowTest {
    private MainWindow window;
    private final TestDialogs dialogs = new TestDialogs();
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = TestWindows.show(stage, dialogs, 1400, 900, "chain-sigmoid-4");
        window.shell().tabs().getSelectionModel().select(0);
    }

    @AfterEach
    void close() {
        window.app().close(2000);
    }

    private void settle() {
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Clicks a node once its place on screen has stopped moving. A freshly built inspector
     * lays out wrapped text over more than one pulse; a click aimed at the first position
     * (the robot moves the mouse there over several frames) could land beside the button.
     */
    private static void clickSettled(FxRobot robot, String query) throws Exception {
        Node n = robot.lookup(query).queryAs(Node.class);
        Bounds last = null;
        for (int i = 0; i < 50; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Bounds now = WaitForAsyncUtils.asyncFx(() -> n.localToScreen(n.getBoundsInLocal())).get(10, TimeUnit.SECONDS);
            if (now != null && now.equals(last)) break;
            last = now;
            Thread.sleep(40);
        }
        Bounds target = last;
        Bounds window = WaitForAsyncUtils.asyncFx(() -> {
            var w = n.getScene().getWindow();
            return new javafx.geometry.BoundingBox(w.getX(), w.getY(), w.getWidth(), w.getHeight());
        }).get(10, TimeUnit.SECONDS);
        assertTrue(target != null && window.contains(target.getCenterX(), target.getCenterY()),
                query + " at " + target + " is outside the window " + window);
        robot.clickOn(n);
    }

    /** Looks only in the builder's canvas: the Train tab's network view shows cards with the same ids. */
    private static org.testfx.service.query.NodeQuery canvasLookup(FxRobot robot, String query) {
        return robot.from(robot.lookup("#canvas").queryAs(Node.class)).lookup(query);
    }

    /** Saves and opens run on a file thread and finish on a frame: wait for them. */
    private void awaitFiles() throws Exception {
        settle();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !app().project().busyProperty().get());
        settle();
    }

    private AppViewModel app() {
        return window.app();
    }

    @Test
    void clickingACardSelectsItAndShowsItInTheInspector(FxRobot robot) {
        settle();
        robot.clickOn(canvasLookup(robot, "#node-dense1").queryAs(Node.class));
        settle();
        assertEquals(Set.of("dense1"), app().builder().selection());
        assertTrue(robot.lookup("#prop-units").tryQuery().isPresent(), "the inspector shows the layer's units");
    }

    @Test
    void draggingDenseFromThePaletteAddsItWhereItIsDropped(FxRobot robot) {
        settle();
        int before = app().commands().current().network().nodes().size();
        Node canvas = robot.lookup("#canvas").query();
        Bounds b = canvas.localToScreen(canvas.getBoundsInLocal());
        Point2D target = new Point2D(b.getMinX() + b.getWidth() * 0.8, b.getMinY() + b.getHeight() * 0.3);
        robot.drag("#palette-dense", MouseButton.PRIMARY).dropTo(target);
        settle();
        List<NodeSpec> nodes = app().commands().current().network().nodes();
        assertEquals(before + 1, nodes.size());
        NodeSpec added = nodes.get(nodes.size() - 1);
        assertTrue(added.layer() instanceof DenseSpec);
        assertEquals("cmd.addNode", app().commands().undoDescriptionProperty().get().key());
        assertTrue(canvasLookup(robot, "#node-" + added.id()).tryQuery().isPresent(), "a card appears");
    }

    @Test
    void wiringTwoCardsByDraggingFromAnOutputPort(FxRobot robot) {
        settle();
        // A fresh ReLU, then a wire from dense1's output port to it.
        String id = robot.interact(() -> app().builder().addLayer(new reslab.engine.spec.ReluSpec(), 600, 0)) == null ? null : "relu1";
        settle();
        String relu = app().commands().current().network().nodes().get(app().commands().current().network().nodes().size() - 1).id();
        NodeView from = canvasLookup(robot, "#node-dense1").queryAs(NodeView.class);
        Node port = from.lookup(".port-out");
        robot.drag(port, MouseButton.PRIMARY).dropTo(canvasLookup(robot, "#node-" + relu).queryAs(Node.class));
        settle();
        assertEquals(List.of("dense1"), app().commands().current().network().node(relu).orElseThrow().inputs());
        assertEquals("cmd.connect", app().commands().undoDescriptionProperty().get().key());
        assertTrue(canvasLookup(robot, "#wire-dense1-" + relu).tryQuery().isPresent(), "the wire is drawn");
    }

    @Test
    void aWireThatMakesALoopIsRefusedWithTheReason(FxRobot robot) {
        settle();
        robot.interact(() -> robot.lookup("#canvas").queryAs(reslab.app.builder.NetworkCanvas.class).fitToView());
        settle();
        var before = app().commands().current();
        Node port = canvasLookup(robot, "#node-output").queryAs(NodeView.class).lookup(".port-out");
        robot.drag(port, MouseButton.PRIMARY).dropTo(canvasLookup(robot, "#node-dense1").queryAs(Node.class));
        settle();
        assertEquals(before, app().commands().current(), "nothing changed");
        assertTrue(robot.lookup("#refusalBanner").queryLabeled().getText().contains("loop"),
                robot.lookup("#refusalBanner").queryLabeled().getText());
    }

    @Test
    void undoAndRedoFromTheKeyboardAndTheMenu(FxRobot robot) {
        settle();
        robot.clickOn(canvasLookup(robot, "#node-sigmoid1").queryAs(Node.class));
        robot.type(KeyCode.DELETE);
        settle();
        assertTrue(app().commands().current().network().node("sigmoid1").isEmpty());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        settle();
        assertTrue(app().commands().current().network().node("sigmoid1").isPresent(), "Ctrl+Z undid the delete");
        assertTrue(canvasLookup(robot, "#node-sigmoid1").tryQuery().isPresent());
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        settle();
        assertTrue(app().commands().current().network().node("sigmoid1").isEmpty(), "Ctrl+Y redid it");
        robot.clickOn("#undoButton");
        settle();
        assertTrue(app().commands().current().network().node("sigmoid1").isPresent(), "the toolbar's Undo");
    }

    @Test
    void saveAndReopenRestoreTheDesign(FxRobot robot) throws Exception {
        settle();
        robot.interact(() -> app().builder().move(Set.of("dense1"), 80, 0));
        var saved = app().commands().current();
        dialogs.nextSave = dir.resolve("lesson");
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        awaitFiles();
        Path file = dir.resolve("lesson" + ProjectFile.EXTENSION);
        assertTrue(Files.exists(file), "saved through the menu shortcut");
        assertFalse(app().commands().modifiedProperty().get());
        robot.interact(() -> app().builder().loadTemplate(Templates.find("chain-relu-6").orElseThrow()));
        dialogs.nextOpen = file;
        dialogs.unsavedAnswer = reslab.app.shell.Confirmations.UnsavedChoice.DISCARD;
        robot.press(KeyCode.CONTROL).type(KeyCode.O).release(KeyCode.CONTROL);
        awaitFiles();
        assertEquals(saved.network(), app().commands().current().network());
        assertEquals(saved.layout(), app().commands().current().layout());
        assertTrue(canvasLookup(robot, "#node-dense1").tryQuery().isPresent());
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }

    @Test
    void theAssistantFixesAMismatchedAdd(FxRobot robot) throws Exception {
        robot.interact(() -> app().project().newProject(TestDesigns.mismatchedResidual()));
        settle();
        robot.interact(() -> robot.lookup("#canvas").queryAs(reslab.app.builder.NetworkCanvas.class).fitToView());
        assertTrue(canvasLookup(robot, "#node-add1").queryAs(NodeView.class).problemProperty().get() != null, "add1 is red");
        robot.clickOn(canvasLookup(robot, "#node-add1").queryAs(Node.class));
        settle();
        assertTrue(robot.lookup("#fix-A").tryQuery().isPresent(), "option A offered");
        assertTrue(robot.lookup("#fix-C").tryQuery().isPresent(), "option C offered");
        clickSettled(robot, "#fix-B");
        settle();
        assertTrue(app().builder().analysis().valid(), app().builder().analysis().diagnostics().toString());
        assertEquals("cmd.shortcut.B", app().commands().undoDescriptionProperty().get().key());
        assertEquals(null, canvasLookup(robot, "#node-add1").queryAs(NodeView.class).problemProperty().get(), "add1 no longer red");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        settle();
        assertTrue(!app().builder().analysis().valid(), "undo brings the mismatch back");
    }

    @Test
    void aDamagedFileIsReportedAndChangesNothing(FxRobot robot) throws Exception {
        settle();
        var before = app().commands().current();
        Path bad = dir.resolve("broken.reslab");
        Files.writeString(bad, "garbage");
        dialogs.nextOpen = bad;
        robot.press(KeyCode.CONTROL).type(KeyCode.O).release(KeyCode.CONTROL);
        awaitFiles();
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("broken.reslab"));
        assertEquals(before, app().commands().current());
    }
}
