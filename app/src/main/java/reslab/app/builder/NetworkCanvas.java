package reslab.app.builder;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import reslab.app.i18n.Messages;
import reslab.engine.io.ProjectDocument;
import reslab.engine.shape.NetworkAnalysis;

/**
 * The network drawn as cards and wires, top (input) to bottom (output): every wire labelled
 * with the tensor shape it carries, every card with its parameters and multiply-adds, invalid
 * nodes red. Gestures (move, connect, select, drop, zoom, pan) go to {@link CanvasActions};
 * the canvas itself never edits the design.
 */
public class NetworkCanvas extends Control {
    /** Grid the nodes snap to when a move ends. */
    public static final double GRID = 10;

    private final ObjectProperty<ProjectDocument> document = new SimpleObjectProperty<>(this, "document");
    private final ObjectProperty<NetworkAnalysis> analysis = new SimpleObjectProperty<>(this, "analysis");
    private final ObjectProperty<Messages> messages = new SimpleObjectProperty<>(this, "messages");
    private final ObjectProperty<CanvasActions> actions = new SimpleObjectProperty<>(this, "actions");
    private final ObjectProperty<ObservableSet<String>> selection =
            new SimpleObjectProperty<>(this, "selection", FXCollections.observableSet());
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1.0);
    /** Gradient magnitude per design node id (training view); null for none. */
    private final ObjectProperty<java.util.Map<String, Double>> heat = new SimpleObjectProperty<>(this, "heat");
    private final ObjectProperty<reslab.app.chart.LogScale> heatScale =
            new SimpleObjectProperty<>(this, "heatScale", new reslab.app.chart.LogScale(-16, 0));
    /** The wire clicked last, "from>to", or null. */
    private final ObjectProperty<String> selectedWire = new SimpleObjectProperty<>(this, "selectedWire");

    public NetworkCanvas() {
        getStyleClass().add("network-canvas");
        setFocusTraversable(true);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new NetworkCanvasSkin(this);
    }

    /** Shows the whole network in the visible area. */
    public void fitToView() {
        if (getSkin() instanceof NetworkCanvasSkin s) s.fitToView();
    }

    /** The whole network if it is readable so, else its top part at a readable zoom. */
    public void showReadable() {
        if (getSkin() instanceof NetworkCanvasSkin s) s.showReadable();
    }

    /** Zooms by {@code factor} around the centre of the view. */
    public void zoomBy(double factor) {
        if (getSkin() instanceof NetworkCanvasSkin s) s.zoomAround(factor, getWidth() / 2, getHeight() / 2);
    }

    /** World coordinates at the centre of the view, where a double-clicked palette item lands. */
    public javafx.geometry.Point2D viewCentre() {
        if (getSkin() instanceof NetworkCanvasSkin s) return s.toWorld(getWidth() / 2, getHeight() / 2);
        return new javafx.geometry.Point2D(0, 0);
    }

    public ObjectProperty<ProjectDocument> documentProperty() { return document; }
    public ObjectProperty<NetworkAnalysis> analysisProperty() { return analysis; }
    public ObjectProperty<Messages> messagesProperty() { return messages; }
    public ObjectProperty<CanvasActions> actionsProperty() { return actions; }
    public ObjectProperty<ObservableSet<String>> selectionProperty() { return selection; }
    public DoubleProperty zoomProperty() { return zoom; }
    public ObjectProperty<java.util.Map<String, Double>> heatProperty() { return heat; }
    public ObjectProperty<reslab.app.chart.LogScale> heatScaleProperty() { return heatScale; }
    public ObjectProperty<String> selectedWireProperty() { return selectedWire; }
}
