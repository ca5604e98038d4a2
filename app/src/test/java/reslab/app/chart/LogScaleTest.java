package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogScaleTest {
    private final LogScale scale = new LogScale(-16, 0);

    @Test
    void powersOfTenSitOnTheirDecade() {
        assertEquals(0.0, scale.fraction(1e-16), 1e-12);
        assertEquals(0.5, scale.fraction(1e-8), 1e-12);
        assertEquals(1.0, scale.fraction(1.0), 1e-12);
        assertEquals(-12.0, scale.exponent(1e-12), 1e-9);
    }

    @Test
    void valuesOutsideTheRangeAreClamped() {
        assertEquals(0.0, scale.fraction(1e-30));
        assertEquals(0.0, scale.fraction(0.0));
        assertEquals(0.0, scale.fraction(-3.0));
        assertEquals(0.0, scale.fraction(Double.NaN));
        assertEquals(1.0, scale.fraction(50.0));
        assertEquals(1.0, scale.fraction(Double.POSITIVE_INFINITY));
    }

    @Test
    void includingGrowsTheTopToWholeDecadesOnly() {
        assertEquals(new LogScale(-16, 2), scale.including(37.0));
        assertSame(scale, scale.including(0.5));
        assertSame(scale, scale.including(Double.NaN));
    }

    @Test
    void anEmptyScaleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LogScale(0, 0));
    }
}
