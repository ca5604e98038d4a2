package reslab.engine.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reslab.engine.data.Dataset;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.graph.NetworkWeights;
import reslab.engine.layers.Parameter;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.shape.ResidualEdits;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;

/**
 * The layer-removal experiment of "Learning Identity Mappings with Residual Gates" (Savarese
 * et al.): after training, remove the gated blocks whose gate g(k) = max(k, 0) is lowest,
 * without retraining, and compare test accuracy before and after. A removed block becomes its
 * shortcut, u = x: the Gate is bypassed by its first input and the branch that only fed it
 * goes. With g = 0 that is exactly what the block computed (both gate kinds give u = x), so
 * removing a shut gate changes nothing; with g > 0 the accuracy shows how much the block did.
 *
 * <p>Works on a copy ({@link NetworkWeights}): the session it came from is untouched. Take
 * the {@link Input} on the thread that owns the session (e.g. {@code Trainer.withSession}),
 * then run the experiment on any thread. Results are immutable.
 */
public final class GatePruning {
    private GatePruning() {}

    /**
     * One gated block at the copied weights.
     *
     * @param gate  the Gate node's id
     * @param block the block id its nodes carry (e.g. "block3"), or the gate's id when it has none
     * @param g     max(k, 0)
     */
    public record GatedBlock(String gate, String block, GateSpec.Kind kind, double k, double g) {}

    /**
     * A block taken out.
     *
     * @param nodes  the ids removed with it (the gate and the branch), in design order
     * @param params the trainable parameters those nodes held (shape inference's count)
     */
    public record RemovedBlock(GatedBlock block, List<String> nodes, long params) {
        public RemovedBlock {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * @param gates   every gated block, in network order, with its g
     * @param removed the blocks taken out, lowest g first
     * @param before  the whole network on the test split, evaluation mode
     * @param after   the pruned network, same data and mode
     * @param pruned  the pruned design (same node ids; valid whenever the original is)
     */
    public record Result(List<GatedBlock> gates, List<RemovedBlock> removed, Evaluator.Result before,
                         Evaluator.Result after, long paramsBefore, long paramsAfter, NetworkSpec pruned) {
        public Result {
            gates = List.copyOf(gates);
            removed = List.copyOf(removed);
        }

        public long paramsSaved() {
            return paramsBefore - paramsAfter;
        }

        public double accuracyBefore() {
            return before.accuracy();
        }

        public double accuracyAfter() {
            return after.accuracy();
        }
    }

    /**
     * What the experiment needs from a session.
     *
     * @param test      the test split as fitted to the network
     * @param batchSize evaluation batch size (the session's, as its own evaluation uses)
     */
    public record Input(NetworkWeights weights, Dataset test, int batchSize) {
        /** Copies the session's weights now: call on the thread that owns it, between steps. */
        public static Input capture(TrainingSession session) {
            return new Input(NetworkWeights.of(session.network()), session.data().test(), session.config().batchSize());
        }
    }

    /** Every Gate of the design, in topological order, with g at these weights. */
    public static List<GatedBlock> gates(NetworkWeights weights) {
        NetworkSpec spec = weights.spec();
        List<GatedBlock> out = new ArrayList<>();
        for (NodeInfo info : ShapeInference.analyze(spec).nodes()) {
            NodeSpec n = spec.node(info.id()).orElseThrow();
            if (!(n.layer() instanceof GateSpec g)) continue;
            double k = weights.parameterValue(n.id() + Parameter.Role.GATE.suffix(), 0);
            out.add(new GatedBlock(n.id(), n.block() == null ? n.id() : n.block(), g.gateKind(), k, Math.max(k, 0)));
        }
        return out;
    }

    /** The {@code n} blocks of lowest g, lowest first; ties go to the block nearer the input. */
    public static List<GatedBlock> lowest(List<GatedBlock> gates, int n) {
        if (n < 0 || n > gates.size()) {
            throw new IllegalArgumentException("cannot remove " + n + " blocks: the network has " + gates.size() + " gated blocks");
        }
        List<GatedBlock> sorted = new ArrayList<>(gates);
        sorted.sort(Comparator.comparingDouble(GatedBlock::g)); // stable: network order among equals
        return List.copyOf(sorted.subList(0, n));
    }

    /** Removes the {@code n} blocks with the lowest g and evaluates before and after. */
    public static Result removeLowest(Input in, int n) {
        List<GatedBlock> gates = gates(in.weights());
        return run(in, gates, lowest(gates, n));
    }

    /** Removes the named gated blocks (by Gate node id) and evaluates before and after. */
    public static Result remove(Input in, Collection<String> gateNodes) {
        List<GatedBlock> gates = gates(in.weights());
        Set<String> wanted = new LinkedHashSet<>(gateNodes);
        List<GatedBlock> chosen = new ArrayList<>();
        for (GatedBlock g : gates) if (wanted.remove(g.gate())) chosen.add(g);
        if (!wanted.isEmpty()) throw new IllegalArgumentException("not gated blocks of '" + in.weights().spec().name() + "': " + wanted);
        return run(in, gates, chosen);
    }

    /**
     * The design with each named Gate replaced by its shortcut (input 0) and the branches that
     * only fed them removed.
     */
    public static ResidualEdits.Result prune(NetworkSpec spec, Collection<String> gateNodes) {
        NetworkSpec s = spec;
        List<String> removed = new ArrayList<>();
        for (String id : gateNodes) {
            NodeSpec n = s.node(id).orElseThrow(() -> new IllegalArgumentException("no node '" + id + "' to prune"));
            if (!(n.layer() instanceof GateSpec)) throw new IllegalArgumentException("'" + id + "' is a " + n.layer().kind() + ", not a Gate");
            ResidualEdits.Result r = ResidualEdits.bypass(s, id, 0);
            s = r.spec();
            removed.addAll(r.removed());
        }
        return new ResidualEdits.Result(s, removed);
    }

    private static Result run(Input in, List<GatedBlock> gates, List<GatedBlock> chosen) {
        NetworkSpec spec = in.weights().spec();
        NetworkAnalysis before = ShapeInference.analyze(spec);
        NetworkSpec s = spec;
        List<RemovedBlock> removed = new ArrayList<>();
        for (GatedBlock g : chosen) {
            ResidualEdits.Result r = ResidualEdits.bypass(s, g.gate(), 0);
            long params = r.removed().stream().mapToLong(id -> before.node(id).map(NodeInfo::params).orElse(0L)).sum();
            removed.add(new RemovedBlock(g, r.removed(), params));
            s = r.spec();
        }
        NetworkAnalysis after = ShapeInference.analyze(s);
        if (!after.valid()) throw new IllegalStateException("pruning left an invalid design: " + after.diagnostics());
        CompiledNetwork whole = in.weights().compile();
        CompiledNetwork pruned = in.weights().compile(s);
        return new Result(gates, removed, Evaluator.evaluate(whole, in.test(), in.batchSize()),
                Evaluator.evaluate(pruned, in.test(), in.batchSize()), before.totalParams(), after.totalParams(), s);
    }
}
