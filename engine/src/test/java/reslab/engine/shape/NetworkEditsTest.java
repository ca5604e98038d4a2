package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reslab.engine.shape.TinyNets.dense;
import static reslab.engine.shape.TinyNets.input;
import static reslab.engine.shape.TinyNets.net;

import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

class NetworkEditsTest {
    private final NetworkSpec spec = net(input(4),
            new NodeSpec("a", new DenseSpec(6, Init.GLOROT_UNIFORM), List.of("input"), "blk"),
            new NodeSpec("r", new ReluSpec(), List.of("a"), "blk"),
            NodeSpec.of("join", new AddSpec(), "input", "r"),
            dense("output", 2, "join"));

    private static List<String> ids(NetworkSpec s) {
        return s.nodes().stream().map(NodeSpec::id).toList();
    }

    @Test
    void insertOnEdgeRewiresOnlyThatInputAndPlacesTheNodeBeforeItsReader() {
        NodeSpec pad = new NodeSpec("pad", new ZeroPadShortcutSpec(6), List.of("input"), "blk");
        NetworkSpec s = NetworkEdits.apply(spec, new GraphEdit.InsertOnEdge("input", "join", 0, pad));
        assertEquals(List.of("input", "a", "r", "pad", "join", "output"), ids(s));
        assertEquals(List.of("pad", "r"), s.node("join").orElseThrow().inputs());
        assertEquals(List.of("input"), s.node("a").orElseThrow().inputs(), "other readers of 'input' keep it");
        assertEquals(spec.nodes(), NetworkEdits.apply(spec, List.of()).nodes(), "no edits, same design");
    }

    @Test
    void insertedNodeMustReadTheEdgeSource() {
        assertThrows(IllegalArgumentException.class,
                () -> new GraphEdit.InsertOnEdge("input", "join", 0, NodeSpec.of("pad", new ZeroPadShortcutSpec(6), "a")));
    }

    @Test
    void replaceLayerKeepsIdInputsAndBlock() {
        NetworkSpec s = NetworkEdits.apply(spec, new GraphEdit.ReplaceLayer("a", new FlattenSpec()));
        NodeSpec a = s.node("a").orElseThrow();
        assertEquals(new NodeSpec("a", new FlattenSpec(), List.of("input"), "blk"), a);
    }

    @Test
    void removeNodeBypassesItAndMovesTheOutput() {
        NetworkSpec s = NetworkEdits.apply(spec, new GraphEdit.RemoveNode("r"));
        assertEquals(List.of("input", "a"), s.node("join").orElseThrow().inputs());
        NetworkSpec noOutput = NetworkEdits.apply(spec, new GraphEdit.RemoveNode("output"));
        assertEquals("join", noOutput.output(), "the output moves to what the deleted node read");
    }

    @Test
    void removeInputAndSetOutput() {
        NetworkSpec s = NetworkEdits.apply(spec, List.of(new GraphEdit.RemoveInput("join", 0, "input"), new GraphEdit.SetOutput("r")));
        assertEquals(List.of("r"), s.node("join").orElseThrow().inputs());
        assertEquals("r", s.output());
    }

    @Test
    void editsForAnotherRevisionFailLoudly() {
        List<GraphEdit> stale = List.of(
                new GraphEdit.RemoveInput("join", 0, "r"),   // input 0 reads 'input'
                new GraphEdit.RemoveInput("join", 5, "r"),
                new GraphEdit.ReplaceLayer("gone", new ReluSpec()),
                new GraphEdit.SetOutput("gone"),
                new GraphEdit.InsertOnEdge("input", "join", 0, NodeSpec.of("a", new ReluSpec(), "input"))); // 'a' exists
        for (GraphEdit e : stale) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> NetworkEdits.apply(spec, e), e.toString());
            assertTrue(x.getMessage().startsWith("cannot apply"), x.getMessage());
        }
    }
}
