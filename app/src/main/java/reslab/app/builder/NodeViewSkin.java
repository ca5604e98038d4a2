package reslab.app.builder;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;

/** The card of a {@link NodeView}: a coloured stripe, four lines of text, two ports, a badge. */
public class NodeViewSkin extends SkinBase<NodeView> {
    private final Region stripe = new Region();
    /** The gradient colour, painted from data: no style class, so the theme cannot override it. */
    private final Region heatFill = new Region();
    private final VBox text = new VBox(1);
    private final Label title = new Label();
    private final Label id = new Label();
    private final Label details = new Label();
    private final Label cost = new Label();
    private final Label badge = new Label("!");
    private final Circle portIn = new Circle(6);
    private final Circle portOut = new Circle(6);
    private final Tooltip problemTip = new Tooltip();

    public NodeViewSkin(NodeView node) {
        super(node);
        // SkinBase swallows mouse events by default; the canvas handles card gestures.
        consumeMouseEvents(false);
        stripe.getStyleClass().add("node-stripe");
        title.getStyleClass().add("node-title");
        id.getStyleClass().add("node-id");
        details.getStyleClass().add("node-details");
        cost.getStyleClass().add("node-cost");
        badge.getStyleClass().add("node-badge");
        portIn.getStyleClass().add("port-in");
        portOut.getStyleClass().add("port-out");
        text.getStyleClass().add("node-text");
        text.setAlignment(Pos.CENTER_LEFT);
        text.getChildren().addAll(title, id, details, cost);
        problemTip.setShowDelay(Duration.millis(150));
        problemTip.setWrapText(true);
        problemTip.setMaxWidth(380);
        heatFill.setMouseTransparent(true);
        heatFill.setVisible(false);
        getChildren().addAll(heatFill, stripe, text, badge, portIn, portOut);
        node.heatProperty().addListener((o, a, c) -> paintHeat(c));
        paintHeat(node.heatProperty().get());

        title.textProperty().bind(node.titleProperty());
        details.textProperty().bind(node.detailsProperty());
        details.managedProperty().bind(details.textProperty().isNotEmpty());
        details.visibleProperty().bind(details.textProperty().isNotEmpty());
        cost.textProperty().bind(node.costProperty());
        String shownId = node.nodeId().startsWith("block:") ? node.nodeId().substring(6) : node.nodeId();
        id.setText(shownId);
        badge.visibleProperty().bind(node.problemProperty().isNotNull());
        problemTip.textProperty().bind(node.problemProperty());
        portIn.visibleProperty().bind(node.hasInputPortProperty());
        node.problemProperty().addListener((o, a, b) -> {
            if (b == null) Tooltip.uninstall(node, problemTip);
            else Tooltip.install(node, problemTip);
        });
        if (node.problemProperty().get() != null) Tooltip.install(node, problemTip);
    }

    private void paintHeat(javafx.scene.paint.Color c) {
        heatFill.setVisible(c != null);
        if (c != null) {
            heatFill.setBackground(new javafx.scene.layout.Background(new javafx.scene.layout.BackgroundFill(
                    c, new javafx.scene.layout.CornerRadii(8), javafx.geometry.Insets.EMPTY)));
            // Dark cards need light text.
            boolean dark = c.getBrightness() < 0.65;
            text.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("on-dark"), dark);
        } else {
            text.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("on-dark"), false);
        }
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        heatFill.resizeRelocate(x, y, w, h);
        stripe.resizeRelocate(x, y, 6, h);
        // Keep the text clear of the ports, which sit centred on the top and bottom edges.
        text.resizeRelocate(x + 14, y + 6, w - 36, h - 16);
        badge.resizeRelocate(x + w - 26, y + 6, 20, 20);
        portIn.setCenterX(x + w / 2);
        portIn.setCenterY(y);
        portOut.setCenterX(x + w / 2);
        portOut.setCenterY(y + h);
    }
}
