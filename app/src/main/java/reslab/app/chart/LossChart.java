package reslab.app.chart;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * Loss against training steps, on a log (default) or linear axis. Handles long runs: the line is
 * drawn from at most two points per pixel column (minimum and maximum of the column).
 *
 * <p>CSS: {@code .loss-chart}; parts {@code .series-line}, {@code .axis-tick-label},
 * {@code .grid-line}, {@code .axis-line}, {@code .axis-title}.
 */
public class LossChart extends Control {
    private final ObjectProperty<LossSeries> series = new SimpleObjectProperty<>(this, "series", LossSeries.EMPTY);
    private final ObjectProperty<LossSeries> secondarySeries = new SimpleObjectProperty<>(this, "secondarySeries", LossSeries.EMPTY);
    private final StringProperty primaryName = new SimpleStringProperty(this, "primaryName", "");
    private final StringProperty secondaryName = new SimpleStringProperty(this, "secondaryName", "");
    private final javafx.beans.property.DoubleProperty fixedMax =
            new javafx.beans.property.SimpleDoubleProperty(this, "fixedMax", Double.NaN);
    private final StringProperty xTitle = new SimpleStringProperty(this, "xTitle", "");
    private final StringProperty yTitle = new SimpleStringProperty(this, "yTitle", "");
    private final javafx.beans.property.BooleanProperty logarithmic =
            new javafx.beans.property.SimpleBooleanProperty(this, "logarithmic", true);

    public LossChart() {
        getStyleClass().add("loss-chart");
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new LossChartSkin(this);
    }

    public ObjectProperty<LossSeries> seriesProperty() { return series; }
    /** A second curve, e.g. the test split: drawn with a marker at each point. */
    public ObjectProperty<LossSeries> secondarySeriesProperty() { return secondarySeries; }
    public StringProperty primaryNameProperty() { return primaryName; }
    public StringProperty secondaryNameProperty() { return secondaryName; }
    private final javafx.beans.property.BooleanProperty legendAtBottom =
            new javafx.beans.property.SimpleBooleanProperty(this, "legendAtBottom", false);

    /** Legend in the plot's bottom-right corner (for curves that rise, like accuracy). */
    public javafx.beans.property.BooleanProperty legendAtBottomProperty() { return legendAtBottom; }

    /** A fixed top for a linear axis from zero (1 for accuracy); NaN to follow the data. */
    public javafx.beans.property.DoubleProperty fixedMaxProperty() { return fixedMax; }
    public LossSeries getSeries() { return series.get(); }
    public void setSeries(LossSeries s) { series.set(s == null ? LossSeries.EMPTY : s); }

    public StringProperty xTitleProperty() { return xTitle; }
    public void setXTitle(String t) { xTitle.set(t); }
    public String getXTitle() { return xTitle.get(); }

    /**
     * Log-scale loss axis (the default): a run that falls from 4 to 0.001 shows its whole
     * course, and an early spike does not flatten the rest of the curve.
     */
    public javafx.beans.property.BooleanProperty logarithmicProperty() { return logarithmic; }
    public boolean isLogarithmic() { return logarithmic.get(); }
    public void setLogarithmic(boolean v) { logarithmic.set(v); }

    public StringProperty yTitleProperty() { return yTitle; }
    public void setYTitle(String t) { yTitle.set(t); }
    public String getYTitle() { return yTitle.get(); }
}
