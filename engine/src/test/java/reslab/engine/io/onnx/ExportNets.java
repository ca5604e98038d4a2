package reslab.engine.io.onnx;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.zoo.Blocks;

/** Designs beyond the templates that between them use every layer kind and padding case the export maps. */
public final class ExportNets {
    private ExportNets() {}

    /**
     * Images, 3x9x9 (odd): SAME with stride 2 where the padding is uneven (one more zero after),
     * explicit padding whose last rows no window reaches, both poolings with padding (the
     * average not counting it), option A subsampling an odd size, a projection (B/C), an Add of
     * three inputs, a plain gate on images, LeakyReLU, convolutions with and without bias.
     */
    public static NetworkSpec everyImageLayer() {
        Init he = Init.HE_NORMAL;
        return new NetworkSpec("every-image-layer", List.of(
                NodeSpec.of("image", new InputSpec(Shape.of(3, 9, 9))),
                // SAME, 4x4 stride 2 on 9: out 5, padding 3 = 1 before + 2 after
                NodeSpec.of("conv_same", Conv2DSpec.of(8, 4, 2, Padding.SAME, true, he), "image"),
                NodeSpec.of("bn", BatchNormSpec.DEFAULT, "conv_same"),
                NodeSpec.of("leaky", new LeakyReluSpec(0.1), "bn"),
                // SAME 2x2 stride 2 on 5: out 3, padding 0 before + 1 after
                NodeSpec.of("max_same", MaxPoolSpec.of(2, 2, Padding.SAME), "leaky"),
                // explicit 1, 3x3 stride 2 on 3: out 2, the last padded row unread
                NodeSpec.of("conv_explicit", Conv2DSpec.of(16, 3, 2, Padding.explicit(1), false, he), "max_same"),
                NodeSpec.of("shortcut_a", new ZeroPadShortcutSpec(16, 2), "max_same"),          // 8x3x3 -> 16x2x2
                NodeSpec.of("shortcut_c", new ProjectionShortcutSpec(16, 2, true, he), "max_same"),
                NodeSpec.of("sum3", new AddSpec(), "shortcut_a", "conv_explicit", "shortcut_c"),
                NodeSpec.of("relu", new ReluSpec(), "sum3"),
                NodeSpec.of("conv_gated", new Conv2DSpec(16, 3, 1, 1, 1, Padding.SAME, true, he), "relu"),
                NodeSpec.of("gate", new GateSpec(GateSpec.Kind.PLAIN), "relu", "conv_gated"),
                // average 3x3 stride 1 padding 1 on 2x2: corners average the 4 real values
                NodeSpec.of("avg_explicit", AvgPoolSpec.of(3, 1, Padding.explicit(1)), "gate"),
                NodeSpec.of("avg_same", new AvgPoolSpec(2, 3, 1, 2, Padding.SAME), "avg_explicit"),
                NodeSpec.of("flatten", new FlattenSpec(), "avg_same"),
                NodeSpec.of("drop", new DropoutSpec(0.3), "flatten"),
                NodeSpec.of("output", new DenseSpec(5, Init.GLOROT_UNIFORM), "drop")),
                "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * Flat features: Dense without bias, batch norm on [batch, n], sigmoid and tanh, a
     * residual gate, option A widening a flat input, a flat projection (Dense + BN), a
     * projection without batch norm, global average pooling at the start.
     */
    public static NetworkSpec everyFlatLayer() {
        Init g = Init.GLOROT_UNIFORM;
        return new NetworkSpec("every-flat-layer", List.of(
                NodeSpec.of("x", new InputSpec(Shape.of(4, 3, 3))),
                NodeSpec.of("gap", new GlobalAvgPoolSpec(), "x"),                                   // [4]
                NodeSpec.of("dense_nobias", new DenseSpec(6, g, false), "gap"),
                NodeSpec.of("bn_flat", BatchNormSpec.DEFAULT, "dense_nobias"),
                NodeSpec.of("sigmoid", new SigmoidSpec(), "bn_flat"),
                NodeSpec.of("dense_f", new DenseSpec(6, g), "sigmoid"),
                NodeSpec.of("tanh", new TanhSpec(), "dense_f"),
                NodeSpec.of("gate_res", new GateSpec(GateSpec.Kind.RESIDUAL), "sigmoid", "tanh"),
                NodeSpec.of("pad_flat", new ZeroPadShortcutSpec(10), "gate_res"),                   // [6] -> [10]
                NodeSpec.of("proj_flat", new ProjectionShortcutSpec(10, 1, true, g), "gate_res"),
                NodeSpec.of("proj_plain", new ProjectionShortcutSpec(10, 1, false, g), "gate_res"),
                NodeSpec.of("add", new AddSpec(), "pad_flat", "proj_flat", "proj_plain"),
                NodeSpec.of("output", new DenseSpec(3, g), "add")),
                "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    /** Mean squared error: the output is the last Dense as it is, no softmax; it ends in a dropout. */
    public static NetworkSpec meanSquaredError() {
        return new NetworkSpec("mse", List.of(
                NodeSpec.of("in", new InputSpec(Shape.of(5))),
                NodeSpec.of("hidden", new DenseSpec(7, Init.GLOROT_UNIFORM), "in"),
                NodeSpec.of("tanh", new TanhSpec(), "hidden"),
                NodeSpec.of("scores", new DenseSpec(3, Init.GLOROT_UNIFORM), "tanh"),
                NodeSpec.of("drop", new DropoutSpec(0.2), "scores")),
                "drop", LossKind.MEAN_SQUARED_ERROR);
    }

    /**
     * A small CIFAR-style ResNet on 3x16x16: stem, a same-size block and a stride-2 block that
     * doubles the channels, with the shortcuts of {@code option}.
     */
    public static NetworkSpec smallResNet(ShortcutOption option) {
        List<NodeSpec> nodes = new ArrayList<>(List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(3, 16, 16))),
                NodeSpec.of("conv1", Conv2DSpec.of(8, 3, 1, Padding.explicit(1), false, Init.HE_NORMAL), "input"),
                NodeSpec.of("bn1", BatchNormSpec.DEFAULT, "conv1"),
                NodeSpec.of("relu1", new ReluSpec(), "bn1")));
        Blocks.Block b1 = Blocks.basicResidual("layer1.0", "relu1", 8, 8, 1, option);
        Blocks.Block b2 = Blocks.basicResidual("layer2.0", b1.output(), 8, 16, 2, option);
        nodes.addAll(b1.nodes());
        nodes.addAll(b2.nodes());
        nodes.add(NodeSpec.of("avgpool", new GlobalAvgPoolSpec(), b2.output()));
        nodes.add(NodeSpec.of("output", new DenseSpec(10, Init.GLOROT_UNIFORM), "avgpool"));
        return new NetworkSpec("resnet-option-" + option.name().charAt(0), nodes, "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }
}
