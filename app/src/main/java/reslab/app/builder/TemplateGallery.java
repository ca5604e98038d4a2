package reslab.app.builder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import reslab.app.design.AutoLayout;
import reslab.app.design.BuilderViewModel;
import reslab.app.i18n.Messages;
import reslab.engine.io.ProjectDocument.NodePosition;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** Every template as a card: a thumbnail of its graph, its depth, parameters and multiply-adds. */
public final class TemplateGallery {
    private TemplateGallery() {}

    /** What the gallery offers, in teaching order. */
    public static List<Template> templates() {
        List<Template> out = new ArrayList<>();
        for (String id : Templates.gallery()) Templates.find(id).ifPresent(out::add);
        return out;
    }

    /** Weighted layers (dense and convolution): the depth people quote ("ResNet-18"). */
    public static int depth(NetworkSpec spec) {
        int d = 0;
        for (NodeSpec n : spec.nodes()) if (n.layer() instanceof DenseSpec || n.layer() instanceof Conv2DSpec) d++;
        return d;
    }

    public static void show(Window owner, BuilderViewModel builder, Messages m) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle(m.get("gallery.title"));
        FlowPane cards = new FlowPane(14, 14);
        cards.setPadding(new Insets(16));
        cards.getStyleClass().add("gallery");
        for (Template t : templates()) {
            VBox card = card(t, m);
            card.setOnMouseClicked(e -> {
                builder.loadTemplate(t);
                stage.close();
            });
            cards.getChildren().add(card);
        }
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        Scene scene = new Scene(scroll, 980, 680);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        scene.getRoot().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass());
        scene.getStylesheets().addAll(owner.getScene().getRoot().getStylesheets());
        stage.setScene(scene);
        stage.show();
    }

    static VBox card(Template t, Messages m) {
        NetworkAnalysis a = ShapeInference.analyze(t.spec());
        Canvas thumb = thumbnail(t.spec(), 210, 130);
        Label title = new Label(TemplateText.title(t, m));
        title.getStyleClass().add("gallery-title");
        title.setWrapText(true);
        Label id = new Label(t.id());
        id.getStyleClass().add("gallery-id");
        Label facts = new Label(m.format("gallery.facts", depth(t.spec()), LayerTitles.compact(a.totalParams()),
                LayerTitles.compact(a.totalMultiplyAdds())));
        facts.getStyleClass().add("gallery-facts");
        VBox card = new VBox(6, thumb, title, id, facts);
        card.getStyleClass().add("gallery-card");
        card.setId("gallery-" + t.id());
        card.setPrefWidth(232);
        return card;
    }

    /** The graph from the auto-layout, scaled into w x h: one dot-box per node, in its category's colour. */
    static Canvas thumbnail(NetworkSpec spec, double w, double h) {
        Canvas c = new Canvas(w, h);
        GraphicsContext g = c.getGraphicsContext2D();
        g.setFill(Color.web("#f3f5f8"));
        g.fillRoundRect(0, 0, w, h, 10, 10);
        Map<String, NodePosition> pos = AutoLayout.layout(spec);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (NodePosition p : pos.values()) {
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y());
            maxY = Math.max(maxY, p.y());
        }
        // The graph runs top to bottom; a deep net is drawn sideways (left to right) to fill the card.
        boolean sideways = (maxY - minY) > (maxX - minX) * 1.5;
        double spanA = Math.max(1, sideways ? maxY - minY : maxX - minX);
        double spanB = Math.max(1, sideways ? maxX - minX : maxY - minY);
        double pad = 10;
        // One scale for both directions, so a chain stays a line and a block keeps its shape;
        // the drawing is centred in the card.
        double scale = Math.min((w - 2 * pad) / spanA, (h - 2 * pad) / Math.max(spanB, spanA * 0.02));
        double sa = scale, sb = scale;
        double offA = (w - 2 * pad - spanA * scale) / 2, offB = (h - 2 * pad - (sideways ? maxX - minX : maxY - minY) * scale) / 2;
        g.setStroke(Color.web("#9aa4b4"));
        g.setLineWidth(0.8);
        for (NodeSpec n : spec.nodes()) {
            for (String in : n.inputs()) {
                NodePosition a = pos.get(in), b = pos.get(n.id());
                if (a == null || b == null) continue;
                double[] pa = place(a, sideways, minX, minY, sa, sb, pad + offA, pad + offB), pb = place(b, sideways, minX, minY, sa, sb, pad + offA, pad + offB);
                g.strokeLine(pa[0], pa[1], pb[0], pb[1]);
            }
        }
        double box = Math.max(3, Math.min(9, scale * 70));
        for (NodeSpec n : spec.nodes()) {
            double[] p = place(pos.get(n.id()), sideways, minX, minY, sa, sb, pad + offA, pad + offB);
            g.setFill(categoryColour(LayerCategory.of(n.layer())));
            g.fillRoundRect(p[0] - box / 2, p[1] - box / 2, box, box, 2, 2);
        }
        return c;
    }

    /** Where a node lands in the card: {@code a} along the card's width, {@code b} down it. */
    private static double[] place(NodePosition p, boolean sideways, double minX, double minY, double sa, double sb,
                                  double startA, double startB) {
        if (sideways) return new double[] {startA + (p.y() - minY) * sa, startB + (p.x() - minX) * sb};
        return new double[] {startA + (p.x() - minX) * sa, startB + (p.y() - minY) * sb};
    }

    /** The same hues as the CSS categories (a thumbnail is drawn, not styled). */
    static Color categoryColour(LayerCategory c) {
        return switch (c) {
            case INPUT -> Color.web("#64748b");
            case CORE -> Color.web("#2563eb");
            case CONVOLUTION -> Color.web("#7c3aed");
            case NORMALISATION -> Color.web("#0d9488");
            case POOLING -> Color.web("#d97706");
            case SHORTCUTS -> Color.web("#dc2626");
            case BLOCKS -> Color.web("#be185d");
            case LOSSES -> Color.web("#475569");
        };
    }
}
