package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The depth profile's glide, in a real (headless) window, driven frame by frame at 60 frames
 * a second of simulated time: bars redraw at most {@code glideFrameRate} times a second while
 * they move visibly, only once when they only creep, and still arrive exactly.
 */
class DepthProfileGlideTest {
    private static final long FRAME_NANOS = 1_000_000_000L / 60;
    private static Stage stage;
    private static DepthProfileChart chart;
    private static DepthProfileChartSkin skin;
    private static long now = 1_000_000_000L;
    private static long glideStart;   // when the last glide's new profile was set

    @BeforeAll
    static void open() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> {
            chart = new DepthProfileChart();
            chart.setScale(new LogScale(-8, 0));
            stage = new Stage();
            stage.setScene(new Scene(chart, 700, 400));
            stage.show();
            skin = (DepthProfileChartSkin) chart.getSkin();
            skin.driveByHand();
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

    /**
     * Settles on one profile, then glides to another for three simulated seconds; returns the
     * frame times (ns) at which any bar's height changed.
     */
    private static List<Long> redrawsWhileGliding(double framesPerSecond, double fromExponent, double toExponent) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            chart.setGlideFrameRate(framesPerSecond);
            chart.setProfile(profile(fromExponent));
            chart.layout();
            run(3);
            List<Long> redraws = new ArrayList<>();
            javafx.beans.value.ChangeListener<Number> record = (o, a, b) -> {
                if (redraws.isEmpty() || redraws.get(redraws.size() - 1) != now) redraws.add(now);
            };
            List<Region> bars = chart.lookupAll(".depth-bar").stream().map(n -> (Region) n).toList();
            bars.forEach(bar -> bar.heightProperty().addListener(record));
            chart.setProfile(profile(toExponent));
            glideStart = now;
            chart.layout();   // the full layout a new profile gets; heights are still the old ones
            run(3);
            bars.forEach(bar -> bar.heightProperty().removeListener(record));
            return redraws;
        }).get(30, TimeUnit.SECONDS);
    }

    /** Frames of simulated time, 60 a second. */
    private static void run(double seconds) {
        for (int f = 0; f < seconds * 60; f++) {
            now += FRAME_NANOS;
            skin.animate(now);
        }
    }

    private static double[] barHeights() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> chart.lookupAll(".depth-bar").stream()
                .mapToDouble(n -> ((Region) n).getHeight()).toArray()).get(30, TimeUnit.SECONDS);
    }

    private static double[] targetHeights(double exponent) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            chart.setAnimated(false);
            chart.setProfile(profile(exponent));
            chart.layout();
            double[] h = chart.lookupAll(".depth-bar").stream().mapToDouble(n -> ((Region) n).getHeight()).toArray();
            chart.setAnimated(true);
            return h;
        }).get(30, TimeUnit.SECONDS);
    }

    private static long smallestGap(List<Long> times) {
        long least = Long.MAX_VALUE;
        for (int i = 1; i < times.size(); i++) least = Math.min(least, times.get(i) - times.get(i - 1));
        return least;
    }

    @Test
    void capsRedrawsWhileGlidingAndStillArrivesExactly() throws Exception {
        List<Long> capped = redrawsWhileGliding(20, -1, -5);
        double[] cappedHeights = barHeights();
        assertTrue(capped.size() >= 4, "the bars glide over several frames, got " + capped.size());
        assertTrue(smallestGap(capped) >= 3 * FRAME_NANOS, "at 20 a second, every third frame at most: " + capped);

        List<Long> every = redrawsWhileGliding(60, -1, -5);
        assertTrue(every.size() > capped.size(), "uncapped, the same glide redraws more often: " + every.size() + " vs " + capped.size());
        assertTrue(smallestGap(every) == FRAME_NANOS, "uncapped, on consecutive frames");
        // Both end on the same heights, those of the profile drawn without a glide.
        assertArrayEquals(cappedHeights, barHeights(), 1e-9);
        assertArrayEquals(targetHeights(-5), cappedHeights, 1e-9);
    }

    /**
     * Bars creeping by a pixel or two, as in steady training, draw no frame of their own while
     * they glide (the next profile's frame lays them out where they are): only once, when the
     * glide comes to rest, exactly on the target.
     */
    @Test
    void creepingBarsDrawOnlyWhenTheyComeToRest() throws Exception {
        double[] start = targetHeights(-1), end = targetHeights(-1.045);
        double largest = 0;
        for (int i = 0; i < start.length; i++) largest = Math.max(largest, Math.abs(end[i] - start[i]));
        assertTrue(largest >= 1 && largest < 3, "the creep moves bars by 1 or 2 pixels, got " + largest);

        List<Long> creep = redrawsWhileGliding(20, -1, -1.045);
        assertEquals(1, creep.size(), "one frame, when the glide comes to rest: " + creep);
        // The glide's time constant is 0.12 s: resting takes a few tenths of a second, not the first frame.
        double after = (creep.get(0) - glideStart) / 1e9;
        assertTrue(after >= 0.2, "drawn when the glide has come to rest, not at once: after " + after + " s");
        assertArrayEquals(end, barHeights(), 1e-9);
    }
}
