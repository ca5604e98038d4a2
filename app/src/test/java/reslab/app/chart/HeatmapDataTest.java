package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapDataTest {
    @Test
    void columnsArePublishedAsAnImmutablePrefix() {
        HeatmapData.Builder b = new HeatmapData.Builder();
        b.reset(List.of("1", "2", "out"));
        b.add(0, new float[] {1e-12f, 1e-6f, 1e-2f});
        HeatmapData first = b.build();
        for (int i = 1; i < 600; i++) b.add(i, new float[] {1f, 1f, 1f}); // forces growth
        assertEquals(1, first.columnCount());
        assertEquals(1e-12, first.value(0, 0), 1e-18);
        assertEquals(List.of("1", "2", "out"), first.rows());
        assertEquals(600, b.build().columnCount());
        assertThrows(IndexOutOfBoundsException.class, () -> first.step(1));
        assertTrue(Double.isNaN(first.value(0, 5)), "a row beyond a column's length is not measured");
    }

    @Test
    void fittedScaleCoversTheDataInWholeDecadesWithAMinimumSpan() {
        HeatmapData.Builder b = new HeatmapData.Builder();
        b.reset(List.of("1", "2"));
        b.add(0, new float[] {3e-4f, 2e-2f});
        LogScale fallback = new LogScale(-16, 0);
        assertEquals(new LogScale(-4, -1), b.build().fittedScale(3, fallback));
        b.add(1, new float[] {5e-13f, 0f});
        assertEquals(new LogScale(-13, -1), b.build().fittedScale(3, fallback), "zero is ignored, the low end grows");
        assertEquals(fallback, HeatmapData.EMPTY.fittedScale(3, fallback));
    }
}
