package reslab.engine.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
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
}
