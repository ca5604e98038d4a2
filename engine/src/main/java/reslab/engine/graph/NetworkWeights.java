package reslab.engine.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.NetworkSpec;

/**
 * A frozen copy of a network's numbers: its design, every parameter ({@code dense3.W},
 * {@code block2.gate.k}) and every piece of layer state ({@code bn1.running_mean}), by stable
 * key. Immutable: the arrays are private copies that nothing writes, and what leaves this
 * class is copied again. Take it on the thread that owns the network (between steps); use it
 * on any thread, e.g. to build an independent network for an experiment that must not touch
 * the running session.
 */
public final class NetworkWeights {
    private final NetworkSpec spec;
    private final DataType dataType;
    private final Map<String, INDArray> parameters;   // key -> copy
    private final Map<String, INDArray> state;        // key -> copy

    private NetworkWeights(NetworkSpec spec, DataType dataType, Map<String, INDArray> parameters, Map<String, INDArray> state) {
        this.spec = spec;
        this.dataType = dataType;
        this.parameters = parameters;
        this.state = state;
    }

    /** Copies {@code net}'s parameters and state now. Not thread-safe with respect to {@code net}: call between steps. */
    public static NetworkWeights of(CompiledNetwork net) {
        Map<String, INDArray> p = new LinkedHashMap<>(), s = new LinkedHashMap<>();
        for (Parameter q : net.parameters()) p.put(q.key(), q.value().dup());
        for (CompiledNetwork.Node n : net.nodes()) {
            if (n.layer() == null) continue;
            for (Map.Entry<String, INDArray> e : n.layer().state().entrySet()) s.put(e.getKey(), e.getValue().dup());
        }
        return new NetworkWeights(net.spec(), net.dataType(), p, s);
    }

    public NetworkSpec spec() { return spec; }
    public DataType dataType() { return dataType; }

    /** Parameter keys in the network's order. */
    public Set<String> parameterKeys() {
        return java.util.Collections.unmodifiableSet(parameters.keySet());
    }

    /** A copy of parameter {@code key}'s value. */
    public INDArray parameter(String key) {
        INDArray a = parameters.get(key);
        if (a == null) throw new IllegalArgumentException("no parameter " + key + " in network '" + spec.name() + "'");
        return a.dup();
    }

    /** One number of a parameter, e.g. a gate's k ({@code block3.gate.k}, index 0), without copying the array. */
    public double parameterValue(String key, long index) {
        INDArray a = parameters.get(key);
        if (a == null) throw new IllegalArgumentException("no parameter " + key + " in network '" + spec.name() + "'");
        return a.getDouble(index);
    }

    /** A fresh network of this design holding these numbers. */
    public CompiledNetwork compile() {
        return compile(spec);
    }

    /**
     * A fresh network of {@code design} (this design, or one edited from it with the same node
     * ids, e.g. pruned) holding these numbers: every parameter and state key of the new network
     * must be here with the same shape; keys of removed nodes are ignored.
     *
     * @throws IllegalArgumentException if the new network has a parameter or state this copy lacks
     */
    public CompiledNetwork compile(NetworkSpec design) {
        CompiledNetwork net = CompiledNetwork.compile(design, dataType, 0); // every number is overwritten below
        for (Parameter p : net.parameters()) p.value().assign(source(parameters, p.key(), p.value()));
        for (CompiledNetwork.Node n : net.nodes()) {
            if (n.layer() == null) continue;
            for (Map.Entry<String, INDArray> e : n.layer().state().entrySet()) {
                e.getValue().assign(source(state, e.getKey(), e.getValue()));
            }
        }
        return net;
    }

    private INDArray source(Map<String, INDArray> from, String key, INDArray target) {
        INDArray a = from.get(key);
        if (a == null) throw new IllegalArgumentException("the copy of '" + spec.name() + "' has no " + key);
        if (!java.util.Arrays.equals(a.shape(), target.shape())) {
            throw new IllegalArgumentException(key + ": the copy holds " + java.util.Arrays.toString(a.shape())
                    + ", the network needs " + java.util.Arrays.toString(target.shape()));
        }
        return a;
    }
}
