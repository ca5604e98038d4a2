package reslab.app.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.Shape;

class LayerPropertiesTest {
    @Test
    void everyPaletteLayerRoundTripsEveryPropertyThroughItsText() throws Exception {
        for (PaletteCatalog.Item item : PaletteCatalog.ITEMS) {
            if (item.isLoss() || item.isBlock()) continue;
            LayerSpec spec = item.prototype();
            for (LayerProperties.Property p : LayerProperties.of(spec)) {
                String text = p.value() instanceof Padding.Mode m ? m.name() : p.text();
                assertEquals(spec, LayerProperties.with(spec, p.name(), text), item.id() + "." + p.name());
            }
        }
    }

    @Test
    void editingAConvPropertyChangesOnlyThatProperty() throws Exception {
        Conv2DSpec c = Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL);
        assertEquals(Conv2DSpec.of(64, 3, 1, Padding.SAME, false, Init.HE_NORMAL), LayerProperties.with(c, "filters", "64"));
        assertEquals(new Conv2DSpec(16, 3, 3, 1, 1, Padding.explicit(0, 0), false, Init.HE_NORMAL),
                LayerProperties.with(c, "padding.mode", "explicit"));
        LayerSpec explicit = LayerProperties.with(c, "padding.mode", "explicit");
        assertEquals(Padding.explicit(2, 0), ((Conv2DSpec) LayerProperties.with(explicit, "padding.h", "2")).padding());
        assertEquals(Init.constant(0.5), ((Conv2DSpec) LayerProperties.with(c, "init", "constant(0.5)")).init());
        assertEquals(5, LayerProperties.of(explicit).stream().filter(p -> p.name().startsWith("padding") || p.name().startsWith("stride")).count(),
                "stride rows and columns, padding mode, rows and columns");
    }

    @Test
    void badValuesAreRefusedAsTyped() {
        Conv2DSpec c = Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL);
        assertEquals("positive", assertThrows(LayerProperties.InvalidValue.class, () -> LayerProperties.with(c, "strideH", "-1")).code());
        assertEquals("positive", assertThrows(LayerProperties.InvalidValue.class, () -> LayerProperties.with(c, "filters", "0")).code());
        assertEquals("not-a-whole-number", assertThrows(LayerProperties.InvalidValue.class, () -> LayerProperties.with(c, "kernelH", "3.5")).code());
        assertEquals("rate-range", assertThrows(LayerProperties.InvalidValue.class,
                () -> LayerProperties.with(new DropoutSpec(0.5), "rate", "1")).code());
        assertTrue(assertThrows(LayerProperties.InvalidValue.class, () -> LayerProperties.with(c, "init", "magic"))
                .getMessage().contains("unknown initialiser"));
    }

    @Test
    void shapesAreTypedAsSizesJoinedByX() throws Exception {
        InputSpec in = new InputSpec(Shape.of(2));
        assertEquals(new InputSpec(Shape.of(3, 32, 32)), LayerProperties.with(in, "shape", "3x32x32"));
        assertEquals(new InputSpec(Shape.of(1, 28, 28)), LayerProperties.with(in, "shape", "1 × 28 × 28"));
        assertEquals("shape-rank", assertThrows(LayerProperties.InvalidValue.class, () -> LayerProperties.with(in, "shape", "3x32")).code());
    }
}
