package reslab.engine.io;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.Shape;

/**
 * The tensors a design's compiled network holds, by key and shape, worked out from shape
 * inference without building the network (whose weights may take gigabytes): what saved
 * weights are checked against when a project opens. Must agree with the layers
 * {@code CompiledNetwork} builds; a test compares the two for every template.
 *
 * @param parameters trainable tensors ({@code <node>.W}, {@code .b}, {@code .gamma}, {@code .beta}, {@code .k})
 * @param state      batch-norm running statistics ({@code <node>.running_mean}, {@code .running_var})
 * @param dropouts   ids of the dropout nodes (each keeps a mask counter)
 */
public record DesignTensors(Map<String, long[]> parameters, Map<String, long[]> state, Set<String> dropouts) {

    /** Empty when the design is not valid (then it has no network to hold weights). */
    public static Optional<DesignTensors> of(NetworkSpec spec) {
        NetworkAnalysis a = ShapeInference.analyze(spec);
        if (!a.valid()) return Optional.empty();
        Map<String, long[]> params = new LinkedHashMap<>(), state = new LinkedHashMap<>();
        Set<String> dropouts = new LinkedHashSet<>();
        for (NodeInfo info : a.nodes()) {
            NodeSpec n = spec.node(info.id()).orElseThrow();
            LayerSpec s = n.layer();
            String id = n.id();
            List<String> in = n.inputs();
            Shape x = in.isEmpty() ? null : a.node(in.get(0)).orElseThrow().outputShape();
            if (s instanceof DenseSpec d) {
                params.put(id + ".W", new long[] {x.size(), d.units()});
                if (d.bias()) params.put(id + ".b", new long[] {1, d.units()});
            } else if (s instanceof Conv2DSpec c) {
                params.put(id + ".W", new long[] {c.filters(), x.dim(0), c.kernelH(), c.kernelW()});
                if (c.bias()) params.put(id + ".b", new long[] {c.filters()});
            } else if (s instanceof BatchNormSpec) {
                norm(id, x.dim(0), params, state);
            } else if (s instanceof GateSpec) {
                params.put(id + ".k", new long[] {1});
            } else if (s instanceof ProjectionShortcutSpec p) {
                params.put(id + ".W", x.rank() == 1 ? new long[] {x.dim(0), p.outChannels()}
                        : new long[] {p.outChannels(), x.dim(0), 1, 1});
                if (p.batchNorm()) norm(id, p.outChannels(), params, state);
            } else if (s instanceof DropoutSpec) {
                dropouts.add(id);
            }
        }
        return Optional.of(new DesignTensors(params, state, dropouts));
    }

    private static void norm(String id, long channels, Map<String, long[]> params, Map<String, long[]> state) {
        params.put(id + ".gamma", new long[] {channels});
        params.put(id + ".beta", new long[] {channels});
        state.put(id + ".running_mean", new long[] {channels});
        state.put(id + ".running_var", new long[] {channels});
    }
}
