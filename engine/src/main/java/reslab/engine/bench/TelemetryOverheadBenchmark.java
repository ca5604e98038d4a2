package reslab.engine.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.Split;
import reslab.engine.train.ComputeThreads;
import reslab.engine.train.TrainingConfig;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;

/**
 * Steps per second of one template with per-node telemetry on and off, and the overhead.
 * Rounds alternate on/off so drift in machine load hits both alike; the medians are
 * compared. A benchmark prints figures; it asserts nothing.
 */
public final class TelemetryOverheadBenchmark {
    private TelemetryOverheadBenchmark() {}

    /**
     * @param stepsPerSecondOn        telemetry read on the training thread ({@code step()})
     * @param stepsPerSecondPipelined telemetry read on the telemetry thread while the next
     *                                step runs ({@code stepPipelined}, as the app trains)
     */
    public record Result(double stepsPerSecondOn, double stepsPerSecondOff, double stepsPerSecondPipelined) {
        public double overheadPercent() {
            return (stepsPerSecondOff / stepsPerSecondOn - 1) * 100;
        }

        public double pipelinedOverheadPercent() {
            return (stepsPerSecondOff / stepsPerSecondPipelined - 1) * 100;
        }
    }

    public static Result run(Template t, int threads, int rounds, int stepsPerRound, PrintStream out) {
        ComputeThreads.limit(threads);
        Split data = DatasetCatalog.load(t.dataset()).orElseThrow();
        TrainingConfig base = t.training();
        TrainingSession on = new TrainingSession(t.spec(), data, base.withTelemetry(true), 1);
        TrainingSession off = new TrainingSession(t.spec(), data, base.withTelemetry(false), 2);
        TrainingSession piped = new TrainingSession(t.spec(), data, base.withTelemetry(true), 3);
        for (int i = 0; i < stepsPerRound; i++) { // warm up the JIT and ND4J's caches
            on.step();
            off.step();
            piped.stepPipelined(s -> {});
        }
        piped.awaitTelemetry();
        double[] rateOn = new double[rounds];
        double[] rateOff = new double[rounds];
        double[] ratePiped = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rateOn[r] = stepsPerSecond(on, stepsPerRound, false);
            rateOff[r] = stepsPerSecond(off, stepsPerRound, false);
            ratePiped[r] = stepsPerSecond(piped, stepsPerRound, true);
            out.printf(Locale.ROOT, "round %d: telemetry on %.1f steps/s, off %.1f steps/s, pipelined %.1f steps/s%n",
                    r + 1, rateOn[r], rateOff[r], ratePiped[r]);
        }
        Result result = new Result(median(rateOn), median(rateOff), median(ratePiped));
        out.printf(Locale.ROOT, "BENCH telemetry %s threads=%d on=%.1f steps/s off=%.1f steps/s overhead=%.1f%% pipelined=%.1f steps/s overhead=%.1f%%%n",
                t.id(), threads, result.stepsPerSecondOn(), result.stepsPerSecondOff(), result.overheadPercent(),
                result.stepsPerSecondPipelined(), result.pipelinedOverheadPercent());
        return result;
    }

    /** For a pipelined session the time includes reading the last step's telemetry. */
    private static double stepsPerSecond(TrainingSession s, int steps, boolean pipelined) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            if (pipelined) s.stepPipelined(snapshot -> {});
            else s.step();
        }
        s.awaitTelemetry();
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
