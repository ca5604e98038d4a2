package reslab.engine.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recorded telemetry of one training run, in columns, for replaying it step by step,
 * drawing its charts and heatmaps, saving it with the project and writing its CSV. Immutable;
 * a {@link Recorder} builds it as the run goes.
 *
 * <p>Two tables, each bounded:
 * <ul>
 *   <li>the run table: per step the loss and accuracy of the batch and, where evaluated, the
 *       test loss and accuracy, as doubles: the numbers the run reported, unrounded. Up to
 *       {@link Recorder#DEFAULT_STEP_CAPACITY} rows;</li>
 *   <li>the node table: per recorded step and node the {@link TelemetryMetric}s, as floats.
 *       A column exists only for the metrics that apply to a node (a ReLU has no weight
 *       gradient); NaN marks a step where a metric did not apply (a preview has no update
 *       ratio). Up to {@link Recorder#DEFAULT_NODE_CAPACITY} rows.</li>
 * </ul>
 * A table that reaches its capacity keeps every second row of its older half and all of the
 * newer half ({@link TelemetryHistory}'s rule): a long run keeps its whole shape and its
 * recent detail, in bounded memory and file size.
 */
public final class RunRecording {
    /** A node of the recorded network, in topological order. */
    public record Node(String id, String kind) {}

    private static final int METRICS = TelemetryMetric.values().length;

    private final long runId;
    private final String network;
    private final String label;
    private final long[] steps;
    private final double[] loss, accuracy, testLoss, testAccuracy;
    private final List<Node> nodes;
    private final long[] nodeSteps;
    private final float[][][] columns;       // [metric][node] -> [row], or null where the metric never applied

    private RunRecording(long runId, String network, String label, long[] steps, double[] loss, double[] accuracy,
                         double[] testLoss, double[] testAccuracy, List<Node> nodes, long[] nodeSteps, float[][][] columns) {
        this.runId = runId;
        this.network = network;
        this.label = label;
        this.steps = steps;
        this.loss = loss;
        this.accuracy = accuracy;
        this.testLoss = testLoss;
        this.testAccuracy = testAccuracy;
        this.nodes = List.copyOf(nodes);
        this.nodeSteps = nodeSteps;
        this.columns = columns;
    }

    /**
     * A recording from its columns (as a file stores them), checked: equal lengths, steps
     * increasing, one column array per metric and node (null where it does not apply).
     *
     * @param columns [metric ordinal][node index] -> values per node-table row, or null
     */
    public static RunRecording fromColumns(long runId, String network, String label, long[] steps, double[] loss,
                                           double[] accuracy, double[] testLoss, double[] testAccuracy, List<Node> nodes,
                                           long[] nodeSteps, float[][][] columns) {
        int rows = steps.length;
        if (loss.length != rows || accuracy.length != rows || testLoss.length != rows || testAccuracy.length != rows) {
            throw new IllegalArgumentException("the run table's columns differ in length");
        }
        increasing("run table", steps);
        increasing("node table", nodeSteps);
        if (columns.length != METRICS) throw new IllegalArgumentException("expected " + METRICS + " metrics, got " + columns.length);
        float[][][] copy = new float[METRICS][][];
        for (int m = 0; m < METRICS; m++) {
            if (columns[m].length != nodes.size()) throw new IllegalArgumentException("metric " + m + " has columns for "
                    + columns[m].length + " nodes, the recording has " + nodes.size());
            copy[m] = new float[nodes.size()][];
            for (int n = 0; n < nodes.size(); n++) {
                float[] c = columns[m][n];
                if (c == null) continue;
                if (c.length != nodeSteps.length) throw new IllegalArgumentException("a node column has " + c.length
                        + " rows, the node table " + nodeSteps.length);
                copy[m][n] = c.clone();
            }
        }
        return new RunRecording(runId, network, label, steps.clone(), loss.clone(), accuracy.clone(), testLoss.clone(),
                testAccuracy.clone(), nodes, nodeSteps.clone(), copy);
    }

    private static void increasing(String table, long[] steps) {
        for (int i = 1; i < steps.length; i++) {
            if (steps[i] <= steps[i - 1]) throw new IllegalArgumentException(table + ": step " + steps[i] + " after " + steps[i - 1]);
        }
    }

    /** A recording of these snapshots of one run, oldest first (e.g. {@link TelemetryHistory#snapshots()}). */
    public static RunRecording of(String network, String label, List<StepSnapshot> snapshots) {
        Recorder r = new Recorder(network, label);
        for (StepSnapshot s : snapshots) r.append(s);
        return r.recording();
    }

    public long runId() { return runId; }

    /** The name of the design the run trained. */
    public String network() { return network; }

    /** What the run is to the user, e.g. "plain" and "residual" for twin runs; may be empty. */
    public String label() { return label; }

    // ---- the run table ----

    public int rows() { return steps.length; }
    public long step(int row) { return steps[row]; }
    public double loss(int row) { return loss[row]; }
    public double accuracy(int row) { return accuracy[row]; }
    /** NaN where the step did not evaluate the test split. */
    public double testLoss(int row) { return testLoss[row]; }
    public double testAccuracy(int row) { return testAccuracy[row]; }

    public long[] steps() { return steps.clone(); }
    public double[] losses() { return loss.clone(); }
    public double[] accuracies() { return accuracy.clone(); }
    public double[] testLosses() { return testLoss.clone(); }
    public double[] testAccuracies() { return testAccuracy.clone(); }

    /** The run-table row of {@code step}, or -1 if it was not kept. */
    public int rowOf(long step) {
        int i = Arrays.binarySearch(steps, step);
        return i >= 0 ? i : -1;
    }

    // ---- the node table ----

    public List<Node> nodes() { return nodes; }
    public int nodeRows() { return nodeSteps.length; }
    public long nodeStep(int row) { return nodeSteps[row]; }
    public long[] nodeSteps() { return nodeSteps.clone(); }

    /** The index of node {@code id}, or -1. */
    public int indexOf(String id) {
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).id().equals(id)) return i;
        return -1;
    }

    /** Whether the node has values of this metric (it applies to the node at some step). */
    public boolean has(TelemetryMetric m, int node) {
        return columns[m.ordinal()][node] != null;
    }

    /** The metric at one node-table row; NaN where it does not apply. */
    public float value(TelemetryMetric m, int node, int row) {
        float[] c = columns[m.ordinal()][node];
        if (row < 0 || row >= nodeSteps.length) throw new IndexOutOfBoundsException("row " + row + " of " + nodeSteps.length);
        return c == null ? Float.NaN : c[row];
    }

    /** The metric of one node over the node table's rows (all NaN if it never applies). */
    public float[] series(TelemetryMetric m, int node) {
        float[] c = columns[m.ordinal()][node];
        if (c != null) return c.clone();
        float[] nan = new float[nodeSteps.length];
        Arrays.fill(nan, Float.NaN);
        return nan;
    }

    /**
     * Node-table row {@code row} as the snapshot the run published then, for replay: the node
     * numbers (rounded to float), and the loss and accuracy of that step if the run table kept it.
     */
    public StepSnapshot snapshot(int row) {
        long step = nodeSteps[row];
        List<NodeTelemetry> ts = new ArrayList<>(nodes.size());
        double[] v = new double[METRICS];
        for (int n = 0; n < nodes.size(); n++) {
            for (int m = 0; m < METRICS; m++) v[m] = columns[m][n] == null ? Double.NaN : columns[m][n][row];
            ts.add(TelemetryMetric.telemetry(nodes.get(n).id(), nodes.get(n).kind(), v));
        }
        int r = rowOf(step);
        return new StepSnapshot(runId, step, r < 0 ? Double.NaN : loss[r], r < 0 ? Double.NaN : accuracy[r], false, ts,
                r < 0 ? Double.NaN : testLoss[r], r < 0 ? Double.NaN : testAccuracy[r]);
    }

    /** The column of one metric and node as stored (no copy), or null; for writers. */
    float[] column(TelemetryMetric m, int node) {
        return columns[m.ordinal()][node];
    }

    /** Every metric's column per node, copied: [metric ordinal][node] -> values or null. */
    public float[][][] columns() {
        float[][][] c = new float[METRICS][nodes.size()][];
        for (int m = 0; m < METRICS; m++) {
            for (int n = 0; n < nodes.size(); n++) c[m][n] = columns[m][n] == null ? null : columns[m][n].clone();
        }
        return c;
    }

    /**
     * Builds a recording as a run goes: append each snapshot the trainer publishes. A preview
     * is replaced by the step that follows it (same step, same batch). Thread-safe: the
     * trainer appends while a view takes {@link #recording()} copies.
     */
    public static final class Recorder {
        public static final int DEFAULT_STEP_CAPACITY = 100_000;
        public static final int DEFAULT_NODE_CAPACITY = 2_000;

        private final String network;
        private final String label;
        private final int stepCapacity, nodeCapacity;
        private long runId = -1;
        private final Table run;
        private Table nodeTable;                 // created with the first snapshot that has node telemetry
        private List<Node> nodes;
        private boolean lastWasPreview;

        public Recorder(String network, String label) {
            this(network, label, DEFAULT_STEP_CAPACITY, DEFAULT_NODE_CAPACITY);
        }

        /** Capacities of at least 4 rows. */
        public Recorder(String network, String label, int stepCapacity, int nodeCapacity) {
            if (stepCapacity < 4 || nodeCapacity < 4) throw new IllegalArgumentException("capacities must be at least 4 rows");
            this.network = network;
            this.label = label == null ? "" : label;
            this.stepCapacity = stepCapacity;
            this.nodeCapacity = nodeCapacity;
            this.run = new Table(4, stepCapacity, false);
        }

        /** Goes on recording after {@code earlier} (a resumed run). */
        public Recorder(RunRecording earlier) {
            this(earlier.network, earlier.label);
            runId = earlier.runId;
            for (int i = 0; i < earlier.rows(); i++) {
                run.add(earlier.steps[i], new double[] {earlier.loss[i], earlier.accuracy[i], earlier.testLoss[i], earlier.testAccuracy[i]});
            }
            if (!earlier.nodes.isEmpty()) {
                nodes = earlier.nodes;
                nodeTable = new Table(METRICS * nodes.size(), nodeCapacity, true);
                double[] v = new double[METRICS * nodes.size()];
                for (int r = 0; r < earlier.nodeRows(); r++) {
                    for (int m = 0; m < METRICS; m++) {
                        for (int n = 0; n < nodes.size(); n++) {
                            v[m * nodes.size() + n] = earlier.columns[m][n] == null ? Double.NaN : earlier.columns[m][n][r];
                        }
                    }
                    nodeTable.add(earlier.nodeSteps[r], v);
                }
            }
        }

        /**
         * @throws IllegalArgumentException if the step goes back (another run: start another
         *                                  recording) or the nodes differ from the earlier steps'
         */
        public synchronized void append(StepSnapshot s) {
            long last = run.rows == 0 ? -1 : run.steps[run.rows - 1];
            boolean replace = run.rows > 0 && s.step() == last && lastWasPreview;
            if (run.rows > 0 && !replace && s.step() <= last) {
                throw new IllegalArgumentException("a recording holds one run: step " + s.step() + " came after step " + last);
            }
            if (!s.nodes().isEmpty()) {
                List<Node> ns = new ArrayList<>(s.nodes().size());
                for (NodeTelemetry t : s.nodes()) ns.add(new Node(t.node(), t.kind()));
                if (nodes == null) {
                    nodes = List.copyOf(ns);
                    nodeTable = new Table(METRICS * nodes.size(), nodeCapacity, true);
                } else if (!nodes.equals(ns)) {
                    throw new IllegalArgumentException("step " + s.step() + " has other nodes than the earlier steps of this recording");
                }
            }
            if (runId < 0) runId = s.runId();
            double[] r = {s.loss(), s.accuracy(), s.testLoss(), s.testAccuracy()};
            if (replace) run.removeLast();
            run.add(s.step(), r);
            if (nodeTable != null) {
                if (nodeTable.rows > 0 && nodeTable.steps[nodeTable.rows - 1] == s.step()) nodeTable.removeLast();
                if (!s.nodes().isEmpty()) {
                    double[] v = new double[METRICS * nodes.size()];
                    TelemetryMetric[] ms = TelemetryMetric.values();
                    for (int n = 0; n < nodes.size(); n++) {
                        NodeTelemetry t = s.nodes().get(n);
                        for (int m = 0; m < METRICS; m++) v[m * nodes.size() + n] = ms[m].of(t);
                    }
                    nodeTable.add(s.step(), v);
                }
            }
            lastWasPreview = s.preview();
        }

        /** An immutable copy of what was recorded so far. */
        public synchronized RunRecording recording() {
            List<Node> ns = nodes == null ? List.of() : nodes;
            float[][][] cols = new float[METRICS][ns.size()][];
            long[] nodeSteps = new long[0];
            if (nodeTable != null) {
                nodeSteps = Arrays.copyOf(nodeTable.steps, nodeTable.rows);
                for (int m = 0; m < METRICS; m++) {
                    for (int n = 0; n < ns.size(); n++) cols[m][n] = nodeTable.floatColumn(m * ns.size() + n);
                }
            }
            return new RunRecording(Math.max(runId, 0), network, label, Arrays.copyOf(run.steps, run.rows),
                    run.doubleColumn(0), run.doubleColumn(1), run.doubleColumn(2), run.doubleColumn(3), ns, nodeSteps, cols);
        }
    }

    /**
     * Rows of (step, values...) in arrays that grow to the capacity and are thinned there. The
     * run table keeps doubles; the node table floats, with a column allocated only once a
     * metric applies to a node (most apply to few kinds of node).
     */
    private static final class Table {
        final int capacity;
        final boolean floats;
        long[] steps = new long[16];
        final double[][] doubles;
        final float[][] singles;
        int rows;

        Table(int width, int capacity, boolean floats) {
            this.capacity = capacity;
            this.floats = floats;
            this.doubles = floats ? null : new double[width][16];
            this.singles = floats ? new float[width][] : null;
        }

        int width() {
            return floats ? singles.length : doubles.length;
        }

        void add(long step, double[] values) {
            if (rows == capacity) thin();
            if (rows == steps.length) {
                int n = Math.min(capacity, rows * 2);
                steps = Arrays.copyOf(steps, n);
                for (int c = 0; c < width(); c++) {
                    if (floats) {
                        if (singles[c] != null) singles[c] = Arrays.copyOf(singles[c], n);
                    } else {
                        doubles[c] = Arrays.copyOf(doubles[c], n);
                    }
                }
            }
            steps[rows] = step;
            for (int c = 0; c < values.length; c++) {
                if (!floats) {
                    doubles[c][rows] = values[c];
                } else {
                    if (singles[c] == null) {
                        if (Double.isNaN(values[c])) continue;      // the metric does not apply (yet)
                        singles[c] = new float[steps.length];
                        Arrays.fill(singles[c], 0, rows, Float.NaN);
                    }
                    singles[c][rows] = (float) values[c];
                }
            }
            rows++;
        }

        void removeLast() {
            rows--;
        }

        /** The column's first {@code rows} values, or null if it never had one. */
        double[] doubleColumn(int c) {
            return Arrays.copyOf(doubles[c], rows);
        }

        float[] floatColumn(int c) {
            return singles[c] == null ? null : Arrays.copyOf(singles[c], rows);
        }

        /** Keeps rows 0, 2, 4, ... of the older half and every row of the newer half. */
        private void thin() {
            int half = rows / 2, w = 0;
            for (int r = 0; r < rows; r++) {
                if (r < half && r % 2 == 1) continue;
                steps[w] = steps[r];
                for (int c = 0; c < width(); c++) {
                    if (floats) {
                        if (singles[c] != null) singles[c][w] = singles[c][r];
                    } else {
                        doubles[c][w] = doubles[c][r];
                    }
                }
                w++;
            }
            rows = w;
        }
    }
}
