package reslab.engine.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Batches;
import reslab.engine.data.Split;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.BufferStats;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.telemetry.TelemetryCollector;

/**
 * One run: a network, its data stream and optimizer. Not thread-safe; the {@link Trainer}
 * owns it on its own thread, the CLI and tests call it directly.
 */
public final class TrainingSession {
    private final CompiledNetwork network;
    private final Batches batches;
    private final SgdMomentum optimizer;
    private final Loss loss;
    private final TrainingConfig config;
    private final long runId;
    private Batches.Batch pending; // fetched by a preview, used by the next step
    private long step;

    public TrainingSession(NetworkSpec spec, Split data, TrainingConfig config, long runId) {
        this.config = config;
        this.runId = runId;
        this.network = CompiledNetwork.compile(spec, config.dataType(), config.seed());
        this.loss = Loss.of(spec.loss());
        long inputSize = network.nodes().get(0).spec() instanceof reslab.engine.spec.InputSpec in ? in.shape().size() : -1;
        if (inputSize != data.train().shape().size()) {
            throw new IllegalArgumentException("the network's input takes " + inputSize
                    + " values per example but dataset '" + data.train().name() + "' has " + data.train().shape());
        }
        this.batches = new Batches(data.train(), config.batchSize(), config.seed() ^ 0x5EEDL, config.dataType());
        this.optimizer = new SgdMomentum(config.learningRate(), config.momentum());
    }

    /** One mini-batch: forward, loss, backward, telemetry, update. */
    public StepSnapshot step() {
        Batches.Batch batch = takeBatch();
        double lossValue = forwardBackward(batch);
        Map<String, Double> normsBefore = config.telemetry() ? weightNorms() : Map.of();
        checkFinite(lossValue);
        Map<String, Double> updates = optimizer.step(network.parameters());
        StepSnapshot s = snapshot(batch, lossValue, normsBefore, updates, false);
        step++;
        network.clearCaches();
        return s;
    }

    /**
     * The gradients at the current weights on the batch the next step will use, without
     * updating anything: what the depth profile shows before Play.
     */
    public StepSnapshot preview() {
        if (pending == null) pending = batches.next();
        double lossValue = forwardBackward(pending);
        StepSnapshot s = snapshot(pending, lossValue, Map.of(), null, true);
        network.clearCaches();
        return s;
    }

    private Batches.Batch takeBatch() {
        Batches.Batch b = pending != null ? pending : batches.next();
        pending = null;
        return b;
    }

    private double forwardBackward(Batches.Batch batch) {
        network.zeroGradients();
        INDArray logits = network.forward(batch.x(), true);
        double lossValue = loss.forward(logits, batch.oneHot());
        network.backward(loss.backward());
        return lossValue;
    }

    private StepSnapshot snapshot(Batches.Batch batch, double lossValue, Map<String, Double> normsBefore,
                                  Map<String, Double> updates, boolean preview) {
        double acc = SoftmaxCrossEntropy.accuracy(loss.scores(), batch.labels());
        List<NodeTelemetry> nodes = config.telemetry()
                ? TelemetryCollector.collect(network, normsBefore, updates)
                : List.of();
        return new StepSnapshot(runId, step, lossValue, acc, preview, nodes);
    }

    private Map<String, Double> weightNorms() {
        Map<String, Double> m = new HashMap<>();
        for (Parameter p : network.parameters()) {
            if (p.role() == Parameter.Role.WEIGHT) m.put(p.key(), BufferStats.norm2(p.value()));
        }
        return m;
    }

    /** Refuses to apply an update computed from NaN/Inf; names the first place it appeared. */
    private void checkFinite(double lossValue) {
        if (!Double.isFinite(lossValue)) throw new DivergenceException(step, "loss");
        for (Parameter p : network.parameters()) {
            double n = BufferStats.sumOfSquares(p.grad());
            if (!Double.isFinite(n)) throw new DivergenceException(step, "gradient of " + p.key());
        }
    }

    public long stepCount() { return step; }
    public long runId() { return runId; }
    public CompiledNetwork network() { return network; }
    public TrainingConfig config() { return config; }
}
