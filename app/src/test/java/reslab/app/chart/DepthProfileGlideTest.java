package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The depth profile's glide, in a real (headless) window: bars redraw at most
 * {@code glideFrameRate} times a second while they move, and still arrive exactly.
 */
class DepthProfileGlideTest {
    private static Stage stage;
    private static DepthProfileChart chart;

    @BeforeAll
    static void open() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            chart = new DepthProfileChart();
            chart.setScale(new LogScale(-8, 0));
            stage = new Stage();
            stage.setScene(new Scene(chart, 700, 400));
            stage.show();
        }).get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get(30, TimeUnit.SECONDS);
    }

    private static DepthProfile profile(double exponent) {
        List<DepthProfile.Bar> bars = new ArrayList<>();
        for (int i = 0; i < 12; i++) bars.add(new DepthProfile.Bar("n" + i, "L" + i, Math.pow(10, exponent - i * 0.25)));
        return new DepthProfile(bars);
    }

    /** Pulse times (ns) at which any bar's height changed while the bars glide from one profile to another. */
    private static List<Long> redrawsWhileGliding(double framesPerSecond, double fromExponent, double toExponent) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            chart.setGlideFrameRate(framesPerSecond);
            chart.setProfile(profile(fromExponent));
        }).get(30, TimeUnit.SECONDS);
        awaitArrival();
        List<Long> redraws = new ArrayList<>();
        long[] pulse = new long[1];
        AnimationTimer clock = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulse[0] = now;
            }
        };
        WaitForAsyncUtils.asyncFx(() -> {
            clock.start();
            for (Node bar : chart.lookupAll(".depth-bar")) {
                ((Region) bar).heightProperty().addListener((o, a, b) -> {
                    if (redraws.isEmpty() || redraws.get(redraws.size() - 1) != pulse[0]) redraws.add(pulse[0]);
                });
            }
            chart.setProfile(profile(toExponent));
        }).get(30, TimeUnit.SECONDS);
        awaitArrival();
        WaitForAsyncUtils.asyncFx(clock::stop).get(30, TimeUnit.SECONDS);
        return redraws;
    }

    private static void awaitArrival() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean[] arrived = new boolean[1];
            WaitForAsyncUtils.asyncFx(() -> {
                DepthProfileChartSkin skin = (DepthProfileChartSkin) chart.getSkin();
                double[] shown = skin.shownExponents();
                double[] target = new double[shown.length];
                for (int i = 0; i < target.length; i++) target[i] = chart.getScale().exponent(chart.getProfile().bars().get(i).value());
                arrived[0] = java.util.Arrays.equals(shown, target);
            }).get(30, TimeUnit.SECONDS);
            if (arrived[0]) {
                Thread.sleep(200); // the last, capped redraw
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("bars did not arrive in 10 s");
    }

    private static double[] barHeights() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> chart.lookupAll(".depth-bar").stream()
                .mapToDouble(n -> ((Region) n).getHeight()).toArray()).get(30, TimeUnit.SECONDS);
    }

    @Test
    void capsRedrawsWhileGlidingAndStillArrivesExactly() throws Exception {
        List<Long> capped = redrawsWhileGliding(20, -1, -5);
        double[] cappedHeights = barHeights();
        assertTrue(capped.size() >= 4, "the bars glide over several frames, got " + capped.size());
        // After the one on arrival of the new profile (a full layout), redraws are 50 ms apart, give or take a pulse.
        for (int i = 2; i < capped.size(); i++) {
            long gap = capped.get(i) - capped.get(i - 1);
            assertTrue(gap >= 40_000_000L, "redraws " + gap / 1e6 + " ms apart at 20 a second: " + capped);
        }

        List<Long> every = redrawsWhileGliding(60, -1, -5);
        assertTrue(every.size() > capped.size(), "uncapped, the same glide redraws more often: " + every.size() + " vs " + capped.size());
        // Both end on the same, exact heights.
        assertArrayEquals(cappedHeights, barHeights(), 1e-9);
    }

    /** Bars creeping by a pixel or two, as in steady training, redraw at a quarter of the rate. */
    @Test
    void creepingBarsRedrawAtAQuarterOfTheRate() throws Exception {
        List<Long> creep = redrawsWhileGliding(20, -1, -1.045);
        double[] after = barHeights();
        redrawsWhileGliding(20, -1.045, -1);
        double[] before = barHeights();
        double largest = 0;
        for (int i = 0; i < after.length; i++) largest = Math.max(largest, Math.abs(after[i] - before[i]));
        assertTrue(largest >= 1 && largest < 3, "the creep moves bars by 1 or 2 pixels, got " + largest);
        assertTrue(!creep.isEmpty(), "the bars still move");
        for (int i = 2; i < creep.size(); i++) {
            long gap = creep.get(i) - creep.get(i - 1);
            assertTrue(gap >= 180_000_000L, "creeping redraws " + gap / 1e6 + " ms apart at 20 a second: " + creep);
        }
    }
}
