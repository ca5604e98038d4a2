package reslab.app.chart;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import reslab.app.views.ActivationData;

/**
 * Activations from input to output: above, each layer's mean with a bar of plus and minus one
 * standard deviation; below, the fraction of outputs stuck (saturated or dead) from 0 to 100 %.
 * CSS: {@code .activation-chart}.
 */
public class ActivationChart extends Control {
    private final ObjectProperty<ActivationData> data = new SimpleObjectProperty<>(this, "data", ActivationData.EMPTY);
    private final StringProperty meanTitle = new SimpleStringProperty(this, "meanTitle", "mean ± std");
    private final StringProperty stuckTitle = new SimpleStringProperty(this, "stuckTitle", "stuck");
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText", "");

    public ActivationChart() {
        getStyleClass().add("activation-chart");
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new ActivationChartSkin(this);
    }

    public ObjectProperty<ActivationData> dataProperty() { return data; }
    public StringProperty meanTitleProperty() { return meanTitle; }
    public StringProperty stuckTitleProperty() { return stuckTitle; }
    public StringProperty emptyTextProperty() { return emptyText; }
}
