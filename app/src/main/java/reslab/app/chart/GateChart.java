package reslab.app.chart;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * g(k) of every gated block against steps: one line per block, labelled at its end, the
 * blocks to be pruned drawn dashed. Linear axis from 0, always reaching 1 (the identity gate).
 */
public class GateChart extends Control {
    private final ObjectProperty<GateCurves> curves = new SimpleObjectProperty<>(this, "curves", GateCurves.EMPTY);
    private final ObjectProperty<java.util.Set<String>> marked = new SimpleObjectProperty<>(this, "marked", java.util.Set.of());
    private final StringProperty xTitle = new SimpleStringProperty(this, "xTitle", "step");
    private final StringProperty yTitle = new SimpleStringProperty(this, "yTitle", "g(k)");
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText", "");

    public GateChart() {
        getStyleClass().add("gate-chart");
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new GateChartSkin(this);
    }

    public ObjectProperty<GateCurves> curvesProperty() { return curves; }
    /** Labels of the curves drawn dashed (the blocks the prune action would remove). */
    public ObjectProperty<java.util.Set<String>> markedProperty() { return marked; }
    public StringProperty xTitleProperty() { return xTitle; }
    public StringProperty yTitleProperty() { return yTitle; }
    public StringProperty emptyTextProperty() { return emptyText; }
}
