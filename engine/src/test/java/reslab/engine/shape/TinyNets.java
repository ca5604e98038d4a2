package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;

/** Small designs for shape tests: an input, the nodes under test, and a valid flat head. */
final class TinyNets {
    private TinyNets() {}

    static NetworkSpec net(NodeSpec... nodes) {
        return new NetworkSpec("test", List.of(nodes), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    static NodeSpec input(int... dims) {
        return NodeSpec.of("input", new InputSpec(Shape.of(dims)));
    }

    static NodeSpec dense(String id, int units, String in) {
        return NodeSpec.of(id, new DenseSpec(units, Init.GLOROT_UNIFORM), in);
    }

    /** input -> x -> flatten -> output: x is the layer under test, the rest only makes the design complete. */
    static NetworkSpec around(Shape in, LayerSpec layer) {
        return net(input(in.dims()), NodeSpec.of("x", layer, "input"),
                NodeSpec.of("flat", new FlattenSpec(), "x"), dense("output", 2, "flat"));
    }

    /** The facts of node x in {@link #around}, which must be valid. */
    static NodeInfo infer(Shape in, LayerSpec layer) {
        NetworkAnalysis a = ShapeInference.analyze(around(in, layer));
        assertEquals(List.of(), a.diagnostics(), "a valid design");
        return a.node("x").orElseThrow();
    }

    /** The diagnostics of node x in {@link #around}. */
    static List<Diagnostic> problemsOf(Shape in, LayerSpec layer) {
        return ShapeInference.analyze(around(in, layer)).diagnostics().stream().filter(d -> d.nodeId().equals("x")).toList();
    }

    static List<Diagnostic> diagnostics(NetworkSpec spec, String code) {
        return ShapeInference.analyze(spec).diagnostics().stream().filter(d -> d.code().equals(code)).toList();
    }

    /** The only diagnostic with {@code code}; fails listing everything otherwise. */
    static Diagnostic only(NetworkSpec spec, String code) {
        List<Diagnostic> all = ShapeInference.analyze(spec).diagnostics();
        List<Diagnostic> ds = all.stream().filter(d -> d.code().equals(code)).toList();
        assertEquals(1, ds.size(), "one '" + code + "' among " + all);
        return ds.get(0);
    }

    static List<String> codes(List<Fix> fixes) {
        return fixes.stream().map(Fix::code).collect(Collectors.toCollection(ArrayList::new));
    }

    static Fix fix(Diagnostic d, String code) {
        return d.fixes().stream().filter(f -> f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no fix '" + code + "' in " + d.fixes()));
    }
}
