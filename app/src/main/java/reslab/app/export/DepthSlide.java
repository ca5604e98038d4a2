package reslab.app.export;

import javafx.geometry.BoundingBox;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import reslab.app.chart.DepthProfileChart;
import reslab.app.chart.LogScale;
import reslab.app.main.MainViewModel;
import reslab.app.main.Metric;
import reslab.engine.telemetry.StepSnapshot;

/**
 * One frame of the depth-profile animation: a 1280x720 slide, off screen, with the title, the
 * step counter and the same chart control the window shows, in the presenter's large type. The
 * scale is fixed for the whole run so bars move against a steady axis. FX thread only.
 */
final class DepthSlide {
    static final int WIDTH = 1280, HEIGHT = 720;

    private final VBox root = new VBox();
    private final Label step = new Label();
    private final DepthProfileChart chart = new DepthProfileChart();
    private final Scene scene;
    private final SlideText text;
    private final Metric metric;

    DepthSlide(SlideText text, Metric metric, LogScale scale) {
        this.text = text;
        this.metric = metric;
        Label title = new Label(text.title());
        title.getStyleClass().add("export-slide-title");
        title.setId("slideTitle");
        step.getStyleClass().add("export-slide-step");
        step.setId("slideStep");
        step.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(16, title, gap, step);
        header.setAlignment(Pos.BASELINE_LEFT);
        chart.setAnimated(false);
        chart.setScale(scale);
        chart.setAxisTitle(text.axisTitle());
        chart.setInputCaption(text.inputCaption());
        chart.setOutputCaption(text.outputCaption());
        chart.setOutputBarLabel(text.outputBarLabel());
        VBox.setVgrow(chart, Priority.ALWAYS);
        root.getChildren().addAll(header, chart);
        root.getStyleClass().addAll("export-slide", "presenter");
        if (text.chinese()) root.getStyleClass().add("lang-zh");
        root.getStylesheets().addAll(css("app.css"), css("export.css"));
        root.setPrefSize(WIDTH, HEIGHT);
        root.setMinSize(WIDTH, HEIGHT);
        root.setMaxSize(WIDTH, HEIGHT);
        scene = new Scene(root, WIDTH, HEIGHT, Color.WHITE);
    }

    private static String css(String file) {
        return DepthSlide.class.getResource("/reslab/app/css/" + file).toExternalForm();
    }

    /** The frame for a recorded step of a run whose last step is {@code last}. */
    PixelImage render(StepSnapshot s, StepSnapshot last) throws ExportFailure {
        chart.setProfile(MainViewModel.profileOf(s, metric));
        step.setText(text.stepCaption().of(stepsDone(s), stepsDone(last)));
        root.applyCss();
        root.layout();
        return PixelImage.snapshot(new Picture(root, new BoundingBox(0, 0, WIDTH, HEIGHT), Color.WHITE), 1);
    }

    VBox root() { return root; }
    DepthProfileChart chart() { return chart; }

    /** Updates applied by the end of the step, as the dashboard counts them (a preview applied none). */
    static long stepsDone(StepSnapshot s) {
        return s.preview() ? s.step() : s.step() + 1;
    }

    /** Takes the chart out of its scene, which stops its animation clock. */
    void dispose() {
        scene.setRoot(new Group());
    }
}
