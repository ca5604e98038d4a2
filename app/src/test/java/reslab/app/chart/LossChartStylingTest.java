package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The loss chart builds its axes and markers during layout. Whatever it builds there must be
 * styled in the same pass: a node left for the next pulse's CSS pass changes a pulse later and
 * makes the window draw a second frame for every training step (in software rendering, a copy
 * of the whole frame).
 */
class LossChartStylingTest {
    private static Stage stage;
    private static LossChart chart;

    @BeforeAll
    static void open() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            chart = new LossChart();
            Scene scene = new Scene(chart, 700, 300);
            scene.getStylesheets().add(LossChart.class.getResource("/reslab/app/css/app.css").toExternalForm());
            stage = new Stage();
            stage.setScene(scene);
            stage.show();
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterAll
    static void close() throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get(30, TimeUnit.SECONDS);
    }

    @Test
    void markersMadeInALayoutPassAreStyledInIt() throws Exception {
        // One runnable: no pulse (and so no CSS pass) between the new series, the layout and the
        // look at what it made.
        List<String> markers = WaitForAsyncUtils.asyncFx(() -> {
            LossSeries.Builder train = new LossSeries.Builder(), test = new LossSeries.Builder();
            for (int step = 1; step <= 40; step++) train.add(step, 2.0 / step);
            for (int step = 10; step <= 40; step += 10) test.add(step, 2.5 / step);
            chart.setSeries(train.build());
            chart.secondarySeriesProperty().set(test.build());
            chart.layout();
            return descendants(chart).stream().filter(n -> n instanceof Circle && n.isVisible()).map(n -> (Circle) n)
                    .map(c -> c.getFill() + " " + c.getStroke() + " " + c.getStrokeWidth()).collect(Collectors.toList());
        }).get(30, TimeUnit.SECONDS);
        assertEquals(4, markers.size(), "one marker per test point");
        // Fill, stroke and width from app.css (a Circle's own defaults are black, none, 1).
        String styled = Color.WHITE + " " + Color.web("#1a4fa0") + " 2.0";
        for (String m : markers) assertEquals(styled, m);
    }

    /** Test points closer than two marker widths apart get no markers, which would hide the training line. */
    @Test
    void crowdedTestPointsDrawNoMarkers() throws Exception {
        Object[] shown = WaitForAsyncUtils.asyncFx(() -> {
            chart.primaryNameProperty().set("train");
            chart.secondaryNameProperty().set("test");
            chart.setSeries(series(60, 3.0));                           // steps 10 ... 600
            chart.secondarySeriesProperty().set(everyNthStep(10, 600));  // about 10 px apart in a 700 px chart
            chart.layout();
            int crowded = visibleMarkers();
            String crowdedLegend = legendText();
            chart.secondarySeriesProperty().set(everyNthStep(20, 600));  // about 20 px apart
            chart.layout();
            Object[] r = {crowded, crowdedLegend, visibleMarkers(), legendText()};
            chart.primaryNameProperty().set(null);
            chart.secondaryNameProperty().set(null);
            return r;
        }).get(30, TimeUnit.SECONDS);
        assertEquals(0, shown[0], "60 test points 10 px apart");
        assertEquals("━ train    ━ test", shown[1], "the legend without the marker");
        assertEquals(30, shown[2], "30 test points 20 px apart");
        assertEquals("━ train    ●━ test", shown[3], "the legend with the marker");
    }

    private static String legendText() {
        return descendants(chart).stream().filter(n -> n.getStyleClass().contains("chart-legend"))
                .map(n -> ((javafx.scene.control.Label) n).getText()).findFirst().orElseThrow();
    }

    private static LossSeries everyNthStep(int n, int last) {
        LossSeries.Builder b = new LossSeries.Builder();
        for (int step = n; step <= last; step += n) b.add(step, 1.0 / step);
        return b.build();
    }

    private static int visibleMarkers() {
        return (int) descendants(chart).stream().filter(n -> n instanceof Circle && n.isVisible()).count();
    }

    /**
     * A redraw with new data reuses the chart's nodes: a node added during layout marks the
     * scene for a CSS pass, which runs in the next pulse and draws a frame of its own.
     */
    @Test
    void aRedrawWithNewDataAddsNoNodes() throws Exception {
        Object[] result = WaitForAsyncUtils.asyncFx(() -> {
            chart.setSeries(series(70, 3.0));
            chart.secondarySeriesProperty().set(series(7, 2.0));
            chart.layout();
            java.util.Set<Node> before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            before.addAll(descendants(chart));
            String labelsBefore = visibleTexts();
            chart.setSeries(series(55, 2.5));
            chart.secondarySeriesProperty().set(series(6, 1.5));
            chart.layout();
            List<Node> after = descendants(chart);
            return new Object[] {before.containsAll(after) && after.size() == before.size(), labelsBefore, visibleTexts()};
        }).get(30, TimeUnit.SECONDS);
        assertEquals(true, result[0], "the same nodes before and after the redraw");
        assertNotEquals(result[1], result[2], "the redraw changed the tick labels (the x axis shrank): " + result[2]);
    }

    private static LossSeries series(int steps, double scale) {
        LossSeries.Builder b = new LossSeries.Builder();
        for (int step = 1; step <= steps; step++) b.add(step * 10, scale / step);
        return b.build();
    }

    private static String visibleTexts() {
        return descendants(chart).stream().filter(n -> n instanceof javafx.scene.text.Text && n.isVisible())
                .map(n -> ((javafx.scene.text.Text) n).getText()).collect(Collectors.joining(" "));
    }

    private static List<Node> descendants(Parent p) {
        List<Node> out = new java.util.ArrayList<>();
        for (Node n : p.getChildrenUnmodifiable()) {
            out.add(n);
            if (n instanceof Parent q) out.addAll(descendants(q));
        }
        return out;
    }
}
