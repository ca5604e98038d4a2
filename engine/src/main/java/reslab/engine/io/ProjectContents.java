package reslab.engine.io;

import java.util.List;
import java.util.Optional;
import reslab.engine.telemetry.RunRecording;
import reslab.engine.train.TrainingCheckpoint;

/**
 * Everything {@link ProjectFile#open} could read from a project file.
 *
 * @param document      the design and its layout
 * @param checkpoint    the saved training to resume ({@code TrainingSession#restore}), if the file has one
 * @param runs          the recorded telemetry of its runs, oldest first
 * @param warnings      what could not be read or loaded, one sentence each, for the user; empty
 *                      when the file opened completely
 * @param formatVersion the file's format version
 */
public record ProjectContents(ProjectDocument document, Optional<TrainingCheckpoint> checkpoint, List<RunRecording> runs,
                              List<String> warnings, int formatVersion) {
    public ProjectContents {
        runs = List.copyOf(runs);
        warnings = List.copyOf(warnings);
    }
}
