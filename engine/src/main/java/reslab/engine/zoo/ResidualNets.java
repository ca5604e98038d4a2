package reslab.engine.zoo;

import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ShortcutOption;

/** The residual networks of He et al. 2015, their plain twins, and the gated MLPs of Savarese et al. */
final class ResidualNets {
    private ResidualNets() {}

    /** Basic blocks per stage of the 18- and 34-layer ImageNet nets (He et al. 2015, table 1). */
    private static final int[] STAGES_18 = {2, 2, 2, 2};
    private static final int[] STAGES_34 = {3, 4, 6, 3};
    private static final int[] IMAGENET_WIDTHS = {64, 128, 256, 512};

    /**
     * ResNet-18/34 in torchvision's layout, or the plain net of the same shape: conv 7x7/2 64,
     * BN, ReLU, max-pool 3x3/2, four stages of basic blocks (the first of stages 2-4 halves the
     * size with stride 2), global average pool, 1000-way Dense. Option B shortcuts, a BN after
     * every convolution, no convolution bias. ResNet-18: 11,689,512 parameters, 1.814 G
     * multiply-adds.
     */
    static Template imagenet(int depth, boolean residual) {
        int[] blocks = depth == 18 ? STAGES_18 : STAGES_34;
        Sequential s = new Sequential(Shape.of(3, 224, 224))
                .add("conv1", Conv2DSpec.of(64, 7, 2, Padding.explicit(3), false, Init.HE_NORMAL))
                .add("bn1", BatchNormSpec.DEFAULT).add("relu", new ReluSpec())
                .add("maxpool", MaxPoolSpec.of(3, 2, Padding.explicit(1)));
        stages(s, blocks, IMAGENET_WIDTHS, 64, residual, ShortcutOption.B_PROJECTION_WHERE_NEEDED);
        s.add("avgpool", new GlobalAvgPoolSpec()).add("output", new DenseSpec(1000, Init.GLOROT_UNIFORM));
        String id = (residual ? "resnet" : "plain") + depth;
        String title = (residual ? "ResNet-" : "Plain-") + depth;
        String description = depth + "-layer " + (residual ? "residual" : "plain") + " network for 224x224 colour images in "
                + "torchvision's layout: 7x7 stem, four stages of 3x3 basic blocks (64 to 512 channels)"
                + (residual ? ", 1x1 projection shortcuts where the size changes (option B)" : ", no shortcuts")
                + "; random data";
        return new Template(id, title, description, s.build(id), Templates.SYNTHETIC, Templates.training(16, 0.1));
    }

    private static final int[] CIFAR_WIDTHS = {16, 32, 64};

    /**
     * The CIFAR-10 nets of He et al. 2015 (section 4.2): 6n+2 layers, a 3x3 16-filter conv, then
     * three stages of n basic blocks on 32x32, 16x16, 8x8 maps with 16, 32, 64 filters, global
     * average pool and a 10-way Dense. Option A shortcuts, so the residual and plain nets have
     * the same parameters. ResNet-20: 269,722 parameters, 40.6 M multiply-adds.
     */
    static Template cifar(int depth, boolean residual) {
        int n = (depth - 2) / 6;
        Sequential s = new Sequential(Shape.of(3, 32, 32))
                .add("conv1", Blocks.conv3x3(16, 1)).add("bn1", BatchNormSpec.DEFAULT).add("relu1", new ReluSpec());
        stages(s, new int[] {n, n, n}, CIFAR_WIDTHS, 16, residual, ShortcutOption.A_ZERO_PAD);
        s.add("avgpool", new GlobalAvgPoolSpec()).add("output", new DenseSpec(10, Init.GLOROT_UNIFORM));
        String id = (residual ? "resnet" : "plain") + depth;
        String title = (residual ? "ResNet-" : "Plain-") + depth + " (CIFAR)";
        String description = depth + "-layer " + (residual ? "residual" : "plain") + " network for 32x32 colour images: "
                + "three stages of " + n + " basic blocks with 16, 32, 64 filters"
                + (residual ? ", identity shortcuts zero-padded where the size changes (option A)" : ", no shortcuts")
                + "; Fashion-MNIST padded to 32x32 and copied to three channels, since CIFAR-10 cannot be bundled";
        // The paper trains with batch 128; 64 keeps a CPU step short enough to watch.
        return new Template(id, title, description, s.build(id), Templates.FASHION_MNIST, Templates.training(64, 0.1));
    }

    /** Stages of basic blocks named as torchvision does ("layer2.0"); each stage but the first starts with stride 2. */
    private static void stages(Sequential s, int[] blocks, int[] widths, int inChannels, boolean residual, ShortcutOption option) {
        int channels = inChannels;
        for (int stage = 0; stage < blocks.length; stage++) {
            for (int b = 0; b < blocks[stage]; b++) {
                String blockId = "layer" + (stage + 1) + "." + b;
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int width = widths[stage];
                s.add(residual ? Blocks.basicResidual(blockId, s.last(), channels, width, stride, option)
                        : Blocks.plainPair(blockId, s.last(), width, stride));
                channels = width;
            }
        }
    }

    static final int GATED_WIDTH = 50;

    /**
     * The MNIST experiment of "Learning Identity Mappings with Residual Gates": a 50-unit layer
     * (Dense-BN-ReLU), then {@code depth} gated layers of 50 units, each Dense-BN-ReLU with one
     * gate scalar k, then a 10-way Dense. PLAIN gates give u = g(k) f(x) + (1 - g(k)) x,
     * RESIDUAL gates u = g(k) f(x) + x.
     */
    static Template gatedMlp(int depth, GateSpec.Kind kind) {
        boolean residual = kind == GateSpec.Kind.RESIDUAL;
        Sequential s = new Sequential(Shape.of(1, 28, 28))
                .add("flatten", new FlattenSpec())
                .add("fc0", new DenseSpec(GATED_WIDTH, Init.HE_NORMAL, false)).add("bn0", BatchNormSpec.DEFAULT)
                .add("relu0", new ReluSpec());
        for (int i = 1; i <= depth; i++) s.add(Blocks.gatedDense("block" + i, s.last(), GATED_WIDTH, kind));
        s.add("output", new DenseSpec(10, Init.GLOROT_UNIFORM));
        String id = (residual ? "gated-resnet-mlp-" : "gated-mlp-") + depth;
        String title = (residual ? "Gated residual MLP (" : "Gated MLP (") + depth + " layers)";
        String description = "A 50-unit layer, then " + depth + " gated layers of 50 units (Dense, BN, ReLU) on MNIST; each "
                + "gate has one learned scalar k, u = g(k) f(x) + " + (residual ? "x" : "(1 - g(k)) x") + " with g = ReLU";
        // Residual gates add every block's output to a growing stream: at 0.05 the first steps'
        // large logits push every k below 0 within ~10 steps, where g = ReLU keeps them dead
        // (measured on gated-resnet-mlp-10, seed 1); at 0.01 they stay near 0.7-0.8.
        return new Template(id, title, description, s.build(id), Templates.MNIST, Templates.training(64, residual ? 0.01 : 0.05));
    }
}
