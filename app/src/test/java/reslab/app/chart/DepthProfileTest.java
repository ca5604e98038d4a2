package reslab.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DepthProfileTest {
    @Test
    void ratioComparesFirstLayerWithTheLayerBeforeTheOutput() {
        DepthProfile p = new DepthProfile(List.of(
                new DepthProfile.Bar("dense1", "1", 2e-12),
                new DepthProfile.Bar("dense2", "2", 1e-6),
                new DepthProfile.Bar("dense3", "3", 4e-4),
                new DepthProfile.Bar("output", "out", 1e-2)));
        assertEquals(5e-9, p.firstToLastHiddenRatio(), 1e-20);
    }

    @Test
    void ratioIsUndefinedWithoutHiddenLayers() {
        assertTrue(Double.isNaN(DepthProfile.EMPTY.firstToLastHiddenRatio()));
        assertTrue(Double.isNaN(new DepthProfile(List.of(
                new DepthProfile.Bar("a", "1", 1), new DepthProfile.Bar("b", "out", 1))).firstToLastHiddenRatio()));
    }
}
