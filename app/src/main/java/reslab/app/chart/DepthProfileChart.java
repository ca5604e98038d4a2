package reslab.app.chart;

import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * The depth profile: one bar per layer from input (left) to output (right), heights on a
 * log scale with a labelled power-of-ten axis. Bars glide to new values so training reads
 * as motion, and are coloured by magnitude, so vanished gradients look faded.
 *
 * <p>CSS: {@code .depth-profile-chart}; parts {@code .depth-bar}, {@code .depth-bar-label},
 * {@code .axis-tick-label}, {@code .axis-title}, {@code .grid-line}, {@code .axis-caption}.
 */
public class DepthProfileChart extends Control {
    private final ObjectProperty<DepthProfile> profile = new SimpleObjectProperty<>(this, "profile", DepthProfile.EMPTY);
    private final ObjectProperty<LogScale> scale = new SimpleObjectProperty<>(this, "scale", new LogScale(-16, 0));
    private final StringProperty axisTitle = new SimpleStringProperty(this, "axisTitle", "");
    private final StringProperty inputCaption = new SimpleStringProperty(this, "inputCaption", "input");
    private final StringProperty outputCaption = new SimpleStringProperty(this, "outputCaption", "output");
    private final StringProperty outputBarLabel = new SimpleStringProperty(this, "outputBarLabel", DepthProfile.OUTPUT_LABEL);
    private final BooleanProperty animated = new SimpleBooleanProperty(this, "animated", true);
    private final DoubleProperty glideFrameRate = new SimpleDoubleProperty(this, "glideFrameRate", defaultGlideFrameRate());

    public DepthProfileChart() {
        getStyleClass().add("depth-profile-chart");
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new DepthProfileChartSkin(this);
    }

    public ObjectProperty<DepthProfile> profileProperty() { return profile; }
    public DepthProfile getProfile() { return profile.get(); }
    public void setProfile(DepthProfile p) { profile.set(p == null ? DepthProfile.EMPTY : p); }

    public ObjectProperty<LogScale> scaleProperty() { return scale; }
    public LogScale getScale() { return scale.get(); }
    public void setScale(LogScale s) { scale.set(s); }

    public StringProperty axisTitleProperty() { return axisTitle; }
    public String getAxisTitle() { return axisTitle.get(); }
    public void setAxisTitle(String t) { axisTitle.set(t); }

    public StringProperty inputCaptionProperty() { return inputCaption; }
    public String getInputCaption() { return inputCaption.get(); }
    public void setInputCaption(String t) { inputCaption.set(t); }

    public StringProperty outputCaptionProperty() { return outputCaption; }
    public String getOutputCaption() { return outputCaption.get(); }
    public void setOutputCaption(String t) { outputCaption.set(t); }

    /** Shown under the bar labelled {@link DepthProfile#OUTPUT_LABEL}, in the UI's language. */
    public StringProperty outputBarLabelProperty() { return outputBarLabel; }
    public String getOutputBarLabel() { return outputBarLabel.get(); }
    public void setOutputBarLabel(String t) { outputBarLabel.set(t); }

    /**
     * The most times a second the bars are redrawn while they glide. With software rendering
     * (no GPU: {@code SCENE3D} is unsupported) every frame that changes copies the whole window
     * out of the renderer; measured while resnet20 trains, gliding at 60 frames a second made
     * 35 such frames a second, 6 without it, and that memory traffic competes with training on
     * the other core. 20 a second keeps the glide readable. With a GPU: every pulse, 60.
     * Bars that only creep (a move under 3 pixels, as in steady training) draw no frame of
     * their own: the next profile's frame lays them out, and a glide that comes to rest is
     * drawn once.
     */
    public DoubleProperty glideFrameRateProperty() { return glideFrameRate; }
    public double getGlideFrameRate() { return glideFrameRate.get(); }
    public void setGlideFrameRate(double perSecond) { glideFrameRate.set(perSecond); }

    static double defaultGlideFrameRate() {
        return Platform.isSupported(ConditionalFeature.SCENE3D) ? 60 : 20;
    }

    /** Off: bars jump straight to their values (tests, screenshots). */
    public BooleanProperty animatedProperty() { return animated; }
    public boolean isAnimated() { return animated.get(); }
    public void setAnimated(boolean a) { animated.set(a); }
}
