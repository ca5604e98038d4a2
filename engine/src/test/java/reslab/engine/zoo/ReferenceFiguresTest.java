package reslab.engine.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;

/**
 * The templates' parameters and multiply-adds against an independent count (layer by layer,
 * from the papers' tables and map sizes, written out here) and against the published
 * figures. Conventions (DESIGN.md): weights + biases + BN gamma/beta; conv and dense
 * multiply-adds of one example.
 */
class ReferenceFiguresTest {
    private static NetworkAnalysis analyze(String id) {
        NetworkAnalysis a = ShapeInference.analyze(Templates.find(id).orElseThrow().spec());
        assertEquals(List.of(), a.diagnostics(), id);
        return a;
    }

    // ---- one layer at a time ----

    /** k x k convolution cin -> cout, split into {@code groups} towers (AlexNet's two GPUs). */
    private static long convParams(int cin, int cout, int k, boolean bias, int groups) {
        return (long) cout * (cin / groups) * k * k + (bias ? cout : 0);
    }

    private static long convParams(int cin, int cout, int k, boolean bias) {
        return convParams(cin, cout, k, bias, 1);
    }

    /** Every one of the size x size x cout outputs is a cin*k*k dot product. */
    private static long convMacs(int cin, int cout, int k, int size) {
        return (long) size * size * cout * cin * k * k;
    }

    private static long denseParams(int in, int out) {
        return (long) in * out + out;
    }

    private static long bn(int channels) {
        return 2L * channels;
    }

    // ---- LeNet-5 ----

    @Test
    void lenet5HasThePublishedParamsAndMultiplyAdds() {
        // C1 1->6 5x5 on 32x32 gives 28x28; C3 6->16 5x5 on 14x14 gives 10x10; 16x5x5 = 400 -> 120 -> 84 -> 10.
        long params = convParams(1, 6, 5, true) + convParams(6, 16, 5, true)
                + denseParams(400, 120) + denseParams(120, 84) + denseParams(84, 10);
        long macs = convMacs(1, 6, 5, 28) + convMacs(6, 16, 5, 10) + 400 * 120 + 120 * 84 + 84 * 10;
        assertEquals(61_706, params, "DESIGN.md's figure");
        assertEquals(416_520, macs, "DESIGN.md's figure");
        NetworkAnalysis a = analyze("lenet5");
        assertEquals(params, a.totalParams());
        assertEquals(macs, a.totalMultiplyAdds());
    }

    // ---- AlexNet ----

    @Test
    void alexnetIsTheOneTowerVersionOfThePublishedTwoTowerCount() {
        // conv1 11x11/4 on 227 -> 55; conv2 5x5 on 27; conv3-5 3x3 on 13; 6x6x256 = 9216 -> 4096 -> 4096 -> 1000.
        long head = denseParams(9216, 4096) + denseParams(4096, 4096) + denseParams(4096, 1000);
        long twoTowers = convParams(3, 96, 11, true) + convParams(96, 256, 5, true, 2) + convParams(256, 384, 3, true)
                + convParams(384, 384, 3, true, 2) + convParams(384, 256, 3, true, 2) + head;
        assertEquals(60_965_224, twoTowers, "Krizhevsky et al.'s network, as commonly counted");
        long oneTower = convParams(3, 96, 11, true) + convParams(96, 256, 5, true) + convParams(256, 384, 3, true)
                + convParams(384, 384, 3, true) + convParams(384, 256, 3, true) + head;
        long macs = convMacs(3, 96, 11, 55) + convMacs(96, 256, 5, 27) + convMacs(256, 384, 3, 13)
                + convMacs(384, 384, 3, 13) + convMacs(384, 256, 3, 13) + 9216L * 4096 + 4096L * 4096 + 4096L * 1000;
        NetworkAnalysis a = analyze("alexnet");
        assertEquals(oneTower, a.totalParams());
        assertEquals(62_378_344, a.totalParams());
        assertEquals(macs, a.totalMultiplyAdds());
    }

    // ---- VGG ----

    /** Convolutions per stage, configuration D (16) and E (19); stage s works on 224 / 2^s maps. */
    private static long[] vgg(int[] convsPerStage) {
        int[] widths = {64, 128, 256, 512, 512};
        long params = 0, macs = 0;
        int cin = 3, size = 224;
        for (int s = 0; s < 5; s++) {
            for (int k = 0; k < convsPerStage[s]; k++) {
                params += convParams(cin, widths[s], 3, true);
                macs += convMacs(cin, widths[s], 3, size);
                cin = widths[s];
            }
            size /= 2;
        }
        int flat = 512 * 7 * 7;
        params += denseParams(flat, 4096) + denseParams(4096, 4096) + denseParams(4096, 1000);
        macs += (long) flat * 4096 + 4096L * 4096 + 4096L * 1000;
        return new long[] {params, macs};
    }

    @Test
    void vgg16HasThePublishedParamsAndMultiplyAdds() {
        long[] expected = vgg(new int[] {2, 2, 3, 3, 3});
        assertEquals(138_357_544, expected[0], "DESIGN.md's figure");
        assertEquals(1547, Math.round(expected[1] / 1e7), "15.47 G");
        NetworkAnalysis a = analyze("vgg16");
        assertEquals(expected[0], a.totalParams());
        assertEquals(expected[1], a.totalMultiplyAdds());
    }

    @Test
    void vgg19HasThePublishedParamsAndMultiplyAdds() {
        long[] expected = vgg(new int[] {2, 2, 4, 4, 4});
        assertEquals(143_667_240, expected[0], "torchvision's count");
        assertEquals(1963, Math.round(expected[1] / 1e7), "19.63 G");
        NetworkAnalysis a = analyze("vgg19");
        assertEquals(expected[0], a.totalParams());
        assertEquals(expected[1], a.totalMultiplyAdds());
    }

    // ---- ImageNet ResNets ----

    /**
     * Stem conv 7x7/2 (112x112) + BN, max pool to 56x56, basic blocks on 56, 28, 14, 7, a 1x1
     * projection + BN where a stage starts (option B) when {@code projections}, 512 -> 1000.
     */
    private static long[] imagenetResNet(int[] blocksPerStage, boolean projections) {
        int[] widths = {64, 128, 256, 512};
        int[] sizes = {56, 28, 14, 7};
        long params = convParams(3, 64, 7, false) + bn(64);
        long macs = convMacs(3, 64, 7, 112);
        int cin = 64;
        for (int s = 0; s < 4; s++) {
            int w = widths[s], size = sizes[s];
            for (int b = 0; b < blocksPerStage[s]; b++) {
                params += convParams(cin, w, 3, false) + bn(w) + convParams(w, w, 3, false) + bn(w);
                macs += convMacs(cin, w, 3, size) + convMacs(w, w, 3, size);
                if (projections && cin != w) {
                    params += convParams(cin, w, 1, false) + bn(w);
                    macs += convMacs(cin, w, 1, size);
                }
                cin = w;
            }
        }
        params += denseParams(512, 1000);
        macs += 512L * 1000;
        return new long[] {params, macs};
    }

    @Test
    void resnet18HasThePublishedParamsAndMultiplyAdds() {
        long[] expected = imagenetResNet(new int[] {2, 2, 2, 2}, true);
        assertEquals(11_689_512, expected[0], "DESIGN.md's figure");
        assertEquals(1814, Math.round(expected[1] / 1e6), "1.814 G");
        NetworkAnalysis a = analyze("resnet18");
        assertEquals(expected[0], a.totalParams());
        assertEquals(expected[1], a.totalMultiplyAdds());
    }

    @Test
    void resnet34HasThePublishedParamsAndMultiplyAdds() {
        long[] expected = imagenetResNet(new int[] {3, 4, 6, 3}, true);
        assertEquals(21_797_672, expected[0], "torchvision's count");
        assertEquals(366, Math.round(expected[1] / 1e7), "3.66 G (the paper's 3.6 billion FLOPs)");
        NetworkAnalysis a = analyze("resnet34");
        assertEquals(expected[0], a.totalParams());
        assertEquals(expected[1], a.totalMultiplyAdds());
    }

    @Test
    void plainImageNetNetsAreTheResNetsWithoutTheirProjections() {
        for (int[] c : new int[][] {{18, 2, 2, 2, 2}, {34, 3, 4, 6, 3}}) {
            long[] expected = imagenetResNet(new int[] {c[1], c[2], c[3], c[4]}, false);
            NetworkAnalysis a = analyze("plain" + c[0]);
            assertEquals(expected[0], a.totalParams(), "plain" + c[0]);
            assertEquals(expected[1], a.totalMultiplyAdds(), "plain" + c[0]);
        }
    }

    // ---- CIFAR ResNets ----

    /** 3x3 conv 3 -> 16 + BN, three stages of n blocks on 32, 16, 8 with 16, 32, 64 filters, option A (free), 64 -> 10. */
    private static long[] cifarResNet(int depth) {
        int n = (depth - 2) / 6;
        int[] widths = {16, 32, 64};
        int[] sizes = {32, 16, 8};
        long params = convParams(3, 16, 3, false) + bn(16);
        long macs = convMacs(3, 16, 3, 32);
        int cin = 16;
        for (int s = 0; s < 3; s++) {
            for (int b = 0; b < n; b++) {
                params += convParams(cin, widths[s], 3, false) + bn(widths[s]) + convParams(widths[s], widths[s], 3, false) + bn(widths[s]);
                macs += convMacs(cin, widths[s], 3, sizes[s]) + convMacs(widths[s], widths[s], 3, sizes[s]);
                cin = widths[s];
            }
        }
        return new long[] {params + denseParams(64, 10), macs + 64 * 10};
    }

    @Test
    void resnet20HasThePublishedParamsAndMultiplyAdds() {
        long[] expected = cifarResNet(20);
        assertEquals(269_722, expected[0], "DESIGN.md's figure");
        assertEquals(406, Math.round(expected[1] / 1e5), "40.6 M");
        NetworkAnalysis a = analyze("resnet20");
        assertEquals(expected[0], a.totalParams());
        assertEquals(expected[1], a.totalMultiplyAdds());
        NetworkAnalysis plain = analyze("plain20");
        assertEquals(expected[0], plain.totalParams(), "option A shortcuts have no parameters");
        assertEquals(expected[1], plain.totalMultiplyAdds());
    }

    @ParameterizedTest(name = "resnet{0}: {1} M parameters")
    @CsvSource({"20, 0.27", "32, 0.46", "44, 0.66", "56, 0.85", "110, 1.7", "1202, 19.4"})
    void cifarResNetsMatchTheParamsOfThePapersTable6(int depth, double millions) {
        long[] expected = cifarResNet(depth);
        NetworkAnalysis a = analyze("resnet" + depth);
        assertEquals(expected[0], a.totalParams());
        assertEquals(expected[1], a.totalMultiplyAdds());
        double rounded = millions >= 1 ? Math.round(expected[0] / 1e5) / 10.0 : Math.round(expected[0] / 1e4) / 100.0;
        assertEquals(millions, rounded, 1e-9, "He et al. 2015, table 6");
        if (depth != 1202) {
            NetworkAnalysis plain = analyze("plain" + depth);
            assertEquals(expected[0], plain.totalParams(), "plain" + depth);
        }
    }

    // ---- gated MLPs (no published count: the formula alone) ----

    @ParameterizedTest(name = "depth {0}")
    @CsvSource({"2", "10", "100"})
    void gatedMlpsAddOneScalarPerGatedLayer(int depth) {
        // 784 -> 50 (no bias, BN), then per layer 50x50 (no bias) + BN + the gate's k, then 50 -> 10.
        long layer = 50 * 50 + bn(50) + 1;
        long params = 784 * 50 + bn(50) + depth * layer + denseParams(50, 10);
        long macs = 784 * 50 + depth * 50L * 50 + 50 * 10;
        for (String family : List.of("gated-mlp-", "gated-resnet-mlp-")) {
            NetworkAnalysis a = analyze(family + depth);
            assertEquals(params, a.totalParams(), family + depth);
            assertEquals(macs, a.totalMultiplyAdds(), family + depth);
        }
    }
}
