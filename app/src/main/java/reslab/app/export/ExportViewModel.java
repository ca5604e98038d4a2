package reslab.app.export;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import reslab.app.chart.ColorScale;
import reslab.app.chart.DepthProfile;
import reslab.app.chart.LogScale;
import reslab.app.main.MainViewModel;
import reslab.app.main.Metric;
import reslab.engine.cli.TelemetryCsv;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.graph.InvalidNetworkException;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.onnx.OnnxExport;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.telemetry.StepSnapshot;

/**
 * Exports: pictures of the views, the run's telemetry and the design's summary as CSV, the
 * depth-profile animation as GIF, and the trained network as ONNX. One at a time, on a worker thread; each command returns at
 * once with the outcome's future. What must read the scene graph (a snapshot, the SVG walk, a
 * frame) runs on the FX thread, one short task at a time; encoding and writing never does.
 * Results reach the properties in one place ({@link #publish}). A failed or cancelled export
 * leaves no file behind ({@link ExportFile}).
 */
public final class ExportViewModel implements AutoCloseable {
    public enum Job { PICTURE, TELEMETRY, SUMMARY, ANIMATION, MODEL }

    /**
     * How an export ended. {@code failure} is set when it FAILED; {@code sequence} tells two
     * equal endings apart (the same file exported twice).
     */
    public record Outcome(Job job, Path target, Status status, ExportFailure failure, long sequence) {
        public enum Status { DONE, FAILED, CANCELLED }
    }

    /** Frames per second of the animation, and how long its last frame stays. */
    static final int FRAME_CENTIS = 10, LAST_FRAME_CENTIS = 300;

    private final Supplier<List<StepSnapshot>> recordedRun;
    private final Supplier<Metric> metric;
    private final Supplier<CompletableFuture<MainViewModel.ModelWeights>> model;
    private final ReadOnlyObjectProperty<ProjectDocument> document;
    private final Executor fx;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reslab-export");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyObjectWrapper<Job> running = new ReadOnlyObjectWrapper<>(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyIntegerWrapper framesDone = new ReadOnlyIntegerWrapper(this, "framesDone");
    private final ReadOnlyIntegerWrapper framesTotal = new ReadOnlyIntegerWrapper(this, "framesTotal");
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private Consumer<Outcome> onOutcome = o -> { };
    private volatile boolean cancelRequested;
    private long sequence;

    /**
     * @param recordedRun the current run's snapshots, oldest first (the trainer's history)
     * @param metric      the gradient the depth profile shows now
     * @param model       the network and its current weights, copied between training steps
     *                    ({@link MainViewModel#captureModel}); called on the FX thread
     * @param document    the design
     * @param fx          runs a task on the FX thread ({@code Platform::runLater} in the app)
     */
    public ExportViewModel(Supplier<List<StepSnapshot>> recordedRun, Supplier<Metric> metric,
                           Supplier<CompletableFuture<MainViewModel.ModelWeights>> model,
                           ReadOnlyObjectProperty<ProjectDocument> document, Executor fx) {
        this.recordedRun = recordedRun;
        this.metric = metric;
        this.model = model;
        this.document = document;
        this.fx = fx;
    }

    // ---- commands (FX thread) ----

    /** A picture of a view; the picture is taken now, written on the worker. */
    public CompletableFuture<Outcome> picture(Picture picture, PictureFormat format, Path target) {
        if (picture.region().getWidth() < 1 || picture.region().getHeight() < 1) {
            return refuse(Job.PICTURE, target, new ExportFailure(ExportFailure.Reason.EMPTY, target.getFileName().toString()));
        }
        if (isRunning()) return refuse(Job.PICTURE, target, busy());
        ExportFile.Content content;
        try {
            if (format == PictureFormat.SVG) {
                byte[] svg = SceneSvg.write(picture).getBytes(StandardCharsets.UTF_8);
                content = out -> out.write(svg);
            } else {
                PixelImage pixels = PixelImage.snapshot(picture, format.scale());
                content = out -> pixels.writePng(out, format.scale());
            }
        } catch (ExportFailure f) {
            return refuse(Job.PICTURE, target, f);
        }
        return start(Job.PICTURE, target, () -> ExportFile.write(target, out -> {
            checkCancel();
            content.writeTo(out);
            checkCancel();
        }));
    }

    /** The run's telemetry in the CLI's {@code step,node,metric,value} form. */
    public CompletableFuture<Outcome> telemetry(Path target) {
        List<StepSnapshot> run = recordedRun.get();
        if (run.isEmpty()) return refuse(Job.TELEMETRY, target, nothingRecorded());
        if (isRunning()) return refuse(Job.TELEMETRY, target, busy());
        return start(Job.TELEMETRY, target, () -> ExportFile.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            TelemetryCsv.writeHeader(w);
            for (StepSnapshot s : run) {
                checkCancel();
                TelemetryCsv.write(w, s);
            }
            w.flush();
        }));
    }

    /** The design's summary table (what the CLI's {@code summary} prints), one row per node. */
    public CompletableFuture<Outcome> summary(Path target) {
        if (isRunning()) return refuse(Job.SUMMARY, target, busy());
        ProjectDocument d = document.get();
        return start(Job.SUMMARY, target, () -> ExportFile.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Csv.summary(w, d.network(), ShapeInference.analyze(d.network()));
            w.flush();
        }));
    }

    /**
     * The depth profile over the recorded run as an animated GIF (1280x720, at most
     * {@link FramePlan#MAX_FRAMES} frames, looping), with the metric the view shows now.
     */
    public CompletableFuture<Outcome> animation(SlideText text, Path target) {
        List<StepSnapshot> run = recordedRun.get();
        if (run.isEmpty()) return refuse(Job.ANIMATION, target, nothingRecorded());
        if (isRunning()) return refuse(Job.ANIMATION, target, busy());
        Metric shown = metric.get();
        return start(Job.ANIMATION, target, () -> writeAnimation(FramePlan.pick(run, FramePlan.MAX_FRAMES), shown, text, target));
    }

    /**
     * The design as an ONNX model that other tools run, with the current run's weights (the
     * initial ones before any training); built and written on the worker. A design that is not
     * valid is refused with its diagnostics.
     */
    public CompletableFuture<Outcome> model(Path target) {
        if (isRunning()) return refuse(Job.MODEL, target, busy());
        Optional<ExportFailure> invalid = invalidDesign();
        if (invalid.isPresent()) return refuse(Job.MODEL, target, invalid.get());
        if (folderMissing(target)) return refuse(Job.MODEL, target, noFolder(target));
        CompletableFuture<MainViewModel.ModelWeights> weights = model.get();
        return start(Job.MODEL, target, () -> {
            MainViewModel.ModelWeights w = await(weights);
            checkCancel();
            byte[] onnx;
            try {
                CompiledNetwork net = w.trained() != null ? OnnxExport.trained(w.spec(), w.trained())
                        : CompiledNetwork.compile(w.spec(), w.config().dataType(), w.config().seed());
                onnx = OnnxExport.toBytes(net);
            } catch (InvalidNetworkException e) {
                throw ExportFailure.invalidDesign(e.diagnostics());
            }
            checkCancel();
            ExportFile.write(target, out -> out.write(onnx));
        });
    }

    /**
     * Refuses a model export before a file is chosen when the design is not valid: the outcome
     * (FAILED, with the diagnostics) reaches the window as any export's does. Empty if it is valid.
     */
    public Optional<Outcome> refuseInvalidModel() {
        return invalidDesign().map(f -> refuse(Job.MODEL, null, f).join());
    }

    private Optional<ExportFailure> invalidDesign() {
        NetworkAnalysis analysis = ShapeInference.analyze(document.get().network());
        return analysis.valid() ? Optional.empty() : Optional.of(ExportFailure.invalidDesign(analysis.diagnostics()));
    }

    /** Stops the running export; it ends CANCELLED and writes nothing. Safe to call at any time. */
    public void cancel() {
        if (isRunning()) cancelRequested = true;
    }

    /** Who hears how each export ended (the window, to show an error); replaces the previous one. */
    public void setOnOutcome(Consumer<Outcome> handler) {
        onOutcome = Objects.requireNonNull(handler);
    }

    // ---- the animation (worker thread) ----

    private void writeAnimation(List<StepSnapshot> frames, Metric metric, SlideText text, Path target) throws Exception {
        LogScale scale = MainViewModel.DEFAULT_SCALE;
        for (StepSnapshot s : frames) for (DepthProfile.Bar b : MainViewModel.profileOf(s, metric).bars()) scale = scale.including(b.value());
        LogScale fixed = scale;
        StepSnapshot last = frames.get(frames.size() - 1);
        fx.execute(() -> {
            framesTotal.set(frames.size());
            framesDone.set(0);
        });
        DepthSlide slide = onFx(() -> new DepthSlide(text, metric, fixed));
        try {
            // One palette for all frames, from the first, middle and last, and the colour scale.
            GifPalette palette = new GifPalette();
            for (int i : new int[] {0, frames.size() / 2, frames.size() - 1}) {
                checkCancel();
                palette.sample(onFx(() -> slide.render(frames.get(i), last)));
            }
            for (int i = 0; i <= 256; i++) {
                int c = argb(ColorScale.at(i / 256.0));
                palette.add(c, 2000);
                palette.add(blend(c, 0xffffff), 200);
            }
            palette.build();
            ExportFile.write(target, out -> {
                try (GifWriter gif = new GifWriter(out, palette, DepthSlide.WIDTH, DepthSlide.HEIGHT)) {
                    for (int i = 0; i < frames.size(); i++) {
                        checkCancel();
                        StepSnapshot s = frames.get(i);
                        PixelImage frame = onFx(() -> slide.render(s, last));
                        gif.add(frame, i == frames.size() - 1 ? LAST_FRAME_CENTIS : FRAME_CENTIS);
                        int done = i + 1;
                        fx.execute(() -> {
                            framesDone.set(done);
                            progress.set(done / (double) frames.size());
                        });
                    }
                    checkCancel();
                }
            });
        } finally {
            fx.execute(slide::dispose);
        }
    }

    private static int argb(javafx.scene.paint.Color c) {
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    private static int blend(int a, int b) {
        int r = (((a >> 16) & 0xff) + ((b >> 16) & 0xff)) / 2, g = (((a >> 8) & 0xff) + ((b >> 8) & 0xff)) / 2, bl = ((a & 0xff) + (b & 0xff)) / 2;
        return r << 16 | g << 8 | bl;
    }

    /** Runs a short task on the FX thread and waits for it here, on the worker, checking for a cancel. */
    private <T> T onFx(Callable<T> task) throws IOException {
        CompletableFuture<T> f = new CompletableFuture<>();
        fx.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        while (true) {
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                checkCancel();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException x) throw x;
                if (e.getCause() instanceof RuntimeException x) throw x;
                throw new IOException(describe(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException();
            }
        }
    }

    /** Waits here, on the worker, for work done elsewhere (the trainer's copy of the weights), checking for a cancel. */
    private <T> T await(CompletableFuture<T> f) throws IOException {
        while (true) {
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                checkCancel();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
                if (cause instanceof IOException x) throw x;
                if (cause instanceof RuntimeException x) throw x;
                throw new IOException(describe(cause), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException();
            }
        }
    }

    // ---- running one job ----

    private interface Work {
        void run() throws Exception;
    }

    private CompletableFuture<Outcome> start(Job job, Path target, Work work) {
        // Before any work: an animation would otherwise render frames it cannot keep.
        if (folderMissing(target)) return refuse(job, target, noFolder(target));
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        cancelRequested = false;
        running.set(job);
        progress.set(-1);
        framesDone.set(0);
        framesTotal.set(0);
        worker.execute(() -> {
            Outcome o;
            try {
                work.run();
                o = cancelRequested ? ended(job, target, Outcome.Status.CANCELLED, null) : ended(job, target, Outcome.Status.DONE, null);
            } catch (CancellationException e) {
                o = ended(job, target, Outcome.Status.CANCELLED, null);
            } catch (ExportFailure f) {
                o = ended(job, target, Outcome.Status.FAILED, f);
            } catch (IOException | RuntimeException e) {
                o = ended(job, target, Outcome.Status.FAILED, new ExportFailure(ExportFailure.Reason.IO, describe(e)));
            } catch (Exception e) {
                o = ended(job, target, Outcome.Status.FAILED, new ExportFailure(ExportFailure.Reason.IO, describe(e)));
            }
            Outcome finished = o;
            fx.execute(() -> publish(finished, result));
        });
        return result;
    }

    private CompletableFuture<Outcome> refuse(Job job, Path target, ExportFailure why) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Outcome o = ended(job, target, Outcome.Status.FAILED, why);
        // A refusal must not end the job that is running.
        onOutcome.accept(o);
        outcome.set(o);
        result.complete(o);
        return result;
    }

    /** The one place where an export's end reaches the properties and the window. */
    private void publish(Outcome o, CompletableFuture<Outcome> result) {
        running.set(null);
        progress.set(o.status() == Outcome.Status.DONE ? 1 : 0);
        cancelRequested = false;
        outcome.set(o);
        onOutcome.accept(o);
        result.complete(o);
    }

    private synchronized Outcome ended(Job job, Path target, Outcome.Status status, ExportFailure failure) {
        return new Outcome(job, target, status, failure, ++sequence);
    }

    private void checkCancel() {
        if (cancelRequested) throw new CancellationException();
    }

    private boolean isRunning() {
        return running.get() != null;
    }

    private static boolean folderMissing(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        return folder == null || !java.nio.file.Files.isDirectory(folder);
    }

    private static ExportFailure noFolder(Path target) {
        return new ExportFailure(ExportFailure.Reason.NO_FOLDER, String.valueOf(target.toAbsolutePath().getParent()));
    }

    private static ExportFailure busy() {
        return new ExportFailure(ExportFailure.Reason.BUSY, "");
    }

    private static ExportFailure nothingRecorded() {
        return new ExportFailure(ExportFailure.Reason.NOTHING_RECORDED, "");
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    // ---- state ----

    /** The gradient the depth profile shows now (what an animation would show). */
    public Metric shownMetric() { return metric.get(); }

    /** The export under way, or null. */
    public ReadOnlyObjectProperty<Job> runningProperty() { return running.getReadOnlyProperty(); }
    /** 0 to 1, or -1 while unknown. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    /** Frames of the animation rendered so far, and how many it will have. */
    public ReadOnlyIntegerProperty framesDoneProperty() { return framesDone.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty framesTotalProperty() { return framesTotal.getReadOnlyProperty(); }
    /** How the last export ended. */
    public ReadOnlyObjectProperty<Outcome> outcomeProperty() { return outcome.getReadOnlyProperty(); }

    /** Cancels what runs and ends the worker thread. */
    @Override
    public void close() {
        cancelRequested = true;
        worker.shutdownNow();
    }
}
