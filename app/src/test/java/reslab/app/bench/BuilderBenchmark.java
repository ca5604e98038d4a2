package reslab.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import reslab.app.AppViewModel;
import reslab.app.MainWindow;
import reslab.app.ResLabApp;
import reslab.app.TestDialogs;
import reslab.app.builder.NetworkCanvas;
import reslab.app.builder.NodeView;
import reslab.app.i18n.Language;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.zoo.Templates;

/**
 * Prints, for ResNet-34 and VGG-16 loaded into the builder's canvas: the time of shape
 * inference after one edit, the whole edit (command, inference, canvas update), and the frame
 * interval while a card is dragged (one drag event per frame). Goals from the issue: 10 ms
 * and 16 ms. A benchmark: it prints figures and asserts nothing. Runs headless (Monocle):
 *
 * <pre>mvn -q -pl app -am test-compile exec:java -Dexec.skip=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=reslab.app.bench.BuilderBenchmark</pre>
 */
public final class BuilderBenchmark {
    private BuilderBenchmark() {}

    public static void main(String[] args) throws Exception {
        for (String[] p : new String[][] {{"glass.platform", "Monocle"}, {"monocle.platform", "Headless"},
                {"prism.order", "sw"}, {"headless.geometry", "1920x1200-32"}}) {
            if (System.getProperty(p[0]) == null) System.setProperty(p[0], p[1]);
        }
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        for (String id : List.of("resnet34", "vgg16")) run(id);
        Platform.exit();
        System.exit(0);
    }

    private static void run(String templateId) throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        Holder h = new Holder();
        Platform.runLater(() -> {
            ResLabApp.loadBundledFonts();
            h.app = new AppViewModel(TestDialogs.tempStore(), List.of(Templates.find(templateId).orElseThrow()));
            h.stage = new Stage();
            h.window = new MainWindow(h.stage, h.app, Language.ENGLISH, () -> { }, l -> { }, new TestDialogs());
            h.stage.setWidth(1400);
            h.stage.setHeight(900);
            h.stage.show();
            h.window.shell().tabs().getSelectionModel().select(0);
            ready.countDown();
        });
        ready.await();
        Thread.sleep(1500); // first layout, CSS, fonts
        int nodes = h.app.commands().current().network().nodes().size();

        // Shape inference alone, after one edit (warm): median of 200.
        NodeSpec target = h.app.commands().current().network().nodes().stream()
                .filter(n -> n.layer() instanceof Conv2DSpec || n.layer() instanceof DenseSpec).skip(3).findFirst().orElseThrow();
        var edited = reslab.engine.shape.NetworkEdits.apply(h.app.commands().current().network(),
                List.of(new reslab.engine.shape.GraphEdit.ReplaceLayer(target.id(), widen(target.layer()))));
        double[] inference = new double[200];
        for (int i = 0; i < inference.length; i++) {
            long t = System.nanoTime();
            ShapeInference.analyze(edited);
            inference[i] = (System.nanoTime() - t) / 1e6;
        }

        // The whole edit on the FX thread: command, shape inference, canvas update.
        double[] edit = new double[20];
        for (int i = 0; i < edit.length; i++) {
            LayerSpec next = i % 2 == 0 ? widen(target.layer()) : target.layer();
            double[] ms = new double[1];
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                long t = System.nanoTime();
                h.app.builder().setLayer(target.id(), next);
                ms[0] = (System.nanoTime() - t) / 1e6;
                done.countDown();
            });
            done.await();
            edit[i] = ms[0];
            Thread.sleep(30);
        }

        // Dragging: one MOUSE_DRAGGED per frame on a card, frame intervals from an AnimationTimer.
        List<Double> intervals = new ArrayList<>();
        List<Double> handlerMs = new ArrayList<>();
        CountDownLatch dragged = new CountDownLatch(1);
        Platform.runLater(() -> {
            NetworkCanvas canvas = (NetworkCanvas) h.stage.getScene().lookup("#canvas");
            canvas.fitToView();
            // Node ids like "layer1.0.conv1" are not CSS-safe: find the card by its node id.
            NodeView card = (NodeView) h.stage.getScene().getRoot().lookupAll(".node-view").stream()
                    .filter(n -> ((NodeView) n).nodeId().equals(target.id())).findFirst().orElseThrow();
            var b = card.localToScene(card.getBoundsInLocal());
            double x0 = b.getCenterX(), y0 = b.getCenterY();
            javafx.scene.Node viewport = canvas.getChildrenUnmodifiable().get(0);
            fire(viewport, card, MouseEvent.MOUSE_PRESSED, x0, y0);
            new AnimationTimer() {
                long last;
                int frame;

                @Override
                public void handle(long now) {
                    if (last != 0) intervals.add((now - last) / 1e6);
                    last = now;
                    frame++;
                    long t = System.nanoTime();
                    fire(viewport, card, MouseEvent.MOUSE_DRAGGED, x0 + frame * 2, y0 + frame);
                    handlerMs.add((System.nanoTime() - t) / 1e6);
                    if (frame == 240) {
                        fire(viewport, card, MouseEvent.MOUSE_RELEASED, x0 + frame * 2, y0 + frame);
                        stop();
                        dragged.countDown();
                    }
                }
            }.start();
        });
        dragged.await(60, TimeUnit.SECONDS);
        double[] frames = intervals.stream().skip(10).mapToDouble(Double::doubleValue).toArray();
        double[] handler = handlerMs.stream().skip(10).mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "BENCH builder %s nodes=%d shape_inference_ms median=%.3f p99=%.3f  edit_ms median=%.2f max=%.2f  "
                        + "drag_frame_interval_ms median=%.1f p99=%.1f  drag_handler_ms median=%.2f p99=%.2f "
                        + "(goals: inference <= 10, frame <= 16; the interval cannot go below the 60 Hz pulse, 16.7)%n",
                templateId, nodes, pct(inference, 50), pct(inference, 99), pct(edit, 50), max(edit), pct(frames, 50), pct(frames, 99),
                pct(handler, 50), pct(handler, 99));
        CountDownLatch closed = new CountDownLatch(1);
        Platform.runLater(() -> {
            h.stage.hide();
            h.app.close(2000);
            closed.countDown();
        });
        closed.await();
    }

    private static void fire(javafx.scene.Node viewport, NodeView card, javafx.event.EventType<MouseEvent> type, double sceneX, double sceneY) {
        var p = viewport.sceneToLocal(sceneX, sceneY);
        MouseEvent e = new MouseEvent(viewport, card, type, p.getX(), p.getY(), sceneX, sceneY, MouseButton.PRIMARY, 1,
                false, false, false, false, true, false, false, false, false, false, null);
        javafx.event.Event.fireEvent(card, e);
    }

    private static LayerSpec widen(LayerSpec s) {
        if (s instanceof Conv2DSpec c) return new Conv2DSpec(c.filters() + 1, c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padding(), c.bias(), c.init());
        DenseSpec d = (DenseSpec) s;
        return new DenseSpec(d.units() + 1, d.init() == null ? Init.HE_NORMAL : d.init(), d.bias());
    }

    private static double pct(double[] v, double p) {
        if (v.length == 0) return Double.NaN;
        double[] c = v.clone();
        Arrays.sort(c);
        return c[Math.min(c.length - 1, (int) Math.ceil(p / 100 * c.length) - 1)];
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static final class Holder {
        AppViewModel app;
        Stage stage;
        MainWindow window;
    }
}
