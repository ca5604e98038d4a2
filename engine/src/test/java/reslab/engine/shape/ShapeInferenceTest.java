package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.graph.InvalidNetworkException;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.zoo.Templates;

class ShapeInferenceTest {
    private static final int WIDTH = 32, INPUT = 2, CLASSES = 2;

    private static NetworkSpec net(NodeSpec... nodes) {
        return new NetworkSpec("test", List.of(nodes), "output", LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    private static NodeSpec input(int n) {
        return NodeSpec.of("input", new InputSpec(Shape.of(n)));
    }

    private static NodeSpec dense(String id, int units, String in) {
        return NodeSpec.of(id, new DenseSpec(units, Init.GLOROT_UNIFORM), in);
    }

    private static List<Diagnostic> diagnostics(NetworkSpec spec, String code) {
        return ShapeInference.analyze(spec).diagnostics().stream().filter(d -> d.code().equals(code)).toList();
    }

    private static Set<String> nodesWith(NetworkSpec spec, String code) {
        return diagnostics(spec, code).stream().map(Diagnostic::nodeId).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0} layers, residual {1}")
    @CsvSource({"1,false", "2,false", "5,false", "20,false", "1,true", "2,true", "5,true", "20,true"})
    void chainTemplateParamsAndMultiplyAddsFollowTheFormula(int depth, boolean residual) {
        // first layer 2 -> 32, then (depth - 1) layers 32 -> 32, then 32 -> 2; shortcuts are free.
        long params = (INPUT * WIDTH + WIDTH) + (depth - 1L) * (WIDTH * WIDTH + WIDTH) + (WIDTH * CLASSES + CLASSES);
        long macs = INPUT * WIDTH + (depth - 1L) * WIDTH * WIDTH + WIDTH * CLASSES;
        NetworkSpec spec = Templates.chain("sigmoid", depth, residual).spec();
        NetworkAnalysis a = ShapeInference.analyze(spec);
        assertTrue(a.valid(), a.diagnostics().toString());
        assertEquals(params, a.totalParams());
        assertEquals(macs, a.totalMultiplyAdds());
        assertEquals(Shape.of(CLASSES), a.node("output").orElseThrow().outputShape());
    }

    @Test
    void denseRowCountsWeightsBiasesAndMultiplyAddsOfOneExample() {
        NetworkAnalysis a = ShapeInference.analyze(net(input(5), dense("output", 7, "input")));
        NodeInfo d = a.node("output").orElseThrow();
        assertEquals(Shape.of(7), d.outputShape());
        assertEquals(5 * 7 + 7, d.params());
        assertEquals(5 * 7, d.multiplyAdds());
    }

    @Test
    void denseWithoutBiasCountsOnlyWeights() {
        NetworkAnalysis a = ShapeInference.analyze(net(input(5),
                NodeSpec.of("output", new DenseSpec(7, Init.GLOROT_UNIFORM, false), "input")));
        assertEquals(5 * 7, a.node("output").orElseThrow().params());
    }

    @Test
    void validNetworkHasNoDiagnostics() {
        for (String id : List.of("chain-sigmoid-20", "chain-sigmoid-20-residual", "chain-relu-3-residual", "chain-tanh-1")) {
            NetworkAnalysis a = ShapeInference.analyze(Templates.find(id).orElseThrow().spec());
            assertEquals(List.of(), a.diagnostics(), id);
            assertTrue(a.nodes().stream().allMatch(NodeInfo::valid), id);
        }
    }

    @Test
    void cycleIsReportedOnTheNodesOfTheCycle() {
        NetworkSpec spec = net(input(4),
                dense("d1", 4, "input"),
                NodeSpec.of("a", new AddSpec(), "d1", "b"),
                NodeSpec.of("b", new TanhSpec(), "a"),
                dense("output", 2, "b"));
        assertEquals(Set.of("a", "b"), nodesWith(spec, "cycle"));
    }

    @Test
    void nodesDownstreamOfACycleAreNotCalledPartOfIt() {
        NetworkSpec spec = net(input(4),
                dense("d1", 4, "input"),
                NodeSpec.of("a", new AddSpec(), "d1", "b"),
                NodeSpec.of("b", new TanhSpec(), "a"),
                dense("c", 4, "b"),
                dense("output", 2, "c"));
        NetworkAnalysis a = ShapeInference.analyze(spec);
        assertEquals(Set.of("a", "b"), nodesWith(spec, "cycle"));
        assertFalse(a.node("c").orElseThrow().valid(), "c cannot have a shape");
        assertFalse(a.node("output").orElseThrow().valid());
        assertEquals(spec.nodes().size(), a.nodes().size(), "every node still gets a row");
    }

    @Test
    void selfLoopIsACycle() {
        NetworkSpec spec = net(input(4), NodeSpec.of("a", new AddSpec(), "input", "a"), dense("output", 2, "a"));
        assertEquals(Set.of("a"), nodesWith(spec, "cycle"));
    }

    @Test
    void unknownInputIsReportedWithItsName() {
        NetworkSpec spec = net(input(4), dense("d1", 4, "ghost"), dense("output", 2, "d1"));
        List<Diagnostic> ds = diagnostics(spec, "unknown-input");
        assertEquals(1, ds.size(), ds.toString());
        assertEquals("d1", ds.get(0).nodeId());
        assertTrue(ds.get(0).message().contains("ghost"), ds.get(0).message());
        assertNull(ShapeInference.analyze(spec).node("output").orElseThrow().outputShape());
    }

    @Test
    void addOfMismatchedShapesNamesBothShapes() {
        NetworkSpec spec = net(input(4),
                dense("wide", 17, "input"),
                dense("narrow", 23, "input"),
                NodeSpec.of("join", new AddSpec(), "wide", "narrow"),
                dense("output", 2, "join"));
        List<Diagnostic> ds = diagnostics(spec, "add-mismatch");
        assertEquals(1, ds.size(), ShapeInference.analyze(spec).diagnostics().toString());
        assertEquals("join", ds.get(0).nodeId());
        String m = ds.get(0).message();
        assertTrue(m.contains("17") && m.contains("23"), m);
        assertTrue(m.contains("wide") && m.contains("narrow"), m);
    }

    @Test
    void denseWithZeroUnitsIsReported() {
        NetworkSpec spec = net(input(4), dense("d1", 0, "input"), dense("output", 2, "d1"));
        assertEquals(Set.of("d1"), nodesWith(spec, "bad-size"));
        assertEquals(1, ShapeInference.analyze(spec).diagnostics().size(), "output inherits the problem silently");
    }

    @Test
    void addWithOneInputIsReported() {
        NetworkSpec spec = net(input(4), NodeSpec.of("join", new AddSpec(), "input"), dense("output", 2, "join"));
        assertEquals(Set.of("join"), nodesWith(spec, "unconnected-input"));
    }

    @Test
    void denseWithTwoInputsIsReported() {
        NetworkSpec spec = net(input(4), new NodeSpec("output", new DenseSpec(2, Init.GLOROT_UNIFORM), List.of("input", "input")));
        assertEquals(Set.of("output"), nodesWith(spec, "arity"));
    }

    @Test
    void nodeThatDoesNotLeadToTheOutputIsReported() {
        NetworkSpec spec = net(input(4), dense("spare", 3, "input"), dense("output", 2, "input"));
        assertEquals(Set.of("spare"), nodesWith(spec, "unconnected-output"));
    }

    @Test
    void missingOutputNodeIsReported() {
        NetworkSpec spec = new NetworkSpec("test", List.of(input(4), dense("d1", 2, "input")), "logits",
                LossKind.SOFTMAX_CROSS_ENTROPY);
        assertEquals(Set.of("logits"), nodesWith(spec, "no-output"));
    }

    @Test
    void duplicateIdsAreReported() {
        NetworkSpec spec = net(input(4), dense("d1", 4, "input"), dense("d1", 4, "input"), dense("output", 2, "d1"));
        assertEquals(Set.of("d1"), nodesWith(spec, "duplicate-id"));
    }

    @Test
    void aSecondDataInputIsReported() {
        // The executor feeds the one batch to every Input node: a second one would run on the wrong data.
        NetworkSpec spec = net(input(2),
                NodeSpec.of("input2", new InputSpec(Shape.of(3))),
                dense("a", 4, "input"),
                dense("b", 4, "input2"),
                NodeSpec.of("join", new AddSpec(), "a", "b"),
                dense("output", 2, "join"));
        assertEquals(Set.of("input2"), nodesWith(spec, "extra-input"));
        assertFalse(ShapeInference.analyze(spec).valid());
    }

    @Test
    void zeroPadShortcutCannotNarrow() {
        NetworkSpec spec = net(input(4), NodeSpec.of("pad", new ZeroPadShortcutSpec(3), "input"), dense("output", 2, "pad"));
        assertEquals(Set.of("pad"), nodesWith(spec, "bad-size"));
    }

    @Test
    void compilingAnInvalidNetworkThrowsWithTheDiagnostics() {
        NetworkSpec spec = net(input(4), dense("d1", 0, "input"), dense("output", 2, "d1"));
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> CompiledNetwork.compile(spec, DataType.DOUBLE, 1));
        assertEquals(ShapeInference.analyze(spec).diagnostics(), e.diagnostics());
        assertTrue(e.getMessage().contains("d1"), e.getMessage());
    }

    @Test
    void topologicalOrderKeepsTheWrittenOrderOfChainTemplates() {
        for (String id : List.of("chain-sigmoid-20", "chain-relu-5-residual")) {
            NetworkSpec spec = Templates.find(id).orElseThrow().spec();
            List<String> written = spec.nodes().stream().map(NodeSpec::id).toList();
            List<String> sorted = ShapeInference.analyze(spec).nodes().stream().map(NodeInfo::id).toList();
            assertEquals(written, sorted, id);
        }
    }

    @Test
    void topologicalOrderPutsInputsFirstAndBreaksTiesByWrittenOrder() {
        NetworkSpec spec = net(
                dense("output", 2, "join"),
                NodeSpec.of("join", new AddSpec(), "x", "y"),
                dense("y", 3, "input"),
                dense("x", 3, "input"),
                input(4));
        List<String> sorted = new ArrayList<>();
        for (NodeSpec n : TopologicalOrder.sort(spec.nodes()).order()) sorted.add(n.id());
        assertEquals(List.of("input", "y", "x", "join", "output"), sorted);
        assertTrue(ShapeInference.analyze(spec).valid());
    }
}
