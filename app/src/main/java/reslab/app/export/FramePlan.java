package reslab.app.export;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.telemetry.StepSnapshot;

/**
 * Which recorded steps become frames of an animation: at most {@code max}, spread evenly over
 * the run's steps (not over the recording, which keeps fewer of its early steps), each the
 * last recorded step at or before its place; the first and last steps always.
 */
final class FramePlan {
    /** 10 s at 10 frames per second: long enough to follow, short enough for a slide. */
    static final int MAX_FRAMES = 100;

    private FramePlan() {}

    static List<StepSnapshot> pick(List<StepSnapshot> run, int max) {
        if (max < 2) throw new IllegalArgumentException("an animation needs at least 2 frames, asked for " + max);
        if (run.size() <= max) return List.copyOf(run);
        long first = run.get(0).step(), last = run.get(run.size() - 1).step();
        List<StepSnapshot> frames = new ArrayList<>(max);
        int i = 0;
        for (int k = 0; k < max; k++) {
            double place = first + (last - first) * (double) k / (max - 1);
            while (i + 1 < run.size() && run.get(i + 1).step() <= place + 1e-9) i++;
            StepSnapshot s = run.get(i);
            if (frames.isEmpty() || frames.get(frames.size() - 1) != s) frames.add(s);
        }
        if (frames.get(frames.size() - 1) != run.get(run.size() - 1)) frames.add(run.get(run.size() - 1));
        return List.copyOf(frames);
    }
}
