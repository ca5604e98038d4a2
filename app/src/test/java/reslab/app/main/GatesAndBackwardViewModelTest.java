package reslab.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reslab.app.Await;
import reslab.app.chart.DepthProfile;
import reslab.app.chart.GateCurves;
import reslab.app.i18n.Messages;
import reslab.engine.graph.BackwardStep;
import reslab.engine.shape.ShapeInference;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.train.GatePruning;
import reslab.engine.train.Trainer;
import reslab.engine.zoo.Templates;

/** The gates and backward views' data, with a real trainer and ND4J, no window. */
class GatesAndBackwardViewModelTest {
    private MainViewModel vm;

    @AfterEach
    void closeTrainer() {
        if (vm != null) vm.close(2000);
    }

    private MainViewModel loaded(String templateId) {
        var template = Templates.find(templateId).orElseThrow();
        var commands = new reslab.app.design.CommandManager(reslab.app.AppViewModel.documentOf(template));
        vm = new MainViewModel(commands.documentProperty(), List.of(template), t -> commands.reset(reslab.app.AppViewModel.documentOf(t)));
        Await.until("ready", 30_000, vm::onFrame, () -> vm.stateProperty().get() == Trainer.State.READY);
        return vm;
    }

    private void steps(int n) {
        for (int i = 0; i < n; i++) {
            long before = vm.stepsDoneProperty().get();
            vm.step();
            Await.until("a step", 20_000, vm::onFrame, () -> vm.stepsDoneProperty().get() == before + 1);
        }
    }

    @Test
    void gateCurvesFollowTheNewestSnapshotAndMarkTheLowestGates() {
        loaded("gated-resnet-mlp-10");
        steps(3);
        Await.until("curves at the newest step", 10_000, vm::onFrame, () -> vm.gates().curvesProperty().get().lastStep() == vm.snapshotProperty().get().step());
        GateCurves curves = vm.gates().curvesProperty().get();
        List<NodeTelemetry> gated = vm.snapshotProperty().get().nodes().stream().filter(n -> !Double.isNaN(n.gate())).toList();
        assertEquals(10, gated.size());
        assertEquals(gated.size(), curves.curves().size());
        for (int i = 0; i < gated.size(); i++) {
            GateCurves.Curve c = curves.curves().get(i);
            assertEquals(gated.get(i).node(), c.label() + ".gate", "network order");
            assertEquals(gated.get(i).gate(), c.series().value(c.series().size() - 1), 0.0);
        }
        vm.gates().pruneCountProperty().set(3);
        List<NodeTelemetry> byG = new ArrayList<>(gated);
        byG.sort(Comparator.comparingDouble(NodeTelemetry::gate));
        Set<String> expected = new HashSet<>();
        for (NodeTelemetry n : byG.subList(0, 3)) expected.add(n.node().replace(".gate", ""));
        assertEquals(expected, vm.gates().markedProperty().get());
    }

    @Test
    void pruneRemovesTheMarkedBlocksAndReportsAccuracyBeforeAndAfter() {
        loaded("gated-resnet-mlp-10");
        steps(4);
        vm.gates().pruneCountProperty().set(4);
        Await.until("curves", 10_000, vm::onFrame, () -> vm.gates().curvesProperty().get().lastStep() == vm.snapshotProperty().get().step());
        Set<String> marked = vm.gates().markedProperty().get();
        vm.pruneGates();
        assertTrue(vm.gates().busyProperty().get());
        Await.until("prune result", 60_000, vm::onFrame, () -> !vm.gates().busyProperty().get());
        assertNull(vm.gates().failureProperty().get());
        GatePruning.Result r = vm.gates().resultProperty().get();
        assertNotNull(r);
        Set<String> removed = new HashSet<>();
        for (var b : r.removed()) removed.add(RunCurves.gateLabel(b.block().gate()));
        assertEquals(marked, removed, "the dashed blocks are the ones removed");
        // The parameters saved are the difference between the two designs' shape inference.
        var spec = vm.documentProperty().get().network();
        var pruned = GatePruning.prune(spec, r.removed().stream().map(b -> b.block().gate()).toList()).spec();
        assertEquals(ShapeInference.analyze(spec).totalParams() - ShapeInference.analyze(pruned).totalParams(), r.paramsSaved());
        assertTrue(r.accuracyBefore() >= 0 && r.accuracyBefore() <= 1);
        assertTrue(r.accuracyAfter() >= 0 && r.accuracyAfter() <= 1);
        assertTrue(r.before().examples() > 0);

        vm.gates().pruneCountProperty().set(11);
        vm.pruneGates();
        Await.until("refusal", 30_000, vm::onFrame, () -> !vm.gates().busyProperty().get());
        assertTrue(vm.gates().failureProperty().get().contains("cannot remove 11 blocks"), vm.gates().failureProperty().get());
    }

    @Test
    void backwardStepsFromTheLossTowardTheInputFillingTheBars() {
        loaded("chain-sigmoid-6");
        steps(1);
        BackwardViewModel b = vm.backward();
        vm.freezeBatch();
        Await.until("trace", 30_000, vm::onFrame, () -> b.traceProperty().get() != null);
        var trace = b.traceProperty().get();
        BackwardStep first = b.current();
        assertTrue(first.fromLoss(), "starts at the output, whose gradient comes from the loss");
        DepthProfile p = b.profileProperty().get();
        List<BackwardStep> nonInput = trace.steps().stream().filter(s -> !s.kind().equals("Input")).toList();
        assertEquals(nonInput.size(), p.bars().size());
        // Forward order: the last bar is the output node, already reached; the first is not.
        assertEquals(first.node(), p.bars().get(p.bars().size() - 1).nodeId());
        assertEquals(first.incoming().rms(), p.bars().get(p.bars().size() - 1).value(), 0.0);
        assertEquals(0.0, p.bars().get(0).value());

        b.toInput();
        p = b.profileProperty().get();
        for (DepthProfile.Bar bar : p.bars()) assertTrue(bar.value() > 0, "every node reached: " + bar.nodeId());
        b.previous();
        assertEquals(trace.steps().size() - 2, b.positionProperty().get());
        b.toLoss();
        b.previous();
        assertEquals(0, b.positionProperty().get(), "cannot go past the loss");

        // A sigmoid's card shows its mean slope, which cannot exceed 1/4.
        while (!b.current().kind().equals("Sigmoid")) b.next();
        BackwardStep sig = b.current();
        assertTrue(sig.factor().meanDerivative() > 0 && sig.factor().meanDerivative() <= 0.25);
        String card = BackwardText.describe(trace, sig, new Messages(reslab.app.i18n.Language.ENGLISH));
        assertTrue(card.contains(reslab.app.chart.SciFormat.format(sig.factor().meanDerivative())), card);
        assertTrue(card.contains("Gradient passed on to " + sig.outgoing().get(0).source()), card);
        assertTrue(!card.contains("{"), "every placeholder filled: " + card);
        String zh = BackwardText.describe(trace, sig, new Messages(reslab.app.i18n.Language.SIMPLIFIED_CHINESE));
        assertTrue(zh.contains("局部因子") && !zh.contains("{"), zh);
    }
}
