package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SciFormatTest {
    @Test
    void smallNumbersUseSuperscriptPowersOfTen() {
        assertEquals("9.9 × 10⁻¹³", SciFormat.format(9.9e-13));
        assertEquals("1.0 × 10⁻⁴", SciFormat.format(0.0001));
        assertEquals("1.2 × 10⁴", SciFormat.format(12345));
    }

    @Test
    void mantissaThatRoundsToTenMovesToTheNextPower() {
        assertEquals("1.0 × 10⁻¹²", SciFormat.format(9.99e-13));
    }

    @Test
    void everydayNumbersArePlain() {
        assertEquals("0.705", SciFormat.format(0.7049));
        assertEquals("1.43", SciFormat.format(1.4321));
        assertEquals("24.0", SciFormat.format(24.04));
        assertEquals("0", SciFormat.format(0));
        assertEquals("—", SciFormat.format(Double.NaN));
    }

    @Test
    void powerOfTenHandlesZeroAndNegatives() {
        assertEquals("10⁰", SciFormat.powerOfTen(0));
        assertEquals("10⁻¹⁶", SciFormat.powerOfTen(-16));
        assertEquals("10²", SciFormat.powerOfTen(2));
    }
}
