package reslab.engine.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

class TemplatesTest {
    @Test
    void featuredTemplatesAreFoundUnderTheirOwnIdsWithKnownDatasets() {
        for (String id : Templates.featured()) {
            Template t = Templates.find(id).orElseThrow(() -> new AssertionError(id));
            assertEquals(id, t.id());
            assertEquals(id, t.spec().name());
            assertTrue(DatasetCatalog.load(t.dataset()).isPresent(), t.dataset());
        }
    }

    @Test
    void unknownAndOutOfRangeIdsAreNotFound() {
        for (String id : List.of("chain-sigmoid-0", "chain-sigmoid-1001", "chain-softsign-4", "resnet-20", "chain-sigmoid-4-")) {
            assertTrue(Templates.find(id).isEmpty(), id);
        }
    }

    @Test
    void residualChainAddsTheBlockInputToEveryPairOfLayers() {
        NetworkSpec spec = Templates.find("chain-tanh-5-residual").orElseThrow().spec();
        List<NodeSpec> adds = spec.nodes().stream().filter(n -> n.layer() instanceof AddSpec).toList();
        assertEquals(2, adds.size(), "5 layers make two pairs; the fifth has no shortcut");
        assertEquals(List.of("pad1", "tanh2"), adds.get(0).inputs(), "the first shortcut zero-pads the input");
        assertEquals(List.of("add1", "tanh4"), adds.get(1).inputs(), "later shortcuts are identities");
        assertEquals(List.of("input"), spec.node("pad1").orElseThrow().inputs());
        assertTrue(spec.node("pad1").orElseThrow().layer() instanceof ZeroPadShortcutSpec);
        assertEquals(List.of("tanh5"), spec.node("output").orElseThrow().inputs());
    }

    private static NetworkSpec spec(String id) {
        return Templates.find(id).orElseThrow(() -> new AssertionError(id)).spec();
    }

    private static List<NodeSpec> nodesOf(NetworkSpec spec, Class<? extends LayerSpec> kind) {
        return spec.nodes().stream().filter(n -> kind.isInstance(n.layer())).toList();
    }

    private static Set<String> blocks(NetworkSpec spec) {
        Set<String> ids = new TreeSet<>();
        for (NodeSpec n : spec.nodes()) if (n.block() != null) ids.add(n.block());
        return ids;
    }

    @Test
    void everyCatalogueTemplateIsAValidDesignWithItsOwnIdAndADatasetId() {
        Set<String> datasets = Set.of("spirals", "circles", "mnist", "fashion-mnist", "cifar10", "synthetic");
        List<String> ids = Templates.catalogue();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no id twice: " + ids);
        assertTrue(ids.containsAll(Templates.featured()));
        for (String id : ids) {
            Template t = Templates.find(id).orElseThrow(() -> new AssertionError(id));
            assertEquals(id, t.id());
            assertEquals(id, t.spec().name());
            assertFalse(t.title().isBlank() || t.description().isBlank(), id);
            assertTrue(datasets.contains(t.dataset()), id + " uses " + t.dataset());
            NetworkAnalysis a = ShapeInference.analyze(t.spec());
            assertEquals(List.of(), a.diagnostics(), id);
            assertNull(Templates.whyUnknown(id), id);
        }
    }

    @Test
    void templatesTrainOnTheDataTheirInputFits() {
        Map<String, Object[]> expected = new LinkedHashMap<>();
        expected.put("lenet5", new Object[] {"mnist", Shape.of(1, 32, 32)});
        expected.put("alexnet", new Object[] {"synthetic", Shape.of(3, 227, 227)});
        expected.put("vgg16", new Object[] {"synthetic", Shape.of(3, 224, 224)});
        expected.put("resnet18", new Object[] {"synthetic", Shape.of(3, 224, 224)});
        expected.put("plain34", new Object[] {"synthetic", Shape.of(3, 224, 224)});
        expected.put("resnet20", new Object[] {"fashion-mnist", Shape.of(3, 32, 32)});
        expected.put("plain110", new Object[] {"fashion-mnist", Shape.of(3, 32, 32)});
        expected.put("gated-mlp-10", new Object[] {"mnist", Shape.of(1, 28, 28)});
        expected.put("gated-resnet-mlp-100", new Object[] {"mnist", Shape.of(1, 28, 28)});
        expected.put("chain-tanh-3", new Object[] {"spirals", Shape.of(2)});
        for (Map.Entry<String, Object[]> e : expected.entrySet()) {
            Template t = Templates.find(e.getKey()).orElseThrow();
            assertEquals(e.getValue()[0], t.dataset(), e.getKey());
            assertEquals(e.getValue()[1], ((InputSpec) t.spec().node("input").orElseThrow().layer()).shape(), e.getKey());
        }
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
            "resnet21|20, 32, 44, 56, 110 and 1202",
            "resnet50|bottleneck",
            "plain1202|20, 32, 44, 56 and 110",
            "plain19|18 and 34",
            "vgg11|vgg16 or vgg19",
            "gated-mlp-7|2, 10, 20, 50 or 100",
            "gated-resnet-mlp-3|2, 10, 20, 50 or 100",
            "chain-relu-1001|1 to 1000",
            "lenet|unknown template 'lenet'",
    })
    void depthsOutsideThePapersAreRefusedSayingWhichExist(String id, String hint) {
        assertTrue(Templates.find(id).isEmpty(), id);
        String why = Templates.whyUnknown(id);
        assertTrue(why.contains(hint), why);
    }

    @Test
    void paperDepthsAreAccepted() {
        for (int d : new int[] {18, 34, 20, 32, 44, 56, 110}) {
            assertTrue(Templates.find("resnet" + d).isPresent(), "resnet" + d);
            assertTrue(Templates.find("plain" + d).isPresent(), "plain" + d);
        }
        assertTrue(Templates.find("resnet1202").isPresent());
        for (int d : new int[] {2, 10, 20, 50, 100}) {
            assertTrue(Templates.find("gated-mlp-" + d).isPresent());
            assertTrue(Templates.find("gated-resnet-mlp-" + d).isPresent());
        }
    }

    @Test
    void lenet5FollowsTheSeedWalkthroughLayerByLayer() {
        NetworkAnalysis a = ShapeInference.analyze(spec("lenet5"));
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("c1", Shape.of(6, 28, 28));
        shapes.put("s2", Shape.of(6, 14, 14));
        shapes.put("c3", Shape.of(16, 10, 10));
        shapes.put("s4", Shape.of(16, 5, 5));
        shapes.put("flatten", Shape.of(400));
        shapes.put("f5", Shape.of(120));
        shapes.put("f6", Shape.of(84));
        shapes.put("output", Shape.of(10));
        shapes.forEach((id, shape) -> assertEquals(shape, a.node(id).orElseThrow().outputShape(), id));
        assertEquals(2, nodesOf(spec("lenet5"), AvgPoolSpec.class).size(), "average pooling, as in 1998");
        assertEquals(4, nodesOf(spec("lenet5"), TanhSpec.class).size(), "after C1, C3, F5, F6");
    }

    @Test
    void alexnetFollowsTheSeedWalkthroughLayerByLayer() {
        NetworkAnalysis a = ShapeInference.analyze(spec("alexnet"));
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("conv1", Shape.of(96, 55, 55));
        shapes.put("pool1", Shape.of(96, 27, 27));
        shapes.put("conv2", Shape.of(256, 27, 27));
        shapes.put("pool2", Shape.of(256, 13, 13));
        shapes.put("conv3", Shape.of(384, 13, 13));
        shapes.put("conv4", Shape.of(384, 13, 13));
        shapes.put("conv5", Shape.of(256, 13, 13));
        shapes.put("pool5", Shape.of(256, 6, 6));
        shapes.put("flatten", Shape.of(9216));
        shapes.put("fc6", Shape.of(4096));
        shapes.put("fc7", Shape.of(4096));
        shapes.put("output", Shape.of(1000));
        shapes.forEach((id, shape) -> assertEquals(shape, a.node(id).orElseThrow().outputShape(), id));
    }

    @Test
    void vggStagesAreBlocksAndEndOnSevenBySeven() {
        NetworkSpec vgg = spec("vgg16");
        assertEquals(Set.of("block1", "block2", "block3", "block4", "block5"), blocks(vgg));
        assertEquals(Shape.of(512, 7, 7), ShapeInference.analyze(vgg).node("pool5").orElseThrow().outputShape());
    }

    @Test
    void cifarResNetHasThreeStagesOfNBlocksWithOptionAWhereTheSizeChanges() {
        NetworkSpec r = spec("resnet20");
        Set<String> expectedBlocks = new TreeSet<>();
        for (int s = 1; s <= 3; s++) for (int b = 0; b < 3; b++) expectedBlocks.add("layer" + s + "." + b);
        assertEquals(expectedBlocks, blocks(r));
        List<NodeSpec> pads = nodesOf(r, ZeroPadShortcutSpec.class);
        assertEquals(List.of("layer2.0.shortcut", "layer3.0.shortcut"), pads.stream().map(NodeSpec::id).toList());
        assertEquals(List.of(new ZeroPadShortcutSpec(32, 2), new ZeroPadShortcutSpec(64, 2)), pads.stream().map(NodeSpec::layer).toList());
        assertEquals(List.of(), nodesOf(r, ProjectionShortcutSpec.class));
        assertEquals(9, nodesOf(r, AddSpec.class).size());
        assertEquals(3 * 9, nodesOf(spec("resnet56"), AddSpec.class).size(), "56 = 6 * 9 + 2: nine blocks per stage");
    }

    @Test
    void everyResidualAddReadsTheShortcutFirstAndTheBranchSecond() {
        for (String id : List.of("resnet18", "resnet34", "resnet20", "resnet110")) {
            for (NodeSpec add : nodesOf(spec(id), AddSpec.class)) {
                assertEquals(add.block() + ".bn2", add.inputs().get(1), id + " " + add.id());
                assertFalse(add.inputs().get(0).startsWith(add.block() + ".bn"), id + " " + add.id());
            }
        }
    }

    @Test
    void torchvisionResNetsProjectOnlyWhereAStageStarts() {
        NetworkSpec r = spec("resnet18");
        List<NodeSpec> projections = nodesOf(r, ProjectionShortcutSpec.class);
        assertEquals(List.of("layer2.0.shortcut", "layer3.0.shortcut", "layer4.0.shortcut"), projections.stream().map(NodeSpec::id).toList());
        for (NodeSpec p : projections) {
            ProjectionShortcutSpec s = (ProjectionShortcutSpec) p.layer();
            assertEquals(2, s.stride());
            assertTrue(s.batchNorm(), "torchvision's downsample is conv + BN");
        }
        assertEquals(16, nodesOf(spec("resnet34"), AddSpec.class).size(), "3 + 4 + 6 + 3 blocks");
    }

    @Test
    void imagenetStemIsTorchvisions() {
        NetworkSpec r = spec("resnet18");
        assertEquals(Conv2DSpec.of(64, 7, 2, Padding.explicit(3), false, Init.HE_NORMAL), r.node("conv1").orElseThrow().layer());
        // SAME would give the same 56x56 here but pad only bottom and right: torchvision pads one on every side.
        assertEquals(MaxPoolSpec.of(3, 2, Padding.explicit(1)), r.node("maxpool").orElseThrow().layer());
        assertEquals(Blocks.conv3x3(64, 1), r.node("layer1.0.conv1").orElseThrow().layer());
        assertEquals(Padding.explicit(1), Blocks.conv3x3(64, 1).padding());
    }

    @Test
    void plainNetsAreTheResNetsWithoutShortcuts() {
        for (String depth : List.of("18", "34", "20", "56")) {
            NetworkSpec plain = spec("plain" + depth), res = spec("resnet" + depth);
            assertEquals(List.of(), nodesOf(plain, AddSpec.class), "plain" + depth);
            assertEquals(List.of(), nodesOf(plain, ZeroPadShortcutSpec.class));
            assertEquals(List.of(), nodesOf(plain, ProjectionShortcutSpec.class));
            assertEquals(blocks(res), blocks(plain), "same blocks, same names");
            assertEquals(ShapeInference.analyze(res).node("output").orElseThrow().outputShape(),
                    ShapeInference.analyze(plain).node("output").orElseThrow().outputShape());
        }
    }

    @Test
    void gatedMlpsHaveOneGateOfTheirKindPerLayer() {
        for (GateSpec.Kind kind : GateSpec.Kind.values()) {
            String id = (kind == GateSpec.Kind.PLAIN ? "gated-mlp-" : "gated-resnet-mlp-") + 20;
            List<NodeSpec> gates = nodesOf(spec(id), GateSpec.class);
            assertEquals(20, gates.size(), id);
            assertTrue(gates.stream().allMatch(g -> ((GateSpec) g.layer()).gateKind() == kind), id);
            assertEquals(List.of("relu0", "block1.relu"), gates.get(0).inputs(), "the first gate reads the 50-unit layer");
            assertEquals(List.of("block1.gate", "block2.relu"), gates.get(1).inputs());
        }
    }

    @Test
    void leakyReluChainKeepsTheChainLayout() {
        NetworkSpec leaky = spec("chain-leakyrelu-4-residual");
        NetworkSpec relu = spec("chain-relu-4-residual");
        assertEquals(relu.nodes().stream().map(n -> n.id().replace("relu", "leakyrelu")).toList(),
                leaky.nodes().stream().map(NodeSpec::id).toList());
        assertEquals(4, nodesOf(leaky, LeakyReluSpec.class).size());
        assertEquals(ShapeInference.analyze(relu).totalParams(), ShapeInference.analyze(leaky).totalParams());
    }
}
