package reslab.engine.telemetry;

import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.Layer;

/**
 * Telemetry's reads done on the training thread the moment each array is written, while it is
 * still in cache: every output whose moments no batch norm gives (ReLUs, Adds, shortcuts) and
 * every gradient handed to a residual block's input (the shortcut and branch parts of the
 * split). Left to the telemetry thread, the same reads came from memory a step later and
 * competed with training for the memory bus and the cores.
 *
 * <p>One per network, on the network's thread; {@link TelemetryCollector#capture} copies what it
 * holds, so the next step may overwrite it.
 */
public final class WarmReads implements CompiledNetwork.Observer {
    private final CompiledNetwork net;
    private final boolean[] readOutput;   // per node: no batch norm gives its moments
    private final boolean[] blockInput;   // per node: the source of a shortcut
    private final TelemetryCollector.OutputStats[] outputs;
    private final Map<INDArray, Double> squares = new IdentityHashMap<>();

    private WarmReads(CompiledNetwork net) {
        this.net = net;
        int n = net.nodes().size();
        boolean[] byBatchNorm = TelemetryCollector.momentsFromBatchNorm(net);
        readOutput = new boolean[n];
        for (int i = 0; i < n; i++) readOutput[i] = net.nodes().get(i).layer() != null && !byBatchNorm[i];
        blockInput = new boolean[n];
        for (CompiledNetwork.ResidualJoin j : net.residualJoins()) blockInput[j.blockInput()] = true;
        outputs = new TelemetryCollector.OutputStats[n];
    }

    /** Reads for {@code net} from now on (replacing any other observer). */
    public static WarmReads attach(CompiledNetwork net) {
        WarmReads w = new WarmReads(net);
        net.observe(w);
        return w;
    }

    @Override
    public void forwardStarts() {
        java.util.Arrays.fill(outputs, null);
    }

    @Override
    public void output(int node, INDArray output) {
        if (readOutput[node]) outputs[node] = TelemetryCollector.OutputStats.read(net.nodes().get(node).spec(), output);
    }

    @Override
    public void backwardStarts() {
        squares.clear();
    }

    @Override
    public void gradient(int consumer, int input, INDArray gradient) {
        // What the consumer's backward summed on its way is known already (an Add hands on the gradient a ReLU summed).
        for (Layer.SquareSum q : net.nodes().get(consumer).layer().squareSums()) squares.putIfAbsent(q.array(), q.value());
        if (blockInput[input] && !squares.containsKey(gradient)) squares.put(gradient, BufferStats.sumOfSquares(gradient));
    }

    /** The statistics of node {@code node}'s output in the last training forward; null if not read. */
    TelemetryCollector.OutputStats output(int node) {
        return outputs[node];
    }

    /** Sums of squares of the last backward's gradients read so far, by array. */
    Map<INDArray, Double> squares() {
        return squares;
    }

}
