package reslab.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard fits the window, down to a small laptop's (1366 x 768 with a task bar and a
 * title bar leaves about 700 pixels) and the window's minimum: the depth section above, the
 * loss charts and the info panel below, none cut off and none overlapping, and the depth
 * chart's axis title within the chart.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardLayoutTest {
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        window = TestWindows.show(stage, new TestDialogs(), 1400, 900, "resnet20");
    }

    @AfterEach
    void close() {
        window.app().close(2000);
    }

    @ParameterizedTest
    @CsvSource({"1400, 860", "1366, 700", "1024, 700", "1920, 1080"})
    void everyPartFitsTheWindow(double width, double height, FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
            return null;
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            double sceneHeight = stage.getScene().getHeight();
            Bounds depth = inScene(robot.lookup(".depth-section").query());
            Bounds lower = inScene(robot.lookup(".lower-section").query());
            Bounds loss = inScene(robot.lookup("#lossChart").query());
            Bounds chart = inScene(robot.lookup("#depthChart").query());
            String at = width + " x " + height + ": ";
            assertTrue(lower.getMaxY() <= sceneHeight + 0.5, at + "the lower section ends at " + lower.getMaxY() + ", below the window's " + sceneHeight);
            assertTrue(depth.getMaxY() <= lower.getMinY() + 0.5, at + "the depth section (to " + depth.getMaxY() + ") runs into the lower one (from " + lower.getMinY() + ")");
            assertTrue(loss.getHeight() >= 120, at + "the loss chart is " + loss.getHeight() + " high");
            assertTrue(chart.getHeight() >= 160, at + "the depth chart is " + chart.getHeight() + " high");
            Node titleNode = robot.lookup("#depthChart").query().lookup(".axis-title");
            Bounds title = titleNode.localToScene(titleNode.getBoundsInLocal());
            assertTrue(title.getMinY() >= chart.getMinY() - 0.5 && title.getMaxY() <= chart.getMaxY() + 0.5,
                    at + "the depth chart's axis title (" + title.getMinY() + " to " + title.getMaxY() + ") overflows the chart ("
                            + chart.getMinY() + " to " + chart.getMaxY() + ")");
            Node plotNode = robot.lookup("#depthChart").query().lookup(".plot");
            double besideTitle = inScene(plotNode).getMinX() - title.getMaxX();
            assertTrue(besideTitle >= 0 && besideTitle <= 8.5, at + "the axis title's column leaves " + besideTitle + " px beside it");
            // The hint keeps its whole text: where the info panel is too short, it scrolls inside it.
            javafx.scene.control.Label hint = robot.lookup("#hintLabel").queryAs(javafx.scene.control.Label.class);
            assertFalse(hint.getText().isBlank(), "resnet20 has a hint");
            assertTrue(hint.getHeight() >= hint.prefHeight(hint.getWidth()) - 0.5, at + "the hint is cut: "
                    + hint.getHeight() + " high of the " + hint.prefHeight(hint.getWidth()) + " its text needs");
            Bounds hintView = inScene(robot.lookup("#hintScroll").query());
            Bounds info = inScene(robot.lookup(".info-panel").query());
            assertTrue(hintView.getMaxY() <= info.getMaxY() + 0.5 && hintView.getHeight() >= 20,
                    at + "the hint's view (" + hintView.getMinY() + " to " + hintView.getMaxY() + ") in the info panel (to " + info.getMaxY() + ")");
            return null;
        }).get();
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }
}
