package reslab.app.builder;

import java.util.List;
import java.util.Optional;
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
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * Everything a student can drag onto the canvas: every layer kind the engine has, grouped,
 * with sensible defaults, and the losses (dropped on a node, a loss makes it the output).
 */
public final class PaletteCatalog {
    private PaletteCatalog() {}

    /**
     * A layer item has a prototype, a loss item a loss kind, a block item a block kind.
     * Ids are stable (tests, drag-and-drop).
     */
    public record Item(String id, LayerCategory category, LayerSpec prototype, LossKind loss, BlockKind block) {
        public boolean isLoss() {
            return loss != null;
        }

        public boolean isBlock() {
            return block != null;
        }
    }

    /** The ready blocks; each attaches below the layer it is dropped on. */
    public enum BlockKind { BASIC, BASIC_DOWNSAMPLE, PRE_ACTIVATION, PLAIN_PAIR, GATED_PLAIN, GATED_RESIDUAL }

    private static Item layer(String id, LayerCategory c, LayerSpec s) {
        return new Item(id, c, s, null, null);
    }

    private static Item block(String id, BlockKind k) {
        return new Item(id, LayerCategory.BLOCKS, null, null, k);
    }

    public static final List<Item> ITEMS = List.of(
            layer("input-vector", LayerCategory.INPUT, new InputSpec(Shape.of(2))),
            layer("input-image", LayerCategory.INPUT, new InputSpec(Shape.of(1, 28, 28))),
            layer("dense", LayerCategory.CORE, new DenseSpec(32, Init.HE_NORMAL, true)),
            layer("sigmoid", LayerCategory.CORE, new SigmoidSpec()),
            layer("tanh", LayerCategory.CORE, new TanhSpec()),
            layer("relu", LayerCategory.CORE, new ReluSpec()),
            layer("leakyrelu", LayerCategory.CORE, new LeakyReluSpec(0.01)),
            layer("dropout", LayerCategory.CORE, new DropoutSpec(0.5)),
            layer("flatten", LayerCategory.CORE, new FlattenSpec()),
            layer("conv3x3", LayerCategory.CONVOLUTION, Conv2DSpec.of(16, 3, 1, Padding.SAME, false, Init.HE_NORMAL)),
            layer("conv1x1", LayerCategory.CONVOLUTION, Conv2DSpec.of(16, 1, 1, Padding.VALID, false, Init.HE_NORMAL)),
            layer("batchnorm", LayerCategory.NORMALISATION, BatchNormSpec.DEFAULT),
            layer("maxpool", LayerCategory.POOLING, MaxPoolSpec.of(2, 2, Padding.VALID)),
            layer("avgpool", LayerCategory.POOLING, AvgPoolSpec.of(2, 2, Padding.VALID)),
            layer("globalavgpool", LayerCategory.POOLING, new GlobalAvgPoolSpec()),
            layer("add", LayerCategory.SHORTCUTS, new AddSpec()),
            layer("shortcut-a", LayerCategory.SHORTCUTS, new ZeroPadShortcutSpec(32, 2)),
            layer("shortcut-projection", LayerCategory.SHORTCUTS, new ProjectionShortcutSpec(32, 2, true, Init.HE_NORMAL)),
            layer("gate-plain", LayerCategory.SHORTCUTS, new GateSpec(GateSpec.Kind.PLAIN)),
            layer("gate-residual", LayerCategory.SHORTCUTS, new GateSpec(GateSpec.Kind.RESIDUAL)),
            block("block-basic", BlockKind.BASIC),
            block("block-basic-down", BlockKind.BASIC_DOWNSAMPLE),
            block("block-preact", BlockKind.PRE_ACTIVATION),
            block("block-plain", BlockKind.PLAIN_PAIR),
            block("block-gated-plain", BlockKind.GATED_PLAIN),
            block("block-gated-residual", BlockKind.GATED_RESIDUAL),
            new Item("loss-cross-entropy", LayerCategory.LOSSES, null, LossKind.SOFTMAX_CROSS_ENTROPY, null),
            new Item("loss-mse", LayerCategory.LOSSES, null, LossKind.MEAN_SQUARED_ERROR, null));

    public static Optional<Item> find(String id) {
        return ITEMS.stream().filter(i -> i.id().equals(id)).findFirst();
    }
}
