package reslab.app.chart;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * Layers (rows, the input at the bottom) against training steps (columns), each cell coloured
 * by the metric on the same log scale and colours as the depth profile; a legend shows the
 * powers of ten. Grows as the run goes on; long runs are drawn one column per pixel.
 *
 * <p>CSS: {@code .heatmap-chart}; parts {@code .axis-tick-label}, {@code .axis-title}.
 */
public class HeatmapChart extends Control {
    private final ObjectProperty<HeatmapData> data = new SimpleObjectProperty<>(this, "data", HeatmapData.EMPTY);
    private final ObjectProperty<LogScale> scale = new SimpleObjectProperty<>(this, "scale", new LogScale(-16, 0));
    private final StringProperty xTitle = new SimpleStringProperty(this, "xTitle", "");
    private final StringProperty yTitle = new SimpleStringProperty(this, "yTitle", "");
    private final StringProperty legendTitle = new SimpleStringProperty(this, "legendTitle", "");

    public HeatmapChart() {
        getStyleClass().add("heatmap-chart");
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new HeatmapChartSkin(this);
    }

    public ObjectProperty<HeatmapData> dataProperty() { return data; }
    public ObjectProperty<LogScale> scaleProperty() { return scale; }
    public StringProperty xTitleProperty() { return xTitle; }
    public StringProperty yTitleProperty() { return yTitle; }
    public StringProperty legendTitleProperty() { return legendTitle; }
}
