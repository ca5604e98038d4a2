package reslab.app.builder;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * One layer (or a collapsed block) on the canvas: a card with its title, id, details and
 * costs, an input port on top and an output port below. Fixed size, so wires can be routed
 * before layout. CSS: {@code .node-view}, pseudo-classes {@code :selected}, {@code :invalid},
 * {@code :output}, {@code :block}, {@code :accept}, {@code :refuse}; parts {@code .node-title},
 * {@code .node-id}, {@code .node-details}, {@code .node-cost}, {@code .port-in}, {@code .port-out},
 * {@code .node-badge}.
 */
public class NodeView extends Control {
    public static final double WIDTH = 210;
    public static final double HEIGHT = 84;

    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass OUTPUT = PseudoClass.getPseudoClass("output");
    private static final PseudoClass BLOCK = PseudoClass.getPseudoClass("block");

    private final String nodeId;
    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final StringProperty details = new SimpleStringProperty(this, "details", "");
    private final StringProperty cost = new SimpleStringProperty(this, "cost", "");
    private final StringProperty problem = new SimpleStringProperty(this, "problem");
    private final ObjectProperty<LayerCategory> category = new SimpleObjectProperty<>(this, "category", LayerCategory.CORE);
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected");
    private final BooleanProperty output = new SimpleBooleanProperty(this, "output");
    private final BooleanProperty block = new SimpleBooleanProperty(this, "block");
    private final BooleanProperty hasInputPort = new SimpleBooleanProperty(this, "hasInputPort", true);
    /** A gradient colour for the card (training view), or null. */
    private final ObjectProperty<javafx.scene.paint.Color> heat = new SimpleObjectProperty<>(this, "heat");

    public NodeView(String nodeId) {
        this.nodeId = nodeId;
        getStyleClass().add("node-view");
        setId("node-" + nodeId);
        setMinSize(WIDTH, HEIGHT);
        setPrefSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        selected.addListener((o, a, b) -> pseudoClassStateChanged(SELECTED, b));
        problem.addListener((o, a, b) -> pseudoClassStateChanged(INVALID, b != null));
        output.addListener((o, a, b) -> pseudoClassStateChanged(OUTPUT, b));
        block.addListener((o, a, b) -> pseudoClassStateChanged(BLOCK, b));
        category.addListener((o, a, b) -> {
            if (a != null) getStyleClass().remove(a.styleClass());
            if (b != null) getStyleClass().add(b.styleClass());
        });
        getStyleClass().add(LayerCategory.CORE.styleClass());
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new NodeViewSkin(this);
    }

    /** The design's node id, or "block:<id>" for a collapsed block. */
    public String nodeId() { return nodeId; }

    public StringProperty titleProperty() { return title; }
    public StringProperty detailsProperty() { return details; }
    public StringProperty costProperty() { return cost; }
    /** The diagnostic in words, or null when the node is fine. */
    public StringProperty problemProperty() { return problem; }
    public ObjectProperty<LayerCategory> categoryProperty() { return category; }
    public BooleanProperty selectedProperty() { return selected; }
    public BooleanProperty outputProperty() { return output; }
    public BooleanProperty blockProperty() { return block; }
    public BooleanProperty hasInputPortProperty() { return hasInputPort; }
    public ObjectProperty<javafx.scene.paint.Color> heatProperty() { return heat; }
}
