package reslab.app.project;

import java.util.List;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.train.TrainingCheckpoint;

/**
 * A trained run as a project file holds it: the state to continue from, the recorded runs,
 * and (when opening) the last recording as snapshots for the curves and the replay bar.
 *
 * @param checkpoint weights, optimizer state, settings, seed and stream position
 * @param runs       recorded telemetry, oldest run first; the last is the run the checkpoint continues
 * @param replay     the last run's recorded steps as snapshots, oldest first (empty when saving)
 * @param runId      the trainer's id of the run when saving (to tell later training apart); -1 from a file
 */
public record SavedRun(TrainingCheckpoint checkpoint, List<RunRecording> runs, List<StepSnapshot> replay, long runId) {
    public SavedRun {
        if (checkpoint == null) throw new IllegalArgumentException("a saved run needs its checkpoint");
        runs = List.copyOf(runs);
        replay = List.copyOf(replay);
    }
}
