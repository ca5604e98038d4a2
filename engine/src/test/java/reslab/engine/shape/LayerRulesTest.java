package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static reslab.engine.shape.TinyNets.dense;
import static reslab.engine.shape.TinyNets.infer;
import static reslab.engine.shape.TinyNets.input;
import static reslab.engine.shape.TinyNets.net;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * Each layer kind's output shape, parameters and multiply-adds. Expected output sizes are
 * worked out by hand in the tables (VALID floor((in - k) / s) + 1, EXPLICIT
 * floor((in + 2p - k) / s) + 1, SAME ceil(in / s)); costs by the formula beside each test.
 */
class LayerRulesTest {
    private static Padding padding(String mode, int h, int w) {
        return switch (mode) {
            case "SAME" -> Padding.SAME;
            case "VALID" -> Padding.VALID;
            default -> Padding.explicit(h, w);
        };
    }

    @ParameterizedTest(name = "{0}x{1}x{2} conv {4}x{5}/{6}x{7} {8} -> {12}x{13}")
    @CsvSource({
            // c, h, w, filters, kh, kw, sh, sw, padding, ph, pw, bias, out h, out w
            "3, 32, 32, 6, 5, 5, 1, 1, VALID, 0, 0, true, 28, 28",    // LeNet C1
            "3, 7, 7, 4, 3, 3, 2, 2, VALID, 0, 0, false, 3, 3",       // (7-3)/2+1
            "1, 8, 8, 2, 3, 3, 2, 2, VALID, 0, 0, true, 3, 3",        // floor(5/2)+1: the last column is dropped
            "3, 7, 7, 4, 3, 3, 2, 2, SAME, 0, 0, false, 4, 4",        // ceil(7/2)
            "1, 3, 3, 2, 5, 5, 1, 1, SAME, 0, 0, true, 3, 3",         // SAME pads a window larger than the input
            "2, 5, 5, 3, 3, 3, 2, 2, EXPLICIT, 1, 1, true, 3, 3",     // (5+2-3)/2+1
            "1, 6, 9, 2, 3, 5, 1, 2, EXPLICIT, 1, 2, false, 6, 5",    // rows (6+2-3)/1+1, columns (9+4-5)/2+1
            "3, 224, 224, 64, 7, 7, 2, 2, EXPLICIT, 3, 3, false, 112, 112", // ResNet stem: (224+6-7)/2+1
            "3, 227, 227, 96, 11, 11, 4, 4, VALID, 0, 0, true, 55, 55",     // AlexNet conv1
    })
    void convolutionShapeParamsAndMultiplyAdds(int c, int h, int w, int filters, int kh, int kw, int sh, int sw,
                                               String mode, int ph, int pw, boolean bias, int outH, int outW) {
        NodeInfo x = infer(Shape.of(c, h, w),
                new Conv2DSpec(filters, kh, kw, sh, sw, padding(mode, ph, pw), bias, Init.HE_NORMAL));
        assertEquals(Shape.of(filters, outH, outW), x.outputShape());
        long weights = (long) filters * c * kh * kw;
        assertEquals(weights + (bias ? filters : 0), x.params(), "weights + one bias per filter");
        assertEquals((long) outH * outW * filters * c * kh * kw, x.multiplyAdds(), "one c*kh*kw dot product per output value");
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3} window {4}/{5} {6} -> {8}x{9}")
    @CsvSource({
            // kind, c, h, w, k, s, padding, p, out h, out w
            "max, 3, 7, 7, 3, 2, VALID, 0, 3, 3",
            "max, 3, 7, 7, 3, 2, SAME, 0, 4, 4",
            "max, 3, 7, 7, 3, 2, EXPLICIT, 1, 4, 4",      // (7+2-3)/2+1
            "max, 64, 112, 112, 3, 2, EXPLICIT, 1, 56, 56", // ResNet's stem pool
            "max, 96, 55, 55, 3, 2, VALID, 0, 27, 27",     // AlexNet pool1
            "avg, 6, 28, 28, 2, 2, VALID, 0, 14, 14",      // LeNet S2
            "avg, 2, 5, 5, 2, 2, VALID, 0, 2, 2",          // floor(3/2)+1
            "avg, 2, 5, 5, 2, 2, SAME, 0, 3, 3",           // ceil(5/2)
            "avg, 2, 5, 9, 3, 1, EXPLICIT, 1, 5, 9",       // same size with k=3, p=1, s=1
    })
    void poolingKeepsChannelsAndCostsNothing(String kind, int c, int h, int w, int k, int s, String mode, int p,
                                             int outH, int outW) {
        LayerSpec pool = kind.equals("max") ? MaxPoolSpec.of(k, s, padding(mode, p, p)) : AvgPoolSpec.of(k, s, padding(mode, p, p));
        NodeInfo x = infer(Shape.of(c, h, w), pool);
        assertEquals(Shape.of(c, outH, outW), x.outputShape());
        assertEquals(0, x.params());
        assertEquals(0, x.multiplyAdds());
    }

    @Test
    void rectangularPoolWindowUsesEachAxisOwnKernelAndStride() {
        NodeInfo x = infer(Shape.of(1, 10, 10), new MaxPoolSpec(2, 4, 2, 3, Padding.VALID));
        assertEquals(Shape.of(1, 5, 3), x.outputShape(), "rows (10-2)/2+1, columns (10-4)/3+1");
    }

    @Test
    void batchNormHasGammaAndBetaPerChannelOrFeature() {
        NodeInfo image = infer(Shape.of(8, 4, 4), BatchNormSpec.DEFAULT);
        assertEquals(Shape.of(8, 4, 4), image.outputShape());
        assertEquals(2 * 8, image.params(), "running mean and variance are state, not parameters");
        assertEquals(0, image.multiplyAdds());
        assertEquals(2 * 10, infer(Shape.of(10), BatchNormSpec.DEFAULT).params());
    }

    @Test
    void globalAvgPoolKeepsOneValuePerChannel() {
        NodeInfo x = infer(Shape.of(8, 3, 5), new GlobalAvgPoolSpec());
        assertEquals(Shape.of(8), x.outputShape());
        assertEquals(0, x.params() + x.multiplyAdds());
    }

    @Test
    void flattenMultipliesTheAxesAndLeavesAFlatInputAlone() {
        assertEquals(Shape.of(8 * 3 * 5), infer(Shape.of(8, 3, 5), new FlattenSpec()).outputShape());
        assertEquals(Shape.of(7), infer(Shape.of(7), new FlattenSpec()).outputShape());
    }

    @Test
    void elementwiseLayersKeepTheShapeAndCostNothing() {
        for (LayerSpec layer : List.of(new SigmoidSpec(), new TanhSpec(), new ReluSpec(), new LeakyReluSpec(0.2),
                new DropoutSpec(0.5), new DropoutSpec(0.0))) {
            for (Shape in : List.of(Shape.of(6), Shape.of(2, 3, 5))) {
                NodeInfo x = infer(in, layer);
                assertEquals(in, x.outputShape(), layer + " on " + in);
                assertEquals(0, x.params() + x.multiplyAdds(), layer.kind());
            }
        }
    }

    @Test
    void zeroPadShortcutWidensAndSubsamplesForFree() {
        NodeInfo flat = infer(Shape.of(5), new ZeroPadShortcutSpec(8));
        assertEquals(Shape.of(8), flat.outputShape());
        NodeInfo image = infer(Shape.of(16, 32, 32), new ZeroPadShortcutSpec(32, 2));
        assertEquals(Shape.of(32, 16, 16), image.outputShape());
        assertEquals(0, image.params() + image.multiplyAdds());
        // Rows 0, 2, 4, 6 of seven: ceil(7/2), the size a 1x1 stride-2 convolution gives too.
        assertEquals(Shape.of(32, 4, 4), infer(Shape.of(16, 7, 7), new ZeroPadShortcutSpec(32, 2)).outputShape());
    }

    @Test
    void projectionShortcutCountsItsOneByOneConvolutionAndBatchNorm() {
        NodeInfo withBn = infer(Shape.of(64, 56, 56), new ProjectionShortcutSpec(128, 2, true, Init.HE_NORMAL));
        assertEquals(Shape.of(128, 28, 28), withBn.outputShape());
        assertEquals(64 * 128 + 2 * 128, withBn.params());
        assertEquals(64L * 128 * 28 * 28, withBn.multiplyAdds());
        NodeInfo noBn = infer(Shape.of(64, 56, 56), new ProjectionShortcutSpec(128, 2, false, Init.HE_NORMAL));
        assertEquals(64 * 128, noBn.params());
        assertEquals(Shape.of(8, 4, 3), infer(Shape.of(4, 7, 5), new ProjectionShortcutSpec(8, 2, false, Init.HE_NORMAL)).outputShape(),
                "ceil(7/2) x ceil(5/2)");
        NodeInfo flat = infer(Shape.of(17), new ProjectionShortcutSpec(23, 1, true, Init.HE_NORMAL));
        assertEquals(Shape.of(23), flat.outputShape());
        assertEquals(17 * 23 + 2 * 23, flat.params(), "a Dense without bias, then BN");
        assertEquals(17 * 23, flat.multiplyAdds());
    }

    @Test
    void gateHasOneParameterAndAddNone() {
        for (LayerSpec join : List.of(new GateSpec(GateSpec.Kind.PLAIN), new GateSpec(GateSpec.Kind.RESIDUAL), new AddSpec())) {
            NetworkAnalysis a = ShapeInference.analyze(net(input(6),
                    dense("f", 6, "input"),
                    NodeSpec.of("join", join, "input", "f"),
                    dense("output", 2, "join")));
            assertEquals(List.of(), a.diagnostics());
            NodeInfo j = a.node("join").orElseThrow();
            assertEquals(Shape.of(6), j.outputShape());
            assertEquals(join instanceof GateSpec ? 1 : 0, j.params(), "the gate's scalar k");
            assertEquals(0, j.multiplyAdds());
        }
    }
}
