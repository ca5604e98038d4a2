package reslab.app.chart;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import reslab.app.views.SplitData;

/**
 * The gradient split at each Add: two bars per block, the gradient its input gets through the
 * shortcut and through the branch, on the depth profile's log scale, with the shortcut's share.
 * CSS: {@code .split-chart}.
 */
public class SplitChart extends Control {
    private final ObjectProperty<SplitData> data = new SimpleObjectProperty<>(this, "data", SplitData.EMPTY);
    private final ObjectProperty<LogScale> scale = new SimpleObjectProperty<>(this, "scale", new LogScale(-16, 0));
    private final StringProperty shortcutName = new SimpleStringProperty(this, "shortcutName", "shortcut");
    private final StringProperty branchName = new SimpleStringProperty(this, "branchName", "branch");
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText", "");
    private final StringProperty axisTitle = new SimpleStringProperty(this, "axisTitle", "");

    public SplitChart() {
        getStyleClass().add("split-chart");
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new SplitChartSkin(this);
    }

    public ObjectProperty<SplitData> dataProperty() { return data; }
    public ObjectProperty<LogScale> scaleProperty() { return scale; }
    public StringProperty shortcutNameProperty() { return shortcutName; }
    public StringProperty branchNameProperty() { return branchName; }
    /** Shown when the network has no shortcuts. */
    public StringProperty emptyTextProperty() { return emptyText; }
    public StringProperty axisTitleProperty() { return axisTitle; }
}
