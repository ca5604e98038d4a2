package reslab.app.export;

/**
 * The words on an animation's frames, in the UI's language: a title, the chart's captions and
 * the step counter.
 *
 * @param stepCaption the counter for a frame from the updates applied so far and in the whole run, e.g. "Step 120 / 500"
 * @param chinese     Chinese text: the slide takes the Chinese type settings
 */
public record SlideText(String title, String axisTitle, String inputCaption, String outputCaption, String outputBarLabel,
                        StepCaption stepCaption, boolean chinese) {
    @FunctionalInterface
    public interface StepCaption {
        String of(long stepsDone, long runSteps);
    }
}
