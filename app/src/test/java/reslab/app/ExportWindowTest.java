package reslab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import reslab.engine.train.Trainer;

/** Exports from the window: File > Export and a chart's context menu, with the file dialog answered beforehand. */
@ExtendWith(ApplicationExtension.class)
class ExportWindowTest {
    @TempDir
    Path dir;
    private final TestDialogs dialogs = new TestDialogs();
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = TestWindows.show(stage, dialogs, 1400, 900, "chain-sigmoid-6-residual");
    }

    @AfterEach
    void close() {
        window.app().close(2000);
    }

    private void trainSteps(FxRobot robot, int n) throws Exception {
        var vm = window.app().training();
        Await.onFx("ready", 30, () -> vm.stateProperty().get() == Trainer.State.READY);
        for (int i = 0; i < n; i++) robot.clickOn("#stepButton");
        Await.onFx(n + " steps", 30, () -> vm.stepsDoneProperty().get() == n && vm.stateProperty().get() == Trainer.State.PAUSED);
    }

    /**
     * Clicks through open menus by their items' texts (a menu item is no node with an id; its
     * text is). The pointer goes sideways first, then straight down or up, as a hand does: a
     * diagonal path would cross other items and close the submenu it is heading for.
     */
    private static void menu(FxRobot robot, String... path) {
        for (String text : path) {
            WaitForAsyncUtils.waitForFxEvents();
            Node item = robot.lookup(".context-menu").queryAll().stream()
                    .flatMap(popup -> robot.from(popup).lookup(org.testfx.matcher.control.LabeledMatchers.hasText(text)).queryAll().stream())
                    .filter(n -> n.getScene() != null)
                    .findFirst().orElseThrow(() -> new AssertionError("no menu item " + text));
            javafx.geometry.Bounds b = item.localToScreen(item.getBoundsInLocal());
            javafx.geometry.Point2D at = robot.robotContext().getBaseRobot().retrieveMouse();
            robot.moveTo(new javafx.geometry.Point2D(b.getCenterX(), at.getY()));
            robot.clickOn(item);
        }
    }

    private String exportStatus(FxRobot robot) {
        return robot.lookup("#exportStatus").queryAs(Label.class).getText();
    }

    @Test
    void fileExportWritesTheDepthProfileAtTwiceItsSizeAndSaysWhere(FxRobot robot) throws Exception {
        trainSteps(robot, 3);
        robot.interact(() -> window.app().training().viewProperty().set(reslab.app.main.DashboardView.HEATMAP));
        Path target = dir.resolve("depth@2x.png");
        dialogs.nextExport = target;
        Node chart = robot.lookup("#depthChart").query();
        // Its size when it is drawn, as the export starts: the export bar that then appears takes height from the dashboard.
        var drawnAt = new java.util.concurrent.atomic.AtomicReference<javafx.geometry.Bounds>();
        robot.interact(() -> window.app().export().runningProperty().addListener((o, was, now) -> {
            if (now != null && drawnAt.get() == null) drawnAt.set(chart.getLayoutBounds());
        }));
        robot.clickOn("File");
        menu(robot, "Export", "Depth profile", "PNG (2×)...");
        Await.onFx("the picture", 30, () -> window.app().export().runningProperty().get() == null && Files.exists(target));

        assertTrue(chart.isVisible(), "the menu brought the depth profile into view");
        var image = ImageIO.read(target.toFile());
        javafx.geometry.Bounds drawn = drawnAt.get();
        assertEquals(2 * (int) Math.ceil(drawn.getWidth()), image.getWidth());
        assertEquals(2 * (int) Math.ceil(drawn.getHeight()), image.getHeight());
        assertEquals("png", dialogs.exportTypes.get(dialogs.exportTypes.size() - 1).extension());
        assertTrue(exportStatus(robot).contains(target.toAbsolutePath().toString()), exportStatus(robot));
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }

    @Test
    void theLossChartsContextMenuWritesItAsSvg(FxRobot robot) throws Exception {
        trainSteps(robot, 4);
        Path target = dir.resolve("loss.svg");
        dialogs.nextExport = target;
        // Headless Monocle turns no right click into a context-menu request; send the one a desktop sends.
        Node chart = robot.lookup("#lossChart").query();
        robot.moveTo(chart);
        robot.interact(() -> {
            javafx.geometry.Bounds b = chart.getLayoutBounds(), screen = chart.localToScreen(b);
            javafx.event.Event.fireEvent(chart, new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    b.getCenterX(), b.getCenterY(), screen.getCenterX(), screen.getCenterY(), false, null));
        });
        menu(robot, "Export as SVG...");
        Await.onFx("the drawing", 30, () -> window.app().export().runningProperty().get() == null && Files.exists(target));
        String svg = Files.readString(target);
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(svg)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.contains("class=\"series-line\""), "the curve as vectors");
        assertFalse(svg.contains("<image"), "no embedded bitmap");
    }

    @Test
    void aFailedExportLeavesNoFileAndSaysWhy(FxRobot robot) throws Exception {
        Path gone = dir.resolve("gone");
        dialogs.nextExport = gone.resolve("loss.png");
        robot.clickOn("File");
        menu(robot, "Export", "Loss", "PNG...");
        Await.onFx("the failure", 10, () -> !dialogs.errors.isEmpty());
        assertEquals("Export failed: loss.png was not written: the folder " + gone.toAbsolutePath() + " does not exist.", dialogs.errors.get(0));
        assertTrue(exportStatus(robot).contains("was not written"), exportStatus(robot));
        assertTrue(robot.lookup("#exportBar").query().isVisible(), "said in the window too");
        assertEquals(List.of(), Files.list(dir).toList());
    }

    @Test
    void aModelOfAnInvalidDesignIsRefusedWithItsProblemBeforeAFileIsChosen(FxRobot robot) throws Exception {
        robot.interact(() -> window.app().project().newProject(TestDesigns.mismatchedResidual()));
        dialogs.nextExport = dir.resolve("broken.onnx");
        robot.clickOn("File");
        menu(robot, "Export", "Export model (ONNX)...");
        Await.onFx("the refusal", 10, () -> !dialogs.errors.isEmpty());
        assertTrue(dialogs.exportTypes.isEmpty(), "no file dialog");
        String error = dialogs.errors.get(0);
        var problems = reslab.engine.shape.ShapeInference.analyze(TestDesigns.mismatchedResidual().network()).diagnostics();
        String engine = problems.get(0).message();
        assertEquals("The design has problems, so it cannot be exported as a model. Fix them first (" + problems.size() + ")",
                exportStatus(robot), "the strip has the first line; the dialog lists them");
        assertTrue(error.startsWith("Export failed: "), error);
        assertTrue(error.contains("add1: " + engine), "the engine's diagnostic, with its node: " + error);
        assertEquals(List.of(), Files.list(dir).toList());
    }

    @Test
    void theTrainedModelIsWrittenFromTheMenu(FxRobot robot) throws Exception {
        trainSteps(robot, 2);
        Path target = dir.resolve("model.onnx");
        dialogs.nextExport = target;
        robot.clickOn("File");
        menu(robot, "Export", "Export model (ONNX)...");
        Await.onFx("the model", 60, () -> window.app().export().runningProperty().get() == null && Files.exists(target));
        assertTrue(Files.size(target) > 1000, "weights included");
        assertEquals("onnx", dialogs.exportTypes.get(0).extension());
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }
}
