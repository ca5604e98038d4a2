package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossSmoothingTest {
    @Test
    void shortRunsAreNotSmoothed() {
        LossSeries.Builder b = new LossSeries.Builder();
        b.add(0, 0.7);
        b.add(1, 0.5);
        double[] s = LossChartSkin.smoothed(b.build());
        assertEquals(0.7, s[0], 1e-12);
        assertEquals(0.5, s[1], 1e-12);
    }

    @Test
    void aConstantStaysConstantFromTheFirstPoint() {
        LossSeries.Builder b = new LossSeries.Builder();
        for (int i = 0; i < 1000; i++) b.add(i, 0.3);
        for (double v : LossChartSkin.smoothed(b.build())) assertEquals(0.3, v, 1e-12); // bias-corrected
    }

    @Test
    void alternatingNoiseIsFlattenedTowardItsMean() {
        LossSeries.Builder b = new LossSeries.Builder();
        for (int i = 0; i < 2000; i++) b.add(i, i % 2 == 0 ? 0.1 : 0.3);
        double[] s = LossChartSkin.smoothed(b.build());
        assertTrue(Math.abs(s[1999] - 0.2) < 0.01, "smoothed " + s[1999]);
    }
}
