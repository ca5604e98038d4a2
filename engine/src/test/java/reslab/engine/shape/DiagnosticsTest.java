package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.shape.TinyNets.codes;
import static reslab.engine.shape.TinyNets.dense;
import static reslab.engine.shape.TinyNets.fix;
import static reslab.engine.shape.TinyNets.input;
import static reslab.engine.shape.TinyNets.net;
import static reslab.engine.shape.TinyNets.only;

import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.spec.AddSpec;
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
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

/** Every diagnostic kind: the node it names, the fixes it offers, their costs, and that they work. */
class DiagnosticsTest {
    /** Applies {@code fix} and asserts the design is then free of problems. */
    private static NetworkAnalysis assertRepairs(NetworkSpec spec, Fix fix) {
        NetworkAnalysis after = ShapeInference.analyze(fix.applyTo(spec));
        assertEquals(List.of(), after.diagnostics(), "after " + fix);
        return after;
    }

    private static NodeSpec conv(String id, int filters, int kernel, int stride, Padding p, String in) {
        return NodeSpec.of(id, Conv2DSpec.of(filters, kernel, stride, p, false, Init.HE_NORMAL), in);
    }

    // ---- graph ----

    @Test
    void cycleOffersToCutTheWireThatClosesTheLoop() {
        NetworkSpec spec = net(input(4), dense("d1", 4, "input"),
                NodeSpec.of("a", new AddSpec(), "d1", "b"),
                NodeSpec.of("b", new TanhSpec(), "a"),
                dense("output", 2, "b"));
        List<Diagnostic> cycle = TinyNets.diagnostics(spec, "cycle");
        assertEquals(List.of("a", "b"), cycle.stream().map(Diagnostic::nodeId).toList());
        Fix cut = fix(cycle.get(0), "remove-input");
        assertEquals(List.of(new GraphEdit.RemoveInput("a", 1, "b")), cut.edits(),
                "b is written after a, so b -> a is the wire back; a -> b runs forward");
        assertEquals(cycle.get(0).fixes(), cycle.get(1).fixes(), "every node of the loop offers the same cut");
        assertEquals(List.of(), TinyNets.diagnostics(cut.applyTo(spec), "cycle"));
    }

    @Test
    void nodeOnTwoLoopsHasBothClosingWiresCut() {
        NetworkSpec spec = net(input(4),
                NodeSpec.of("a", new AddSpec(), "input", "a", "b"),  // a loop on itself and one through b
                NodeSpec.of("b", new TanhSpec(), "a"),
                dense("spare", 4, "b"),
                dense("output", 2, "b"));
        Fix cut = fix(TinyNets.diagnostics(spec, "cycle").get(0), "remove-input");
        assertEquals(List.of(new GraphEdit.RemoveInput("a", 2, "b"), new GraphEdit.RemoveInput("a", 1, "a")), cut.edits());
        NetworkSpec fixed = cut.applyTo(spec);
        assertEquals(List.of("input"), fixed.node("a").orElseThrow().inputs());
        assertEquals(List.of(), TinyNets.diagnostics(fixed, "cycle"));
    }

    @Test
    void unknownInputOffersToDropItOnlyWhereEnoughInputsRemain() {
        Diagnostic dense = only(net(input(4), dense("d1", 4, "ghost"), dense("output", 2, "d1")), "unknown-input");
        assertEquals("d1", dense.nodeId());
        assertEquals(List.of(), dense.fixes(), "which node a Dense meant cannot be guessed");

        NetworkSpec spec = net(input(4), dense("a", 4, "input"), dense("b", 4, "input"),
                NodeSpec.of("join", new AddSpec(), "a", "ghost", "b"), dense("output", 2, "join"));
        Diagnostic add = only(spec, "unknown-input");
        assertEquals("join", add.nodeId());
        assertTrue(add.message().contains("ghost"), add.message());
        assertEquals(List.of(new GraphEdit.RemoveInput("join", 1, "ghost")), fix(add, "remove-input").edits());
        assertRepairs(spec, fix(add, "remove-input"));
    }

    @Test
    void nodeWithoutInputsIsUnconnected() {
        NetworkSpec spec = net(input(4), new NodeSpec("d1", new DenseSpec(4, Init.GLOROT_UNIFORM), List.of()), dense("output", 2, "input"));
        Diagnostic d = only(spec, "unconnected-input");
        assertEquals("d1", d.nodeId());
        assertTrue(d.message().contains("one input"), d.message());
    }

    @Test
    void tooManyInputsOffersToKeepEachOne() {
        NetworkSpec spec = net(input(4), dense("a", 3, "input"),
                new NodeSpec("output", new DenseSpec(2, Init.GLOROT_UNIFORM), List.of("input", "a")));
        Diagnostic d = only(spec, "arity");
        assertEquals("output", d.nodeId());
        assertEquals(List.of("keep-input", "keep-input"), codes(d.fixes()));
        // Keeping 'input' leaves 'a' dangling; keeping 'a' repairs everything.
        NetworkSpec keptA = d.fixes().get(1).applyTo(spec);
        assertEquals(List.of("a"), keptA.node("output").orElseThrow().inputs());
        assertRepairs(spec, d.fixes().get(1));
        assertEquals(List.of("input"), d.fixes().get(0).applyTo(spec).node("output").orElseThrow().inputs());
    }

    @Test
    void gateWithOneInputIsAnArityProblem() {
        NetworkSpec spec = net(input(4), NodeSpec.of("g", new GateSpec(GateSpec.Kind.PLAIN), "input"), dense("output", 2, "g"));
        Diagnostic d = only(spec, "arity");
        assertEquals("g", d.nodeId());
        assertTrue(d.message().contains("2 inputs"), d.message());
    }

    @Test
    void inputThatReadsSomethingOffersToDisconnectIt() {
        NetworkSpec spec = net(input(4), dense("d", 4, "input"),
                NodeSpec.of("input2", new InputSpec(Shape.of(4)), "d"), dense("output", 2, "d"));
        Diagnostic d = only(spec, "arity");
        assertEquals("input2", d.nodeId());
        NetworkSpec fixed = fix(d, "remove-inputs").applyTo(spec);
        assertEquals(List.of(), fixed.node("input2").orElseThrow().inputs());
    }

    @Test
    void missingOutputOffersEachFlatLooseEnd() {
        NetworkSpec spec = new NetworkSpec("test", List.of(input(4), dense("d1", 3, "input"), dense("logits", 2, "d1")),
                "ouput", LossKind.SOFTMAX_CROSS_ENTROPY);
        Diagnostic d = only(spec, "no-output");
        assertEquals("ouput", d.nodeId());
        assertEquals(List.of(new GraphEdit.SetOutput("logits")), fix(d, "set-output").edits());
        assertRepairs(spec, fix(d, "set-output"));
    }

    @Test
    void looseEndOffersDeletionButANodeOthersReadDoesNot() {
        NetworkSpec spec = net(input(4), dense("spare1", 3, "input"), dense("spare2", 3, "spare1"), dense("output", 2, "input"));
        List<Diagnostic> ds = TinyNets.diagnostics(spec, "unconnected-output");
        assertEquals(List.of("spare1", "spare2"), ds.stream().map(Diagnostic::nodeId).toList());
        assertEquals(List.of(), ds.get(0).fixes(), "spare2 reads spare1");
        Fix delete = fix(ds.get(1), "remove-node");
        NetworkSpec once = delete.applyTo(spec);
        Diagnostic next = only(once, "unconnected-output");
        assertEquals("spare1", next.nodeId());
        assertRepairs(once, fix(next, "remove-node"));
    }

    @Test
    void imageOutputCannotFeedTheLoss() {
        NetworkSpec spec = net(input(1, 8, 8), conv("output", 4, 3, 1, Padding.SAME, "input"));
        Diagnostic d = only(spec, "output-rank");
        assertEquals("output", d.nodeId());
        assertTrue(d.message().contains("4x8x8"), d.message());
    }

    @Test
    void missingLayerConfigurationIsReported() {
        NetworkSpec spec = net(input(4), new NodeSpec("odd", null, List.of("input")), dense("output", 2, "input"));
        assertEquals("odd", only(spec, "no-layer").nodeId());
    }

    // ---- ranks ----

    @Test
    void denseAfterConvolutionOffersFlattenOrGlobalAvgPoolWithTheDenseCost() {
        NetworkSpec spec = net(input(3, 8, 8), conv("c", 4, 3, 1, Padding.SAME, "input"), dense("output", 10, "c"));
        Diagnostic d = only(spec, "bad-rank");
        assertEquals("output", d.nodeId());
        assertTrue(d.message().contains("Flatten") && d.message().contains("GlobalAvgPool"), d.message());
        assertEquals(List.of("insert-flatten", "insert-global-avg-pool"), codes(d.fixes()));

        Fix flatten = fix(d, "insert-flatten");
        assertEquals(4 * 8 * 8 * 10 + 10, flatten.params(), "the Dense then reads 4*8*8 values");
        assertEquals(4 * 8 * 8 * 10, flatten.multiplyAdds());
        GraphEdit.InsertOnEdge edge = (GraphEdit.InsertOnEdge) flatten.edits().get(0);
        assertEquals("c", edge.source());
        assertEquals("output", edge.target());
        assertTrue(edge.node().layer() instanceof FlattenSpec);
        assertEquals(flatten.params(), assertRepairs(spec, flatten).node("output").orElseThrow().params());

        Fix gap = fix(d, "insert-global-avg-pool");
        assertEquals(4 * 10 + 10, gap.params(), "one mean per channel");
        assertEquals(4 * 10, gap.multiplyAdds());
        assertEquals(gap.params(), assertRepairs(spec, gap).node("output").orElseThrow().params());
    }

    @Test
    void insertedNodeJoinsTheBlockAndGetsAFreeName() {
        NetworkSpec spec = net(input(3, 8, 8),
                conv("c", 4, 3, 1, Padding.SAME, "input"),
                NodeSpec.of("head.flatten", new TanhSpec(), "c"), // takes the obvious name
                new NodeSpec("head.fc", new DenseSpec(10, Init.GLOROT_UNIFORM), List.of("head.flatten"), "head"),
                dense("output", 2, "head.fc"));
        Fix f = fix(only(spec, "bad-rank"), "insert-flatten");
        NodeSpec inserted = ((GraphEdit.InsertOnEdge) f.edits().get(0)).node();
        assertEquals("head.flatten2", inserted.id());
        assertEquals("head", inserted.block());
        assertRepairs(spec, f);
    }

    @Test
    void twoAxisInputOffersAChannelAxis() {
        NetworkSpec spec = net(NodeSpec.of("input", new InputSpec(Shape.of(28, 28))), NodeSpec.of("flat", new FlattenSpec(), "input"),
                dense("output", 10, "flat"));
        Diagnostic d = only(spec, "bad-rank");
        assertEquals("input", d.nodeId());
        assertEquals(List.of(new GraphEdit.ReplaceLayer("input", new InputSpec(Shape.of(1, 28, 28)))),
                fix(d, "input-add-channel").edits());
        assertRepairs(spec, fix(d, "input-add-channel"));
    }

    @Test
    void convolutionAndPoolingNeedAnImage() {
        for (LayerSpec layer : List.of(Conv2DSpec.of(4, 3, 1, Padding.SAME, true, Init.HE_NORMAL), MaxPoolSpec.of(2, 2, Padding.VALID))) {
            Diagnostic d = only(TinyNets.around(Shape.of(10), layer), "bad-rank");
            assertEquals("x", d.nodeId());
            assertTrue(d.message().contains("flat 10"), d.message());
        }
    }

    @Test
    void globalAvgPoolOnAFlatInputOffersToRemoveIt() {
        NetworkSpec spec = TinyNets.around(Shape.of(10), new GlobalAvgPoolSpec());
        Diagnostic d = only(spec, "bad-rank");
        assertEquals(List.of(new GraphEdit.RemoveNode("x")), fix(d, "remove-node").edits());
        NetworkSpec fixed = fix(d, "remove-node").applyTo(spec);
        assertEquals(List.of("input"), fixed.node("flat").orElseThrow().inputs(), "its reader is rewired to its input");
        assertRepairs(spec, fix(d, "remove-node"));
    }

    // ---- sizes ----

    @Test
    void nonPositiveSizesAreNamed() {
        record Case(LayerSpec layer, String word) {}
        for (Case c : List.of(
                new Case(Conv2DSpec.of(0, 3, 1, Padding.SAME, true, Init.HE_NORMAL), "filters"),
                new Case(Conv2DSpec.of(4, 0, 1, Padding.SAME, true, Init.HE_NORMAL), "kernel"),
                new Case(MaxPoolSpec.of(-2, 2, Padding.VALID), "kernel"),
                new Case(new ZeroPadShortcutSpec(0, 1), "channels"),
                new Case(new ProjectionShortcutSpec(8, 0, true, Init.HE_NORMAL), "stride"))) {
            Diagnostic d = only(TinyNets.around(Shape.of(2, 6, 6), c.layer()), "bad-size");
            assertEquals("x", d.nodeId(), c.toString());
            assertTrue(d.message().contains(c.word()), d.message());
        }
        assertEquals("input", only(net(input(3, 0, 4), NodeSpec.of("f", new FlattenSpec(), "input"), dense("output", 2, "f")),
                "bad-size").nodeId());
    }

    @Test
    void zeroStrideOffersStrideOne() {
        NetworkSpec spec = TinyNets.around(Shape.of(2, 6, 6), Conv2DSpec.of(4, 3, 0, Padding.VALID, true, Init.HE_NORMAL));
        Diagnostic d = only(spec, "bad-size");
        Fix one = fix(d, "set-stride-1");
        assertEquals(4 * 2 * 9 + 4, one.params());
        assertEquals(4L * 4 * 4 * 2 * 9, one.multiplyAdds(), "(6-3)/1+1 = 4 rows and columns");
        assertRepairs(spec, one);
    }

    @Test
    void aFixIsOfferedOnlyIfItLeavesTheNodeValid() {
        // Kernel and stride both 0: setting the stride alone would leave the node broken, and its cost unknowable.
        NetworkSpec spec = TinyNets.around(Shape.of(2, 6, 6), Conv2DSpec.of(4, 0, 0, Padding.VALID, true, Init.HE_NORMAL));
        List<Diagnostic> ds = TinyNets.diagnostics(spec, "bad-size");
        assertEquals(2, ds.size(), ds.toString());
        assertTrue(ds.stream().allMatch(d -> d.fixes().isEmpty()), ds.stream().map(Diagnostic::fixes).toList().toString());
    }

    @Test
    void negativePaddingOffersZero() {
        NetworkSpec spec = TinyNets.around(Shape.of(2, 6, 6), Conv2DSpec.of(4, 3, 1, Padding.explicit(-1, 1), true, Init.HE_NORMAL));
        Fix zero = fix(only(spec, "bad-size"), "set-padding-0");
        assertEquals(List.of(new GraphEdit.ReplaceLayer("x", Conv2DSpec.of(4, 3, 1, Padding.explicit(0, 1), true, Init.HE_NORMAL))),
                zero.edits());
        assertRepairs(spec, zero);
    }

    @Test
    void zeroPadShortcutCannotSubsampleAFlatInput() {
        NetworkSpec spec = TinyNets.around(Shape.of(4), new ZeroPadShortcutSpec(8, 2));
        assertRepairs(spec, fix(only(spec, "bad-size"), "set-stride-1"));
    }

    @Test
    void poolingPaddingOverHalfTheWindowOffersHalf() {
        NetworkSpec spec = TinyNets.around(Shape.of(2, 7, 7), MaxPoolSpec.of(3, 2, Padding.explicit(2)));
        Diagnostic d = only(spec, "bad-padding");
        assertEquals("x", d.nodeId());
        Fix half = fix(d, "set-padding-half");
        assertEquals(List.of(new GraphEdit.ReplaceLayer("x", MaxPoolSpec.of(3, 2, Padding.explicit(1)))), half.edits());
        assertRepairs(spec, half);
    }

    @Test
    void windowLargerThanTheInputOffersSamePaddingOrASmallerKernelWithTheirCosts() {
        NetworkSpec spec = TinyNets.around(Shape.of(1, 3, 3), Conv2DSpec.of(2, 5, 1, Padding.VALID, true, Init.HE_NORMAL));
        Diagnostic d = only(spec, "window-too-large");
        assertEquals("x", d.nodeId());
        assertTrue(d.message().contains("5x5") && d.message().contains("3x3"), d.message());
        Fix same = fix(d, "set-padding-same");
        assertEquals(2 * 25 + 2, same.params());
        assertEquals(3L * 3 * 2 * 25, same.multiplyAdds(), "SAME keeps 3x3");
        Fix shrink = fix(d, "shrink-kernel");
        assertEquals(2 * 9 + 2, shrink.params());
        assertEquals(1L * 1 * 2 * 9, shrink.multiplyAdds(), "a 3x3 kernel on 3x3 gives 1x1");
        assertRepairs(spec, same);
        assertRepairs(spec, shrink);
    }

    @Test
    void explicitPaddingCountsTowardsTheRoomForTheWindow() {
        NetworkSpec fits = TinyNets.around(Shape.of(1, 4, 4), Conv2DSpec.of(2, 6, 1, Padding.explicit(1), true, Init.HE_NORMAL));
        assertEquals(List.of(), ShapeInference.analyze(fits).diagnostics(), "4 + 2 = 6 rows hold a 6x6 window");
        NetworkSpec spec = TinyNets.around(Shape.of(1, 4, 4), Conv2DSpec.of(2, 7, 1, Padding.explicit(1), true, Init.HE_NORMAL));
        Diagnostic d = only(spec, "window-too-large");
        assertTrue(d.message().contains("padded input 6x6"), d.message());
        assertEquals(List.of(new GraphEdit.ReplaceLayer("x", Conv2DSpec.of(2, 6, 1, Padding.explicit(1), true, Init.HE_NORMAL))),
                fix(d, "shrink-kernel").edits());
        assertRepairs(spec, fix(d, "shrink-kernel"));
    }

    @Test
    void poolWindowTooLargeOffersSamePadding() {
        NetworkSpec spec = TinyNets.around(Shape.of(2, 2, 2), MaxPoolSpec.of(3, 2, Padding.VALID));
        Diagnostic d = only(spec, "window-too-large");
        assertEquals(0, fix(d, "set-padding-same").params());
        assertRepairs(spec, fix(d, "set-padding-same"));
        assertRepairs(spec, fix(d, "shrink-kernel"));
    }

    // ---- values ----

    @Test
    void dropoutRateOutsideZeroToOneOffersAUsableRate() {
        double[][] rateAndSuggestion = {{1.0, 0.5}, {1.5, 0.5}, {-0.1, 0.0}, {Double.NaN, 0.5}};
        for (double[] c : rateAndSuggestion) {
            NetworkSpec spec = TinyNets.around(Shape.of(6), new DropoutSpec(c[0]));
            Diagnostic d = only(spec, "bad-rate");
            assertEquals("x", d.nodeId());
            assertEquals(List.of(new GraphEdit.ReplaceLayer("x", new DropoutSpec(c[1]))), fix(d, "set-rate").edits(), "rate " + c[0]);
            assertRepairs(spec, fix(d, "set-rate"));
        }
    }

    @Test
    void batchNormAndLeakyReluSettingsAreChecked() {
        for (BatchNormSpec bad : List.of(new BatchNormSpec(0, 0.1), new BatchNormSpec(1e-5, 1.5), new BatchNormSpec(Double.NaN, 0.1))) {
            NetworkSpec spec = TinyNets.around(Shape.of(3, 4, 4), bad);
            Fix defaults = fix(only(spec, "bad-value"), "set-batchnorm-defaults");
            assertEquals(2 * 3, defaults.params(), "gamma and beta of 3 channels");
            assertRepairs(spec, defaults);
        }
        NetworkSpec leaky = TinyNets.around(Shape.of(6), new LeakyReluSpec(Double.POSITIVE_INFINITY));
        assertRepairs(leaky, fix(only(leaky, "bad-value"), "set-slope"));
        NetworkSpec kindless = net(input(6), dense("f", 6, "input"), NodeSpec.of("g", new GateSpec(null), "input", "f"),
                dense("output", 2, "g"));
        assertEquals("g", only(kindless, "bad-value").nodeId());
    }

    @Test
    void countsThatOverflowAreReportedNotThrown() {
        NetworkSpec spec = TinyNets.around(Shape.of(50_000, 50_000, 1), new FlattenSpec());
        assertEquals("x", only(spec, "too-large").nodeId(), "2.5e9 features do not fit an int");
    }
}
