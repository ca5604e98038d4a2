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
