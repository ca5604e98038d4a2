package reslab.app.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.app.Await;
import reslab.app.main.MainViewModel;
import reslab.app.main.Metric;
import reslab.engine.telemetry.StepSnapshot;

/** The depth-profile animation: frames from a real run, read back with javax.imageio. */
class AnimationExportTest {
    private static final SlideText TEXT = new SlideText("chain-sigmoid-6-residual: backpropagated gradient", "gradient",
            "input", "output", "out", (done, total) -> "Step " + done + " / " + total, false);
    @TempDir
    Path dir;
    private ExportViewModel vm;

    @BeforeAll
    static void fx() throws Exception {
        ExportFixtures.startFx();
    }

    @AfterEach
    void close() {
        if (vm != null) vm.close();
    }

    private ExportViewModel exports(List<StepSnapshot> run) {
        vm = new ExportViewModel(() -> run, () -> Metric.BACKPROPAGATED_GRADIENT, ExportFixtures.NO_MODEL, new SimpleObjectProperty<>(), javafx.application.Platform::runLater);
        return vm;
    }

    private CompletableFuture<ExportViewModel.Outcome> animate(List<StepSnapshot> run, Path target) throws Exception {
        return ExportFixtures.fx(() -> exports(run).animation(TEXT, target));
    }

    /** A run longer than an animation: the recorded snapshots copied to later steps, as a long run would record them. */
    private static List<StepSnapshot> longRun(int steps) {
        List<StepSnapshot> base = ExportFixtures.run("chain-sigmoid-6-residual", 12);
        List<StepSnapshot> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            StepSnapshot s = base.get(i % base.size());
            out.add(new StepSnapshot(1, i, s.loss(), s.accuracy(), false, s.nodes()));
        }
        return out;
    }

    @Test
    void gifHasAFramePerRecordedStepLoopsForeverAndHoldsTheLastFrame() throws Exception {
        List<StepSnapshot> run = ExportFixtures.run("chain-sigmoid-6-residual", 12);
        Path target = dir.resolve("run.gif");
        ExportViewModel.Outcome o = animate(run, target).get(120, TimeUnit.SECONDS);
        assertEquals(ExportViewModel.Outcome.Status.DONE, o.status(), String.valueOf(o.failure()));

        try (ImageInputStream in = ImageIO.createImageInputStream(target.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertEquals(run.size(), r.getNumImages(true));
            IIOMetadataNode stream = (IIOMetadataNode) r.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0");
            IIOMetadataNode size = (IIOMetadataNode) stream.getElementsByTagName("LogicalScreenDescriptor").item(0);
            assertEquals("1280", size.getAttribute("logicalScreenWidth"));
            assertEquals("720", size.getAttribute("logicalScreenHeight"));
            IIOMetadataNode first = (IIOMetadataNode) r.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode loop = (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
            assertEquals("NETSCAPE", loop.getAttribute("applicationID"));
            assertEquals("2.0", loop.getAttribute("authenticationCode"));
            assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) loop.getUserObject(), "loop count 0: forever");
            assertEquals("10", delay(r, 0), "10 frames a second");
            assertEquals("300", delay(r, run.size() - 1), "the last frame stays 3 s");
            // Played back (each frame drawn over the last), the first and last frames are the slides of those steps.
            java.awt.image.BufferedImage screen = new java.awt.image.BufferedImage(1280, 720, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < run.size(); i++) {
                IIOMetadataNode m = (IIOMetadataNode) r.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode d = (IIOMetadataNode) m.getElementsByTagName("ImageDescriptor").item(0);
                screen.getGraphics().drawImage(r.read(i), Integer.parseInt(d.getAttribute("imageLeftPosition")),
                        Integer.parseInt(d.getAttribute("imageTopPosition")), null);
                if (i == 0) assertLooksLike(slide(run.get(0), run.get(run.size() - 1)), screen, "first frame");
            }
            assertLooksLike(slide(run.get(run.size() - 1), run.get(run.size() - 1)), screen, "last frame");
        }
    }

    private static PixelImage slide(StepSnapshot s, StepSnapshot last) throws Exception {
        return ExportFixtures.fx(() -> {
            DepthSlide slide = new DepthSlide(TEXT, Metric.BACKPROPAGATED_GRADIENT, MainViewModel.DEFAULT_SCALE);
            try {
                return slide.render(s, last);
            } finally {
                slide.dispose();
            }
        });
    }

    /** The same picture up to the palette: white exactly white, every pixel close, on average very close. */
    private static void assertLooksLike(PixelImage expected, java.awt.image.BufferedImage actual, String what) {
        long total = 0;
        int worst = 0;
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width(); x++) {
                int e = expected.argb()[y * expected.width() + x] & 0xffffff, a = actual.getRGB(x, y) & 0xffffff;
                if (e == 0xffffff) assertEquals(0xffffff, a, what + ": white at " + x + "," + y);
                int d = Math.max(Math.abs((e >> 16) - (a >> 16)), Math.max(Math.abs(((e >> 8) & 255) - ((a >> 8) & 255)), Math.abs((e & 255) - (a & 255))));
                worst = Math.max(worst, d);
                total += d;
            }
        }
        double mean = total / (double) (expected.width() * expected.height());
        assertTrue(worst <= 48, what + ": worst channel error " + worst);
        assertTrue(mean < 1.0, what + ": mean channel error " + mean);
    }

    private static String delay(ImageReader r, int frame) throws Exception {
        IIOMetadataNode m = (IIOMetadataNode) r.getImageMetadata(frame).getAsTree("javax_imageio_gif_image_1.0");
        return ((IIOMetadataNode) m.getElementsByTagName("GraphicControlExtension").item(0)).getAttribute("delayTime");
    }

    @Test
    void eachFrameShowsItsStepAndTheBarsOfThatStep() throws Exception {
        List<StepSnapshot> run = ExportFixtures.run("chain-sigmoid-6-residual", 12);
        StepSnapshot first = run.get(0), last = run.get(run.size() - 1);
        DepthSlide slide = ExportFixtures.fx(() -> new DepthSlide(TEXT, Metric.BACKPROPAGATED_GRADIENT, MainViewModel.DEFAULT_SCALE));
        try {
            PixelImage a = ExportFixtures.fx(() -> slide.render(first, last));
            assertEquals("Step 1 / 12", ExportFixtures.fx(() -> ((javafx.scene.control.Label) slide.root().lookup("#slideStep")).getText()));
            double[] shownA = ExportFixtures.fx(() -> ((reslab.app.chart.DepthProfileChartSkin) slide.chart().getSkin()).shownExponents());
            PixelImage b = ExportFixtures.fx(() -> slide.render(last, last));
            assertEquals("Step 12 / 12", ExportFixtures.fx(() -> ((javafx.scene.control.Label) slide.root().lookup("#slideStep")).getText()));
            double[] shownB = ExportFixtures.fx(() -> ((reslab.app.chart.DepthProfileChartSkin) slide.chart().getSkin()).shownExponents());
            var scale = MainViewModel.DEFAULT_SCALE;
            var bars = MainViewModel.profileOf(last, Metric.BACKPROPAGATED_GRADIENT).bars();
            for (int i = 0; i < bars.size(); i++) assertEquals(scale.exponent(bars.get(i).value()), shownB[i], 1e-9, "bar " + i);
            assertFalse(java.util.Arrays.equals(shownA, shownB), "the bars moved between the frames");
            assertEquals(DepthSlide.WIDTH, a.width());
            assertEquals(DepthSlide.HEIGHT, a.height());
            assertNotEquals(java.util.Arrays.hashCode(a.argb()), java.util.Arrays.hashCode(b.argb()));
        } finally {
            ExportFixtures.fx(() -> {
                slide.dispose();
                return null;
            });
        }
    }

    @Test
    void aLongRunIsSubsampledToAtMostAHundredFramesEvenlyOverItsSteps() {
        List<StepSnapshot> run = longRun(1000);
        List<StepSnapshot> frames = FramePlan.pick(run, FramePlan.MAX_FRAMES);
        assertEquals(100, frames.size());
        assertEquals(0, frames.get(0).step());
        assertEquals(999, frames.get(frames.size() - 1).step());
        for (int i = 1; i < frames.size(); i++) {
            long gap = frames.get(i).step() - frames.get(i - 1).step();
            assertTrue(gap >= 9 && gap <= 11, "even spacing, got " + gap + " at frame " + i);
        }
        List<StepSnapshot> shortRun = longRun(7);
        assertEquals(shortRun, FramePlan.pick(shortRun, FramePlan.MAX_FRAMES), "a short run keeps every step");
    }

    @Test
    void cancellingWhileItRendersLeavesNoFileAndSaysSo() throws Exception {
        Path target = dir.resolve("cancelled.gif");
        CompletableFuture<ExportViewModel.Outcome> f = animate(longRun(1000), target);
        Await.until("a few frames", 60_000, () -> { }, () -> vm.framesDoneProperty().get() >= 2);
        ExportFixtures.fx(() -> {
            vm.cancel();
            return null;
        });
        ExportViewModel.Outcome o = f.get(60, TimeUnit.SECONDS);
        assertEquals(ExportViewModel.Outcome.Status.CANCELLED, o.status());
        assertTrue(ExportFixtures.fx(() -> vm.framesDoneProperty().get()) < 100, "stopped early");
        assertEquals(List.of(), CsvExportTest.listing(dir), "no file, no temporary file");
        assertEquals(null, ExportFixtures.fx(() -> vm.runningProperty().get()));
    }

    @Test
    void aMissingFolderIsRefusedBeforeAnyFrameIsRendered() throws Exception {
        Path target = dir.resolve("gone").resolve("run.gif");
        ExportViewModel.Outcome o = animate(ExportFixtures.run("chain-sigmoid-6-residual", 12), target).get(10, TimeUnit.SECONDS);
        assertEquals(ExportFailure.Reason.NO_FOLDER, o.failure().reason());
        assertEquals(0, ExportFixtures.fx(() -> vm.framesTotalProperty().get()));
        assertFalse(Files.exists(target.getParent()));
    }

    @Test
    void oneSharedPaletteKeepsFlatColoursExact() {
        GifPalette p = new GifPalette();
        int[] px = new int[1000];
        java.util.Arrays.fill(px, 0, 700, 0xffffff);
        java.util.Arrays.fill(px, 700, 900, 0x1a4fa0);
        java.util.Arrays.fill(px, 900, 1000, 0x1d2430);
        p.sample(new PixelImage(1000, 1, px, true));
        for (int i = 0; i < 300; i++) p.add((i * 0x010203) & 0xffffff, 1);
        p.build();
        assertTrue(p.size() <= 256);
        var cm = p.colorModel();
        for (int c : new int[] {0xffffff, 0x1a4fa0, 0x1d2430}) assertEquals(c, cm.getRGB(p.index(c)) & 0xffffff, Integer.toHexString(c));
    }
}
