package reslab.app.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.train.TrainingSession;
import reslab.engine.zoo.Template;
import reslab.engine.zoo.Templates;

/** The per-view data, from real training steps (ND4J), against the snapshot's own numbers. */
class ViewDataTest {
    private static StepSnapshot stepOf(String id) {
        Template t = Templates.find(id).orElseThrow();
        TrainingSession s = new TrainingSession(t.spec(), DatasetCatalog.load(t.dataset()).orElseThrow(), t.training(), 1);
        return s.step();
    }

    @Test
    void splitListsEveryAddInOrderWithBothPaths() {
        StepSnapshot s = stepOf("chain-sigmoid-8-residual");
        SplitData d = SplitData.of(s);
        assertEquals(List.of("add1", "add2", "add3", "add4"), d.joins().stream().map(SplitData.Join::node).toList());
        for (SplitData.Join j : d.joins()) {
            NodeTelemetry n = s.node(j.node()).orElseThrow();
            assertEquals(n.shortcutGradRms(), j.shortcut());
            assertEquals(n.branchGradRms(), j.branch());
            assertTrue(j.shortcutShare() > 0 && j.shortcutShare() < 1);
        }
        // A residual sigmoid chain: near the input, the shortcut carries most of the gradient.
        assertTrue(d.joins().get(0).shortcutShare() > 0.5, "share " + d.joins().get(0).shortcutShare());
    }

    @Test
    void aPlainNetworkHasNoJoins() {
        assertTrue(SplitData.of(stepOf("chain-sigmoid-4")).joins().isEmpty());
    }

    @Test
    void shortLabelsDropTheNodeNameInsideABlock() {
        assertEquals("layer2.0", SplitData.shortLabel("layer2.0.add"));
        assertEquals("add3", SplitData.shortLabel("add3"));
    }

    @Test
    void activationsAreSaturatedForSigmoidAndDeadForRelu() {
        ActivationData sig = ActivationData.of(stepOf("chain-sigmoid-4"));
        assertEquals(4, sig.layers().size());
        assertTrue(sig.layers().stream().allMatch(l -> l.stuck() == ActivationData.Stuck.SATURATED));
        ActivationData relu = ActivationData.of(stepOf("chain-relu-4"));
        assertEquals(4, relu.layers().size());
        assertTrue(relu.layers().stream().allMatch(l -> l.stuck() == ActivationData.Stuck.DEAD));
        StepSnapshot s = stepOf("chain-relu-4");
        ActivationData.Layer first = ActivationData.of(s).layers().get(0);
        NodeTelemetry n = s.node(first.node()).orElseThrow();
        assertEquals(n.deadFrac(), first.stuckFraction());
        assertEquals(n.actMean(), first.mean());
        assertEquals(n.actStd(), first.std());
    }
}
