package reslab.app;

import java.util.List;
import reslab.app.design.AutoLayout;
import reslab.engine.io.ProjectDocument;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;

/** Small designs the app tests share. */
public final class TestDesigns {
    private TestDesigns() {}

    /**
     * A tiny CNN whose first residual block halves the size and doubles the channels but
     * keeps an identity shortcut, so add1 adds 16x8x8 to 32x4x4; a second block (add2) matches.
     */
    public static ProjectDocument mismatchedResidual() {
        NetworkSpec spec = new NetworkSpec("mismatch", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(3, 8, 8))),
                NodeSpec.of("stem", reslab.engine.spec.Conv2DSpec.of(16, 3, 1, reslab.engine.spec.Padding.SAME, false, Init.HE_NORMAL), "input"),
                NodeSpec.of("stem_relu", new ReluSpec(), "stem"),
                NodeSpec.of("conv1", reslab.engine.spec.Conv2DSpec.of(32, 3, 2, reslab.engine.spec.Padding.SAME, false, Init.HE_NORMAL), "stem_relu"),
                NodeSpec.of("add1", new reslab.engine.spec.AddSpec(), "stem_relu", "conv1"),
                NodeSpec.of("conv2", reslab.engine.spec.Conv2DSpec.of(32, 3, 1, reslab.engine.spec.Padding.SAME, false, Init.HE_NORMAL), "add1"),
                NodeSpec.of("add2", new reslab.engine.spec.AddSpec(), "add1", "conv2"),
                NodeSpec.of("gap", new reslab.engine.spec.GlobalAvgPoolSpec(), "add2"),
                NodeSpec.of("out", new DenseSpec(10, Init.GLOROT_UNIFORM), "gap")),
                "out", LossKind.SOFTMAX_CROSS_ENTROPY);
        return new ProjectDocument("mismatch", spec, AutoLayout.layout(spec), List.of());
    }

    /**
     * Many problems at once: a 5x5 window on a 4x4 image, a Dense fed an image, an Add with
     * one input, a node reading a missing node, a layer that leads nowhere.
     */
    public static NetworkSpec manyProblems() {
        return new NetworkSpec("problems", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(1, 4, 4))),
                NodeSpec.of("conv", reslab.engine.spec.Conv2DSpec.of(4, 5, 1, reslab.engine.spec.Padding.VALID, true, Init.HE_NORMAL), "input"),
                NodeSpec.of("dense", new DenseSpec(8, Init.HE_NORMAL), "input"),
                NodeSpec.of("add", new reslab.engine.spec.AddSpec(), "dense"),
                NodeSpec.of("ghostly", new ReluSpec(), "ghost"),
                NodeSpec.of("loose", new ReluSpec(), "input"),
                NodeSpec.of("out", new DenseSpec(2, Init.GLOROT_UNIFORM), "add")),
                "out", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    /** input(4) -> dense1(8) -> relu1 -> out(2), laid out. */
    public static ProjectDocument small() {
        NetworkSpec spec = new NetworkSpec("small", List.of(
                NodeSpec.of("input", new InputSpec(Shape.of(4))),
                NodeSpec.of("dense1", new DenseSpec(8, Init.HE_NORMAL), "input"),
                NodeSpec.of("relu1", new ReluSpec(), "dense1"),
                NodeSpec.of("out", new DenseSpec(2, Init.GLOROT_UNIFORM), "relu1")),
                "out", LossKind.SOFTMAX_CROSS_ENTROPY);
        return new ProjectDocument("small", spec, AutoLayout.layout(spec), List.of());
    }
}
