package reslab.app.builder;

import javafx.css.PseudoClass;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurve;

/**
 * A wire from an output port down to an input port, with the shape it carries written on it.
 * CSS: {@code .wire}, {@code .wire-line}, {@code .wire-label}; pseudo-classes
 * {@code :invalid}, {@code :selected}.
 */
public class WireView extends Group {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private final CubicCurve curve = new CubicCurve();
    private final CubicCurve hitArea = new CubicCurve();
    private final Label label = new Label();
    /** The gradient flowing back along the wire: painted from data, no style class. */
    private final CubicCurve heatLine = new CubicCurve();
    private String designFrom;
    private String designTo;
    private double labelWidth = -1, labelHeight;   // measured when the text changes, not per route

    public WireView() {
        getStyleClass().add("wire");
        curve.getStyleClass().add("wire-line");
        hitArea.getStyleClass().add("wire-hit");
        label.getStyleClass().add("wire-label");
        curve.setMouseTransparent(true);
        label.setMouseTransparent(true);
        heatLine.setMouseTransparent(true);
        heatLine.setFill(null);
        heatLine.setVisible(false);
        heatLine.setStrokeLineCap(javafx.scene.shape.StrokeLineCap.ROUND);
        getChildren().addAll(hitArea, curve, heatLine, label);
    }

    void setEnds(String from, String to) {
        this.designFrom = from;
        this.designTo = to;
        setId("wire-" + from + "-" + to);
    }

    public String designFrom() { return designFrom; }
    public String designTo() { return designTo; }

    public String label() {
        return label.getText();
    }

    void setLabel(String text) {
        if (!text.equals(label.getText())) {
            label.setText(text);
            labelWidth = -1;
        }
    }

    void setInvalid(boolean invalid) {
        pseudoClassStateChanged(INVALID, invalid);
    }

    /** Colour and width for a gradient magnitude, or null to show the plain wire. */
    void setHeat(javafx.scene.paint.Color c, double width) {
        heatLine.setVisible(c != null);
        if (c != null) {
            heatLine.setStroke(c);
            heatLine.setStrokeWidth(width);
        }
    }

    void setSelected(boolean selected) {
        pseudoClassStateChanged(SELECTED, selected);
    }

    /**
     * A wire that skips rows in the same column (an identity shortcut) arcs out to the left, as
     * in the ResNet paper's figures, so it is not hidden behind the layers it skips. A wire that
     * goes up (to the top of the next band of a wrapped layout) loops down, across and up.
     */
    void route(double x1, double y1, double x2, double y2, double rowHeight) {
        double c1x = x1, c2x = x2, c1y, c2y;
        boolean skip = y2 - y1 > rowHeight * 1.5 && Math.abs(x2 - x1) < rowHeight;
        if (y2 < y1) {
            c1y = y1 + rowHeight;
            c2y = y2 - rowHeight;
        } else {
            double bend = Math.max(30, Math.abs(y2 - y1) * 0.45);
            c1y = y1 + bend;
            c2y = y2 - bend;
            if (skip) {
                double out = Math.min(190, 70 + (y2 - y1) * 0.12);
                c1x = x1 - out;
                c2x = x2 - out;
                c1y = y1 + (y2 - y1) * 0.15;
                c2y = y2 - (y2 - y1) * 0.15;
            }
        }
        for (CubicCurve c : new CubicCurve[] {curve, hitArea, heatLine}) {
            c.setStartX(x1);
            c.setStartY(y1);
            c.setControlX1(c1x);
            c.setControlY1(c1y);
            c.setControlX2(c2x);
            c.setControlY2(c2y);
            c.setEndX(x2);
            c.setEndY(y2);
        }
        // The label sits on the curve's midpoint (t = 0.5 of the Bezier).
        double mx = 0.125 * x1 + 0.375 * c1x + 0.375 * c2x + 0.125 * x2;
        double my = 0.125 * y1 + 0.375 * c1y + 0.375 * c2y + 0.125 * y2;
        if (labelWidth < 0) {
            label.applyCss();
            labelWidth = label.prefWidth(-1);
            labelHeight = label.prefHeight(-1);
        }
        label.resizeRelocate(mx - labelWidth / 2, my - labelHeight / 2, labelWidth, labelHeight);
    }
}
