package reslab.engine.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.data.Batches;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.data.DatasetException;
import reslab.engine.data.Split;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.layers.Dropout;
import reslab.engine.layers.Layer;
import reslab.engine.layers.Parameter;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.telemetry.BufferStats;
import reslab.engine.telemetry.NodeTelemetry;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.telemetry.TelemetryCollector;
import reslab.engine.telemetry.WarmReads;

/**
 * One run: a network, its data stream and optimizer. Not thread-safe; the {@link Trainer}
 * owns it on its own thread, the CLI and tests call it directly.
 *
 * <p>A step: evaluate on the test split if due (evaluation mode, weights of this step),
 * forward and backward on the next mini-batch, check the loss and gradients, prepare the
 * update, check the new weights, apply. A NaN or infinity anywhere throws
 * {@link DivergenceException} before anything is written, and layer state the forward pass
 * changed (batch-norm running statistics) is put back.
 */
public final class TrainingSession {
    private final CompiledNetwork network;
    private final Split data;
    private final Batches batches;
    private final Optimizer optimizer;
    private final Loss loss;
    private final TrainingConfig config;
    private final long runId;
    private final List<INDArray[]> layerState = new ArrayList<>(); // {live, backup} pairs
    private Batches.Batch pending; // fetched by a preview, used by the next step
    private final WarmReads warmReads; // telemetry's reads while the arrays are in cache; null without telemetry
    private Evaluation lastEvaluation;
    private long step;

    private record Evaluation(long step, double loss, double accuracy) {}

    /**
     * @param data the data; images are fitted to the network's input (padded, resized, a grey
     *             channel repeated, flattened) as {@link DatasetCatalog#fit} describes
     * @throws IllegalArgumentException if the data cannot be fitted to the network
     */
    public TrainingSession(NetworkSpec spec, Split data, TrainingConfig config, long runId) {
        NativeHeap.keepFreedMemory(); // before the first step's native temporaries
        this.config = config;
        this.runId = runId;
        this.network = CompiledNetwork.compile(spec, config.dataType(), config.seed());
        network.skipDataGradients(); // nothing reads the gradient with respect to the data
        network.blockedLayouts(true); // telemetry reads any layout; only its arrays' statistics leave the session
        this.warmReads = config.telemetry() ? WarmReads.attach(network) : null;
        this.loss = Loss.of(spec.loss());
        try {
            this.data = DatasetCatalog.fit(data, spec);
        } catch (DatasetException e) {
            throw new IllegalArgumentException("dataset does not fit network '" + spec.name() + "': " + e.getMessage(), e);
        }
        this.batches = new Batches(this.data.train(), config.batchSize(), config.seed() ^ 0x5EEDL, config.dataType());
        this.optimizer = config.optimizer().create();
        for (CompiledNetwork.Node n : network.nodes()) {
            if (n.layer() == null) continue;
            for (INDArray a : n.layer().state().values()) layerState.add(new INDArray[] {a, a.dup()});
        }
    }

    /** One mini-batch: evaluation if due, forward, loss, backward, checks, update, telemetry. */
    public StepSnapshot step() {
        return step(null, null);
    }

    /**
     * {@link #step()}, but what is left of the per-node telemetry after the training thread's
     * reads ({@link WarmReads}: outputs and the gradients at block inputs, read as they are
     * written) is read on the telemetry thread while this session goes on with the next step.
     * {@code onSnapshot} gets the whole snapshot on that thread, steps in order; the next step
     * waits before overwriting an array that is still to be read. Divergence throws here, as
     * for {@link #step()}.
     */
    public void stepPipelined(Consumer<StepSnapshot> onSnapshot) {
        stepPipelined(onSnapshot, TELEMETRY_THREAD);
    }

    /** {@link #stepPipelined(Consumer)} reading on {@code reader} (tests delay it to prove the next step waits). */
    public void stepPipelined(Consumer<StepSnapshot> onSnapshot, java.util.concurrent.Executor reader) {
        step(java.util.Objects.requireNonNull(onSnapshot), java.util.Objects.requireNonNull(reader));
    }

    private StepSnapshot step(Consumer<StepSnapshot> pipelined, java.util.concurrent.Executor reader) {
        Batches.Batch batch = takeBatch();
        Evaluation eval = evaluateIfDue();
        saveLayerState();
        try {
            double lossValue = forwardBackward(batch);
            checkLoss(lossValue);
            checkGradients();
            Map<String, Double> normsBefore = config.telemetry() ? weightNorms() : Map.of();
            Optimizer.Update update = optimizer.prepare(network.parameters(), learningRate());
            update.firstNonFinite().ifPresent(bad -> {
                throw new DivergenceException(step, DivergenceException.Kind.WEIGHT,
                        bad.what().equals("weight") ? "weight " + bad.parameter().key() : bad.what() + " of " + bad.parameter().key(),
                        bad.parameter().layer(), "the update is not applied");
            });
            update.apply();
            StepSnapshot s = snapshot(batch, lossValue, normsBefore, update.updateNorms(), false, eval, pipelined, reader);
            step++;
            return s;
        } catch (DivergenceException e) {
            restoreLayerState();
            throw e;
        } finally {
            network.clearCaches();
        }
    }

    /**
     * The gradients at the current weights on the batch the next step will use, without
     * updating anything: what the depth profile shows before Play. Evaluates the test split
     * too when the next step would.
     */
    public StepSnapshot preview() {
        if (pending == null) pending = batches.next();
        Evaluation eval = evaluateIfDue();
        saveLayerState();
        try {
            double lossValue = forwardBackward(pending);
            return snapshot(pending, lossValue, Map.of(), null, true, eval, null, null);
        } finally {
            restoreLayerState(); // a preview changes nothing, not even running statistics
            network.clearCaches();
        }
    }

    /**
     * Mean loss and accuracy over the whole test split in evaluation mode ({@code training}
     * false: batch norm uses running statistics, dropout is off), in batches of the training
     * batch size so memory stays bounded. Changes no weights or state.
     *
     * @return {loss, accuracy}
     */
    public double[] evaluate() {
        Loss testLoss = Loss.of(network.spec().loss());
        int n = data.test().size();
        if (n == 0) return new double[] {Double.NaN, Double.NaN};
        double lossSum = 0, correct = 0;
        int size = config.batchSize();
        for (int start = 0; start < n; start += size) {
            int[] idx = new int[Math.min(size, n - start)];
            for (int k = 0; k < idx.length; k++) idx[k] = start + k;
            Batches.Batch b = Batches.batchOf(data.test(), idx, config.dataType());
            INDArray logits = network.forward(b.x(), false);
            lossSum += testLoss.forward(logits, b.oneHot()) * idx.length;
            correct += SoftmaxCrossEntropy.accuracy(logits, b.labels()) * idx.length;
        }
        network.clearCaches();
        return new double[] {lossSum / n, correct / n};
    }

    private Evaluation evaluateIfDue() {
        if (config.evalEvery() == 0 || step % config.evalEvery() != 0) return null;
        if (lastEvaluation == null || lastEvaluation.step() != step) {
            double[] r = evaluate();
            lastEvaluation = new Evaluation(step, r[0], r[1]);
        }
        return lastEvaluation;
    }

    /**
     * The mini-batch the next {@link #step()} or {@link #preview()} will use, fetched now and
     * kept for it (so asking does not change the run). Read it, never write it: its arrays go
     * into the network as they are.
     */
    public Batches.Batch nextBatch() {
        if (pending == null) pending = batches.next();
        return pending;
    }

    private Batches.Batch takeBatch() {
        Batches.Batch b = pending != null ? pending : batches.next();
        pending = null;
        return b;
    }

    private double forwardBackward(Batches.Batch batch) {
        network.zeroGradients();
        INDArray logits = network.forward(batch.x(), true);
        awaitTelemetry(); // the loss writes the output's gradient, which telemetry reads
        double lossValue = loss.forward(logits, batch.oneHot());
        network.backward(loss.backward());
        return lossValue;
    }

    private StepSnapshot snapshot(Batches.Batch batch, double lossValue, Map<String, Double> normsBefore,
                                  Map<String, Double> updates, boolean preview, Evaluation eval,
                                  Consumer<StepSnapshot> pipelined, java.util.concurrent.Executor reader) {
        double acc = SoftmaxCrossEntropy.accuracy(loss.scores(), batch.labels());
        double testLoss = eval == null ? Double.NaN : eval.loss();
        double testAcc = eval == null ? Double.NaN : eval.accuracy();
        long at = step;
        if (!config.telemetry()) {
            StepSnapshot s = new StepSnapshot(runId, at, lossValue, acc, preview, List.of(), testLoss, testAcc);
            if (pipelined != null) pipelined.accept(s);
            return s;
        }
        TelemetryCollector.Capture capture = TelemetryCollector.capture(network, normsBefore, updates, warmReads);
        if (pipelined == null) {
            return new StepSnapshot(runId, at, lossValue, acc, preview, capture.compute(), testLoss, testAcc);
        }
        // The capture holds gradients only (WarmReads took the outputs), and the next step's
        // forward writes none: only its loss, which waits for this reader (forwardBackward).
        InFlight reading = new InFlight();
        inFlight = reading;
        reader.execute(() -> {
            try {
                List<NodeTelemetry> nodes = List.of();
                try {
                    nodes = capture.compute();
                } catch (RuntimeException | OutOfMemoryError e) {
                    // The step itself succeeded: publish it without the per-node numbers.
                    System.err.println("telemetry of step " + at + " failed: " + e);
                }
                pipelined.accept(new StepSnapshot(runId, at, lossValue, acc, preview, nodes, testLoss, testAcc));
            } finally {
                reading.finish(); // after publishing: awaitTelemetry() means the snapshot is out
            }
        });
        return null;
    }

    /** One daemon thread reads the telemetry of every pipelined session, in submission order. */
    private static final java.util.concurrent.Executor TELEMETRY_THREAD = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reslab-telemetry");
        t.setDaemon(true);
        return t;
    });

    private InFlight inFlight;

    /** Waits until the telemetry of the last pipelined step has been read and handed to its consumer. */
    public void awaitTelemetry() {
        InFlight f = inFlight;
        if (f == null) return;
        f.awaitFinished();
        inFlight = null;
    }

    private static final java.util.concurrent.atomic.AtomicLong WAITED_NANOS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Total time, over all sessions, that steps have waited for the previous step's telemetry
     * to be read before writing its gradients (for benchmarks: the part of pipelining that
     * does not overlap).
     */
    public static long telemetryWaitNanos() {
        return WAITED_NANOS.get();
    }

    /** The telemetry being read: whether all is. */
    private static final class InFlight {
        private boolean finished;

        synchronized void finish() {
            finished = true;
            notifyAll();
        }

        synchronized void awaitFinished() {
            if (finished) return;
            long t0 = System.nanoTime();
            boolean interrupted = false;
            while (!finished) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // reading always finishes (finish() runs in a finally): wait on, keep the flag
                }
            }
            WAITED_NANOS.addAndGet(System.nanoTime() - t0);
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private Map<String, Double> weightNorms() {
        Map<String, Double> m = new HashMap<>();
        for (Parameter p : network.parameters()) {
            if (p.role() == Parameter.Role.WEIGHT) m.put(p.key(), BufferStats.norm2(p.value()));
        }
        return m;
    }

    /** A non-finite loss: names the first node, in forward order, whose output was not finite. */
    private void checkLoss(double lossValue) {
        if (Double.isFinite(lossValue)) return;
        List<CompiledNetwork.Node> nodes = network.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!Finite.all(network.output(i))) {
                String id = nodes.get(i).id();
                if (nodes.get(i).layer() == null) {
                    throw new DivergenceException(step, DivergenceException.Kind.LOSS, "loss", id,
                            "the input data '" + id + "' holds NaN or infinite values", "check the dataset");
                }
                throw new DivergenceException(step, DivergenceException.Kind.LOSS, "loss", id,
                        "first non-finite output, in forward order: node '" + id + "'");
            }
        }
        throw new DivergenceException(step, DivergenceException.Kind.LOSS, "loss", null, "every node's output was finite; the loss overflowed");
    }

    /**
     * A non-finite gradient with a finite loss: walks the nodes in the order backward ran
     * (output to input) and names the first whose backpropagated gradient or parameter
     * gradient is not finite: where the bad value appeared.
     */
    private void checkGradients() {
        boolean bad = false;
        for (Parameter p : network.parameters()) bad |= !Finite.all(p.grad());
        if (!bad) return;
        List<CompiledNetwork.Node> nodes = network.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            CompiledNetwork.Node n = nodes.get(i);
            if (!Finite.all(network.delta(i))) {
                throw new DivergenceException(step, DivergenceException.Kind.GRADIENT, "gradient of the output of " + n.id(),
                        n.id(), "first non-finite value during backpropagation");
            }
            Layer layer = n.layer();
            if (layer == null) continue;
            for (Parameter p : layer.parameters()) {
                if (!Finite.all(p.grad())) {
                    throw new DivergenceException(step, DivergenceException.Kind.GRADIENT, "gradient of " + p.key(),
                            n.id(), "first non-finite value during backpropagation");
                }
            }
        }
        throw new IllegalStateException("a parameter gradient is not finite but no node has it"); // parameters all belong to nodes
    }

    private void saveLayerState() {
        for (INDArray[] pair : layerState) pair[1].assign(pair[0]);
        saveDropoutSteps();
    }

    private void restoreLayerState() {
        for (INDArray[] pair : layerState) pair[0].assign(pair[1]);
        restoreDropoutSteps();
    }

    /** This step's learning rate, after the schedule. */
    public double learningRate() {
        return config.learningRateAt(step);
    }

    public long stepCount() { return step; }
    public long runId() { return runId; }
    public CompiledNetwork network() { return network; }
    public TrainingConfig config() { return config; }

    /** The optimizer, for saving and restoring its state with a project. */
    public Optimizer optimizer() { return optimizer; }

    /** The data as fitted to the network. */
    public Split data() { return data; }

    // ---- checkpoints: save a run and continue it later exactly ----

    private final Map<Dropout, Long> dropoutBackup = new HashMap<>();

    /** Dropout's mask counter is state a preview or a diverged step must not advance either. */
    private void saveDropoutSteps() {
        for (CompiledNetwork.Node n : network.nodes()) {
            if (n.layer() instanceof Dropout d) dropoutBackup.put(d, d.step());
        }
    }

    private void restoreDropoutSteps() {
        for (Map.Entry<Dropout, Long> e : dropoutBackup.entrySet()) e.getKey().setStep(e.getValue());
    }

    /** Copies of everything the run needs to go on from here (call between steps). */
    public TrainingCheckpoint checkpoint() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) params.put(p.key(), p.value().dup());
        Map<String, INDArray> state = new LinkedHashMap<>();
        Map<String, Long> dropouts = new LinkedHashMap<>();
        for (CompiledNetwork.Node n : network.nodes()) {
            if (n.layer() == null) continue;
            for (Map.Entry<String, INDArray> e : n.layer().state().entrySet()) state.put(e.getKey(), e.getValue().dup());
            if (n.layer() instanceof Dropout d) dropouts.put(n.id(), d.step());
        }
        // A batch fetched by a preview is not used yet: the stream resumes at it.
        long drawn = batches.drawn() - (pending == null ? 0 : 1);
        return new TrainingCheckpoint(config, data.train().name(), step, drawn, params, state, dropouts, optimizer.state());
    }

    /**
     * Continues the run of {@code saved}: weights, layer state, dropout counters, optimizer
     * state, batch stream and step count. Checks every shape before changing anything.
     *
     * @return what could not be restored exactly (an entry the checkpoint lacks keeps its
     *         initial value; an entry the network lacks is ignored); empty when the run goes on
     *         exactly as it would have without the interruption
     * @throws IllegalArgumentException if a saved tensor's shape differs from the network's
     */
    public List<String> restore(TrainingCheckpoint saved) {
        List<String> notes = new ArrayList<>();
        List<String> misfits = new ArrayList<>();
        Map<String, INDArray> live = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) live.put(p.key(), p.value());
        Map<String, INDArray> liveState = new LinkedHashMap<>();
        Map<String, Dropout> dropouts = new LinkedHashMap<>();
        for (CompiledNetwork.Node n : network.nodes()) {
            if (n.layer() == null) continue;
            liveState.putAll(n.layer().state());
            if (n.layer() instanceof Dropout d) dropouts.put(n.id(), d);
        }
        match("weights", saved.parameters(), live, notes, misfits);
        match("layer state", saved.layerState(), liveState, notes, misfits);
        for (String id : dropouts.keySet()) {
            if (!saved.dropoutSteps().containsKey(id)) notes.add("no saved mask counter for dropout " + id + ": its masks start over");
        }
        Optimizer.OptimizerState opt = saved.optimizer();
        Map<String, Map<String, INDArray>> slots = new HashMap<>();
        if (opt == null) {
            notes.add("no optimizer state: its moments start from zero");
        } else if (opt.kind() != optimizer.config().kind()) {
            notes.add("the optimizer state is " + opt.kind().id() + "'s, this run uses " + optimizer.config().kind().id()
                    + ": its moments start from zero");
            opt = null;
        } else {
            for (Map.Entry<String, Map<String, INDArray>> e : opt.slots().entrySet()) {
                INDArray p = live.get(e.getKey());
                if (p == null) continue;   // reported with the weights
                for (Map.Entry<String, INDArray> slot : e.getValue().entrySet()) {
                    if (!java.util.Arrays.equals(slot.getValue().shape(), p.shape())) {
                        misfits.add("optimizer state '" + slot.getKey() + "' of " + e.getKey() + " is "
                                + java.util.Arrays.toString(slot.getValue().shape()) + ", the weights are " + java.util.Arrays.toString(p.shape()));
                    }
                }
                slots.put(e.getKey(), e.getValue());
            }
        }
        if (!misfits.isEmpty()) {
            throw new IllegalArgumentException("the saved run does not fit network '" + network.spec().name() + "': "
                    + String.join("; ", misfits));
        }
        if (!saved.config().equals(config)) notes.add("the run continues with other settings than it was saved with");

        for (Map.Entry<String, INDArray> e : saved.parameters().entrySet()) {
            if (live.containsKey(e.getKey())) live.get(e.getKey()).assign(e.getValue());
        }
        for (Map.Entry<String, INDArray> e : saved.layerState().entrySet()) {
            if (liveState.containsKey(e.getKey())) liveState.get(e.getKey()).assign(e.getValue());
        }
        for (Map.Entry<String, Dropout> e : dropouts.entrySet()) e.getValue().setStep(saved.dropoutSteps().getOrDefault(e.getKey(), 0L));
        if (opt != null) optimizer.restore(new Optimizer.OptimizerState(opt.kind(), opt.steps(), slots));
        batches.seek(saved.batchesDrawn());
        pending = null;
        lastEvaluation = null;
        step = saved.step();
        network.clearCaches();
        return notes;
    }

    private static void match(String what, Map<String, INDArray> saved, Map<String, INDArray> live, List<String> notes,
                              List<String> misfits) {
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            INDArray v = saved.get(e.getKey());
            if (v == null) {
                notes.add("no saved " + what + " for " + e.getKey() + ": it keeps its initial value");
            } else if (!java.util.Arrays.equals(v.shape(), e.getValue().shape())) {
                misfits.add(e.getKey() + " is saved as " + java.util.Arrays.toString(v.shape()) + ", the network's is "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
        }
        for (String key : saved.keySet()) {
            if (!live.containsKey(key)) notes.add("saved " + what + " " + key + " belongs to no layer of this network: ignored");
        }
    }
}
