package reslab.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;
import reslab.app.AppViewModel;
import reslab.app.MainWindow;
import reslab.app.ResLabApp;
import reslab.app.TestDialogs;
import reslab.app.i18n.Language;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/**
 * The training dashboard's figures (issue "Training dashboard"), in a real window (headless
 * Monocle, software rendering), printed, not asserted:
 * <ul>
 *   <li>FX frame interval p50/p99 while resnet20 trains at full speed (goal p99 <= 33 ms);</li>
 *   <li>steps/s in the app (telemetry on, views rendering) against headless training with
 *       telemetry off, same thread count, same process (goal: overhead <= 5 %);</li>
 *   <li>time from pressing Play to the first depth profile of a trained step on
 *       chain-sigmoid-20 (goal <= 1 s), and from loading it to its first profile.</li>
 * </ul>
 * <pre>mvn -q -pl app -am test-compile exec:java -Dreslab.cli.skip=true -Dreslab.bench.skip=false \
 *     -Dexec.mainClass=reslab.app.bench.DashboardBenchmark</pre>
 */
public final class DashboardBenchmark {
    private DashboardBenchmark() {}

    public static void main(String[] args) throws Exception {
        for (String[] p : new String[][] {{"glass.platform", "Monocle"}, {"monocle.platform", "Headless"},
                {"prism.order", "sw"}, {"headless.geometry", "1920x1200-32"}}) {
            if (System.getProperty(p[0]) == null) System.setProperty(p[0], p[1]);
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        // The first part closes its window; without this the FX platform would end with it.
        Platform.setImplicitExit(false);
        playToFirstProfile();
        resnet20(seconds);
        Platform.exit();
        System.exit(0);
    }

    private static Holder open(String templateId) throws Exception {
        Holder h = new Holder();
        CountDownLatch ready = new CountDownLatch(1);
        long t0 = System.nanoTime();
        Platform.runLater(() -> {
            ResLabApp.loadBundledFonts();
            h.app = new AppViewModel(TestDialogs.tempStore(), List.of(Templates.find(templateId).orElseThrow()));
            h.stage = new Stage();
            h.window = new MainWindow(h.stage, h.app, Language.ENGLISH, () -> { }, l -> { }, new TestDialogs());
            h.stage.setWidth(1400);
            h.stage.setHeight(900);
            h.stage.show();
            ready.countDown();
        });
        ready.await();
        // From loading to the first profile on screen (the preview at step 0): ND4J's start included.
        while (true) {
            CountDownLatch check = new CountDownLatch(1);
            boolean[] shown = new boolean[1];
            Platform.runLater(() -> {
                shown[0] = !h.app.training().depthProfileProperty().get().bars().isEmpty();
                check.countDown();
            });
            check.await();
            if (shown[0]) break;
            Thread.sleep(5);
        }
        h.loadMillis = (System.nanoTime() - t0) / 1e6;
        return h;
    }

    private static void playToFirstProfile() throws Exception {
        Holder h = open("chain-sigmoid-20");
        long[] pressed = new long[1], shownAt = new long[1];
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            h.app.training().stepsDoneProperty().addListener((o, a, b) -> {
                if (b.longValue() >= 1 && shownAt[0] == 0) {
                    shownAt[0] = System.nanoTime();
                    shown.countDown();
                }
            });
            pressed[0] = System.nanoTime();
            h.app.training().play();
        });
        shown.await();
        System.out.printf(Locale.ROOT, "BENCH dashboard chain-sigmoid-20 load_to_first_profile_ms=%.0f play_to_first_trained_profile_ms=%.0f (goal <= 1000)%n",
                h.loadMillis, (shownAt[0] - pressed[0]) / 1e6);
        close(h);
    }

    /**
     * The app and headless training alternate in rounds (this machine's speed drifts by tens of
     * percent over a minute, so one long run of each would measure the drift): each round trains
     * in the app for {@code seconds} with the frame clock sampled, pauses it, then trains the
     * same net headless, telemetry off, for as long. Medians over the rounds.
     */
    private static void resnet20(int seconds) throws Exception {
        int rounds = Integer.getInteger("reslab.bench.rounds", 8);
        Holder h = open("resnet20");
        CountDownLatch applied = new CountDownLatch(1);
        Platform.runLater(() -> {
            var vm = h.app.training();
            vm.applySettings(vm.settingsProperty().get().withEvalEvery(0));
            applied.countDown();
        });
        applied.await();
        Thread.sleep(2000); // the reload with the new settings
        Template t = Templates.find("resnet20").orElseThrow();
        TrainingSession headless = new TrainingSession(t.spec(), DatasetCatalog.load(t.dataset()).orElseThrow(),
                t.training().withTelemetry(false).withEvalEvery(0), 1);
        TrainingSession withTelemetry = new TrainingSession(t.spec(), DatasetCatalog.load(t.dataset()).orElseThrow(),
                t.training().withEvalEvery(0), 1);
        List<Double> frames = new ArrayList<>();
        double[] appRates = new double[rounds], headlessRates = new double[rounds], telemetryRates = new double[rounds];
        double[] renderedFps = new double[rounds];
        java.util.Map<String, Double> cpu = new java.util.TreeMap<>();
        long waited = 0, stepsPlayed = 0;
        for (int r = 0; r < rounds; r++) {
            java.util.Map<Long, long[]> before = threadCpu();
            long w0 = System.nanoTime(), wait0 = TrainingSession.telemetryWaitNanos();
            long steps0 = stepsDone(h);
            appRates[r] = appRound(h, seconds, frames, renderedFps, r);
            waited += TrainingSession.telemetryWaitNanos() - wait0;
            stepsPlayed += stepsDone(h) - steps0;
            addCpuShares(before, threadCpu(), System.nanoTime() - w0, cpu);
            Thread.sleep(1500); // the step in flight when Pause was pressed
            ComputeThreads.limit(ComputeThreads.leavingOneCore());
            headlessRates[r] = headlessRate(headless, seconds, r == 0, false);
            telemetryRates[r] = headlessRate(withTelemetry, seconds, r == 0, true);
        }
        close(h);
        double[] f = frames.stream().mapToDouble(Double::doubleValue).toArray();
        double app = median(appRates), head = median(headlessRates);
        System.out.printf(Locale.ROOT, "BENCH dashboard resnet20 frame_interval_ms p50=%.1f p99=%.1f max=%.1f (goal p99 <= 33) frames=%d%n",
                pct(f, 50), pct(f, 99), Arrays.stream(f).max().orElse(Double.NaN), f.length);
        System.out.printf(Locale.ROOT, "BENCH dashboard resnet20 rendered_frames_per_s median=%.1f rounds=%s (pulses that drew "
                + "something: each copies the whole frame out of the software renderer)%n", median(renderedFps), Arrays.toString(round2(renderedFps)));
        System.out.printf(Locale.ROOT, "BENCH dashboard resnet20 app_steps_per_s=%.3f headless_no_telemetry_steps_per_s=%.3f "
                        + "overhead=%.1f%% threads=%d rounds=%d app=%s headless=%s (goal <= 5%%; medians of alternating rounds; "
                        + "evaluation on the test split is off in both)%n",
                app, head, (head / app - 1) * 100, ComputeThreads.leavingOneCore(), rounds,
                Arrays.toString(round2(appRates)), Arrays.toString(round2(headlessRates)));
        System.out.printf(Locale.ROOT, "BENCH dashboard resnet20 overhead_paired=%.1f%% (median over rounds of headless/app - 1, "
                + "each round's app and headless run back to back)%n", (medianRatio(headlessRates, appRates) - 1) * 100);
        double[] sandwich = sandwichRatios(headlessRates, appRates);
        System.out.printf(Locale.ROOT, "BENCH dashboard resnet20 overhead_sandwiched=%.1f%% quartiles=[%.1f%%, %.1f%%] (per app round "
                        + "from the 2nd: the mean of the headless rounds just before and just after it, over its rate, - 1; "
                        + "a steady drift of the machine cancels)%n",
                (median(sandwich) - 1) * 100, (pct(sandwich, 25) - 1) * 100, (pct(sandwich, 75) - 1) * 100);
        StringBuilder shares = new StringBuilder();
        cpu.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(e -> shares.append(String.format(Locale.ROOT, " %s=%.0f%%", e.getKey().replace(' ', '_'), e.getValue() / rounds * 100)));
        System.out.println("BENCH dashboard resnet20 app_thread_cpu (share of one core, mean of rounds):" + shares);
        System.out.printf(Locale.ROOT, "BENCH dashboard resnet20 trainer_waited_for_telemetry_ms_per_step=%.1f%n",
                waited / 1e6 / Math.max(1, stepsPlayed));
        double tel = median(telemetryRates);
        System.out.printf(Locale.ROOT, "BENCH dashboard resnet20 headless_pipelined_telemetry_steps_per_s=%.3f telemetry_share=%.1f%% "
                        + "(paired %.1f%%) app_beyond_telemetry=%.1f%% (paired %.1f%%) rounds=%s (how the overhead splits: telemetry "
                        + "read on its thread as in the app, then the app's rendering and bookkeeping)%n",
                tel, (head / tel - 1) * 100, (medianRatio(headlessRates, telemetryRates) - 1) * 100, (tel / app - 1) * 100,
                (medianRatio(telemetryRates, appRates) - 1) * 100, Arrays.toString(round2(telemetryRates)));
    }

    private static long stepsDone(Holder h) throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        long[] v = new long[1];
        Platform.runLater(() -> {
            v[0] = h.app.training().stepsDoneProperty().get();
            read.countDown();
        });
        read.await();
        return v[0];
    }

    /** CPU time per live thread, by id: {cpu nanos}; the names go with {@link #addCpuShares}. */
    private static java.util.Map<Long, long[]> threadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<Long, long[]> m = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) m.put(id, new long[] {mx.getThreadCpuTime(id)});
        return m;
    }

    private static void addCpuShares(java.util.Map<Long, long[]> before, java.util.Map<Long, long[]> after, long wallNanos,
                                     java.util.Map<String, Double> into) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (java.util.Map.Entry<Long, long[]> e : after.entrySet()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(e.getKey());
            if (info == null || e.getValue()[0] < 0) continue;
            long start = before.containsKey(e.getKey()) ? before.get(e.getKey())[0] : 0;
            String name = info.getThreadName().replaceAll("\\d+$", "#");
            into.merge(name, (e.getValue()[0] - start) / (double) wallNanos, Double::sum);
        }
    }

    /** Steps per second; {@code pipelined}: telemetry read on its thread, as the app's trainer does. */
    private static double headlessRate(TrainingSession s, int seconds, boolean warmUp, boolean pipelined) {
        if (warmUp) for (int i = 0; i < 3; i++) s.step();
        long t0 = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
            if (pipelined) s.stepPipelined(x -> { });
            else s.step();
            n++;
        }
        s.awaitTelemetry();
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * For i from 1: (head[i-1] + head[i]) / 2 / app[i]. Rounds run app, headless, ..., so app
     * round i sits between headless rounds i-1 and i, and a drift linear in time cancels.
     */
    private static double[] sandwichRatios(double[] head, double[] app) {
        double[] r = new double[Math.max(0, app.length - 1)];
        for (int i = 1; i < app.length; i++) r[i - 1] = (head[i - 1] + head[i]) / 2 / app[i];
        return r;
    }

    /** Median of a[i] / b[i]: rounds next to each other in time share the machine's drift. */
    private static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] / b[i];
        return median(r);
    }

    /** Plays for {@code seconds} after the first three steps, adds frame intervals, returns steps/s. */
    private static double appRound(Holder h, int seconds, List<Double> frames, double[] renderedFps, int round) throws Exception {
        com.sun.javafx.perf.PerformanceTracker tracker = com.sun.javafx.perf.PerformanceTracker.getSceneTracker(h.stage.getScene());
        AtomicLong firstStep = new AtomicLong(-1);
        long[] window = new long[2];
        long[] steps = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            long before = h.app.training().stepsDoneProperty().get();
            h.app.training().play();
            new AnimationTimer() {
                long last, start, deadlineCount = -1;

                @Override
                public void handle(long now) {
                    long done_ = h.app.training().stepsDoneProperty().get();
                    if (firstStep.get() < 0 && done_ >= before + 3) { // past the first, slow steps
                        firstStep.set(done_);
                        start = now;
                        window[0] = now;
                        tracker.resetAverageFPS();
                    }
                    if (start != 0 && last != 0) frames.add((now - last) / 1e6);
                    last = now;
                    // Ends on the frame that sees the first step finish after the time is up, as the
                    // window began on one that saw a step finish: whole steps over the time they took.
                    // (Ending at the deadline would drop half a step, 2% of resnet20's 24, on average.)
                    if (start != 0 && deadlineCount < 0 && now - start > seconds * 1_000_000_000L) deadlineCount = done_;
                    if (deadlineCount >= 0 && done_ > deadlineCount) {
                        window[1] = now;
                        renderedFps[round] = tracker.getAverageFPS();
                        steps[0] = done_ - firstStep.get();
                        stop();
                        h.app.training().pause();
                        done.countDown();
                    }
                }
            }.start();
        });
        done.await();
        return steps[0] / ((window[1] - window[0]) / 1e9);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double[] round2(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 100) / 100.0).toArray();
    }

    private static void close(Holder h) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        Platform.runLater(() -> {
            h.stage.hide();
            closed.countDown();
        });
        closed.await();
        h.app.close(3000);
    }

    private static double pct(double[] v, double p) {
        if (v.length == 0) return Double.NaN;
        double[] c = v.clone();
        Arrays.sort(c);
        return c[Math.min(c.length - 1, (int) Math.ceil(p / 100 * c.length) - 1)];
    }

    private static final class Holder {
        AppViewModel app;
        Stage stage;
        MainWindow window;
        double loadMillis;
    }
}
