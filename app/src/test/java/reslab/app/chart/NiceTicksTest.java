package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NiceTicksTest {
    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.2, NiceTicks.step(0.8, 4), 1e-12);
        assertEquals(10, NiceTicks.step(30, 4), 1e-12);
        assertEquals(5, NiceTicks.step(15, 5), 1e-12);
        assertEquals(200, NiceTicks.step(1000, 5), 1e-9);
    }

    @Test
    void axisEndIsTheNextWholeStep() {
        assertEquals(0.8, NiceTicks.ceil(0.705, 0.2), 1e-12);
        assertEquals(30, NiceTicks.ceil(24.3, 10), 1e-12);
        assertEquals(10, NiceTicks.ceil(10, 10), 1e-12);
    }
}
