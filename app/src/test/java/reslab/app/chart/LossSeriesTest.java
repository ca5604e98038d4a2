package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LossSeriesTest {
    @Test
    void publishedSeriesDoesNotChangeWhenTheBuilderGrowsOrClears() {
        LossSeries.Builder b = new LossSeries.Builder();
        b.add(0, 0.7);
        b.add(1, 0.6);
        LossSeries first = b.build();
        for (int i = 2; i < 1000; i++) b.add(i, 1.0 / i); // forces the arrays to grow
        b.clear();
        b.add(0, 9.0);
        assertEquals(2, first.size());
        assertEquals(0.7, first.value(0));
        assertEquals(0.6, first.value(1));
        assertEquals(1, b.build().size());
        assertThrows(IndexOutOfBoundsException.class, () -> first.value(2));
    }

    @Test
    void maxValueIgnoresNonFinitePoints() {
        LossSeries.Builder b = new LossSeries.Builder();
        b.add(0, 0.5);
        b.add(1, Double.NaN);
        b.add(2, 2.5);
        b.add(3, Double.POSITIVE_INFINITY);
        assertEquals(2.5, b.build().maxValue());
        assertEquals(3, b.build().lastStep());
    }
}
