package reslab.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.layers.Parameter;
import reslab.engine.train.LearningRateSchedule;
import reslab.engine.train.Optimizer;
import reslab.engine.train.OptimizerConfig;
import reslab.engine.train.OptimizerKind;
import reslab.engine.train.TrainingCheckpoint;
import reslab.engine.train.TrainingConfig;

/**
 * The training part of a project file: {@code training/checkpoint.json} (settings, step,
 * stream position, dropout counters, and which .npy entry holds each tensor) and the tensors
 * themselves as {@code training/tensors/<n>.npy}, in the run's own precision.
 *
 * <p>Reading checks each tensor against the design ({@link DesignTensors}): one that is
 * missing, damaged, of another shape or of no layer is left out and named in a warning,
 * never loaded quietly; the restored run then says what it lacks.
 */
final class CheckpointCodec {
    private CheckpointCodec() {}

    static final String JSON = "training/checkpoint.json";
    private static final String TENSORS = "training/tensors/";

    /** An entry's content, made when the zip writes it: one tensor's bytes at a time are in memory. */
    @FunctionalInterface
    interface Part {
        byte[] bytes() throws IOException;
    }

    /** Reads entry bytes by name; null if the zip has no such entry. */
    interface Entries {
        byte[] get(String name);
    }

    /** The entries to add to the zip, in order: the JSON first. */
    static Map<String, Part> write(TrainingCheckpoint c) throws IOException {
        Map<String, Part> entries = new LinkedHashMap<>();
        ObjectNode root = SpecJson.mapper().createObjectNode();
        root.put("step", c.step());
        root.put("batchesDrawn", c.batchesDrawn());
        if (c.dataName() != null) root.put("dataName", c.dataName());
        root.set("settings", settings(c.config()));
        ObjectNode drops = root.putObject("dropoutSteps");
        c.dropoutSteps().forEach(drops::put);
        int[] counter = {0};
        root.set("parameters", tensors(c.parameters(), entries, counter));
        root.set("layerState", tensors(c.layerState(), entries, counter));
        if (c.optimizer() != null) {
            ObjectNode opt = root.putObject("optimizer");
            opt.put("kind", c.optimizer().kind().id());
            opt.put("steps", c.optimizer().steps());
            ObjectNode slots = opt.putObject("slots");
            for (Map.Entry<String, Map<String, INDArray>> e : sorted(c.optimizer().slots()).entrySet()) {
                slots.set(e.getKey(), tensors(e.getValue(), entries, counter));
            }
        }
        byte[] json = SpecJson.mapper().writeValueAsBytes(root);
        Map<String, Part> ordered = new LinkedHashMap<>();
        ordered.put(JSON, () -> json);
        ordered.putAll(entries);
        return ordered;
    }

    private static <V> Map<String, V> sorted(Map<String, V> m) {
        return new java.util.TreeMap<>(m);
    }

    private static ObjectNode tensors(Map<String, INDArray> values, Map<String, Part> entries, int[] counter) {
        ObjectNode index = SpecJson.mapper().createObjectNode();
        for (Map.Entry<String, INDArray> e : values.entrySet()) {
            String name = TENSORS + (counter[0]++) + ".npy";
            INDArray value = e.getValue();
            entries.put(name, () -> Npy.of(value));
            index.put(e.getKey(), name);
        }
        return index;
    }

    static ObjectNode settings(TrainingConfig c) {
        ObjectNode s = SpecJson.mapper().createObjectNode();
        s.put("seed", c.seed());
        s.put("batchSize", c.batchSize());
        s.put("dataType", c.dataType() == DataType.DOUBLE ? "float64" : "float32");
        s.put("telemetry", c.telemetry());
        s.put("evalEvery", c.evalEvery());
        OptimizerConfig o = c.optimizer();
        ObjectNode opt = s.putObject("optimizer");
        opt.put("kind", o.kind().id());
        opt.put("learningRate", o.learningRate());
        opt.put("momentum", o.momentum());
        opt.put("beta1", o.beta1());
        opt.put("beta2", o.beta2());
        opt.put("epsilon", o.epsilon());
        opt.put("weightDecay", o.weightDecay());
        ArrayNode roles = opt.putArray("decayedRoles");
        o.decayedRoles().stream().sorted().forEach(r -> roles.add(r.name().toLowerCase(Locale.ROOT)));
        ObjectNode sched = s.putObject("schedule");
        sched.put("every", c.schedule().every());
        ArrayNode ms = sched.putArray("milestones");
        c.schedule().milestones().forEach(ms::add);
        sched.put("gamma", c.schedule().gamma());
        return s;
    }

    static TrainingConfig readSettings(JsonNode s) throws IOException {
        try {
            JsonNode o = require(s, "optimizer");
            Set<Parameter.Role> roles = EnumSet.noneOf(Parameter.Role.class);
            for (JsonNode r : require(o, "decayedRoles")) roles.add(Parameter.Role.valueOf(r.asText().toUpperCase(Locale.ROOT)));
            OptimizerConfig opt = new OptimizerConfig(OptimizerKind.parse(require(o, "kind").asText()),
                    number(o, "learningRate"), number(o, "momentum"), number(o, "beta1"), number(o, "beta2"),
                    number(o, "epsilon"), number(o, "weightDecay"), roles);
            JsonNode sc = require(s, "schedule");
            List<Long> milestones = new ArrayList<>();
            for (JsonNode m : require(sc, "milestones")) milestones.add(m.asLong());
            LearningRateSchedule schedule = new LearningRateSchedule(whole(sc, "every"), milestones, number(sc, "gamma"));
            String dt = require(s, "dataType").asText();
            if (!dt.equals("float32") && !dt.equals("float64")) throw new IOException("unknown data type '" + dt + "'");
            return new TrainingConfig(whole(s, "seed"), (int) whole(s, "batchSize"),
                    dt.equals("float64") ? DataType.DOUBLE : DataType.FLOAT, require(s, "telemetry").asBoolean(),
                    opt, schedule, (int) whole(s, "evalEvery"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * The checkpoint, with what fits the design; every tensor left out is named in
     * {@code warnings}. Empty (with a warning) if the settings or the step cannot be read.
     */
    static Optional<TrainingCheckpoint> read(JsonNode root, Entries entries, DesignTensors design, List<String> warnings) {
        TrainingConfig config;
        long step, drawn;
        try {
            config = readSettings(require(root, "settings"));
            step = whole(root, "step");
            drawn = whole(root, "batchesDrawn");
            if (step < 0 || drawn < 0) throw new IOException("negative step or stream position");
        } catch (IOException e) {
            warnings.add("the saved training could not be read (" + e.getMessage() + "): the network starts untrained");
            return Optional.empty();
        }
        DataType dt = config.dataType();
        Set<String> reported = new java.util.HashSet<>();
        Map<String, INDArray> params = tensors("weights", root.path("parameters"), entries, design.parameters(), dt, warnings, reported);
        Map<String, INDArray> state = tensors("layer state", root.path("layerState"), entries, design.state(), dt, warnings, reported);
        for (String key : design.parameters().keySet()) {
            if (!params.containsKey(key) && !reported.contains(key)) {
                warnings.add("the file has no trained weights for " + key + ": it starts from its initial values");
            }
        }
        for (String key : design.state().keySet()) {
            if (!state.containsKey(key) && !reported.contains(key)) {
                warnings.add("the file has no running statistics for " + key + ": it starts from its initial values");
            }
        }
        Map<String, Long> dropouts = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> ds = root.path("dropoutSteps").fields();
        while (ds.hasNext()) {
            Map.Entry<String, JsonNode> e = ds.next();
            if (!design.dropouts().contains(e.getKey())) {
                warnings.add("the saved dropout counter of " + e.getKey() + " belongs to no dropout of the design: ignored");
            } else if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                warnings.add("the saved dropout counter of " + e.getKey() + " is damaged: its masks start over");
                reported.add(e.getKey());
            } else {
                dropouts.put(e.getKey(), e.getValue().asLong());
            }
        }
        for (String id : design.dropouts()) {
            if (!dropouts.containsKey(id) && !reported.contains(id)) {
                warnings.add("the file has no dropout counter for " + id + ": its masks start over");
            }
        }
        Optimizer.OptimizerState optimizer = optimizer(root.path("optimizer"), entries, design, config, dt, warnings);
        String dataName = root.hasNonNull("dataName") ? root.get("dataName").asText() : null;
        return Optional.of(new TrainingCheckpoint(config, dataName, step, drawn, params, state, dropouts, optimizer));
    }

    private static Optimizer.OptimizerState optimizer(JsonNode o, Entries entries, DesignTensors design, TrainingConfig config,
                                                      DataType dt, List<String> warnings) {
        if (o.isMissingNode() || o.isNull()) {
            warnings.add("the file has no optimizer state: its moments start from zero");
            return null;
        }
        try {
            OptimizerKind kind = OptimizerKind.parse(require(o, "kind").asText());
            long steps = whole(o, "steps");
            if (kind != config.optimizer().kind()) throw new IOException("it is " + kind.id() + "'s, the settings name "
                    + config.optimizer().kind().id());
            Map<String, Map<String, INDArray>> slots = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = require(o, "slots").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                long[] shape = design.parameters().get(e.getKey());
                if (shape == null) {
                    warnings.add("the saved optimizer state of " + e.getKey() + " belongs to no layer of the design: ignored");
                    continue;
                }
                Map<String, long[]> expected = new LinkedHashMap<>();
                e.getValue().fieldNames().forEachRemaining(slot -> expected.put(slot, shape));
                List<String> bad = new ArrayList<>();
                Map<String, INDArray> named = tensors("moment", e.getValue(), entries, expected, dt, bad, new java.util.HashSet<>());
                if (!bad.isEmpty() || named.size() != expected.size()) {
                    List<String> why = bad.stream().map(b -> b.replace(": not loaded", "")).toList();
                    warnings.add("the optimizer state of " + e.getKey() + " is not loaded (" + String.join("; ", why)
                            + "): its moments start from zero");
                    continue;
                }
                slots.put(e.getKey(), named);
            }
            return new Optimizer.OptimizerState(kind, steps, slots);
        } catch (IOException | IllegalArgumentException e) {
            warnings.add("the saved optimizer state could not be read (" + e.getMessage() + "): its moments start from zero");
            return null;
        }
    }

    /** The tensors of an index {key: entry} that exist, are readable and have the expected shape. */
    private static Map<String, INDArray> tensors(String what, JsonNode index, Entries entries, Map<String, long[]> expected,
                                                 DataType dt, List<String> warnings, Set<String> reported) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = index.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            long[] shape = expected.get(key);
            reported.add(key);
            if (shape == null) {
                warnings.add("saved " + what + " " + key + " belong to no layer of the design: not loaded");
                continue;
            }
            String entry = e.getValue().asText();
            byte[] bytes = entries.get(entry);
            if (bytes == null) {
                warnings.add("saved " + what + " " + key + " are missing from the file (" + entry + "): not loaded");
                continue;
            }
            Npy.Array a;
            try {
                a = Npy.read(bytes);
                if (a.type().equals("i8")) throw new IOException("integers, not weights");
            } catch (IOException ex) {
                warnings.add("saved " + what + " " + key + " are damaged (" + ex.getMessage() + "): not loaded");
                continue;
            }
            if (!Arrays.equals(a.shape(), shape)) {
                warnings.add("saved " + what + " " + key + " are " + Arrays.toString(a.shape()) + " but the design needs "
                        + Arrays.toString(shape) + ": not loaded");
                continue;
            }
            INDArray v = a.toINDArray();
            if (v.dataType() != dt) {
                warnings.add("saved " + what + " " + key + " are " + (a.type().equals("f8") ? "float64" : "float32")
                        + ", the run is " + (dt == DataType.DOUBLE ? "float64" : "float32") + ": converted");
                v = v.castTo(dt);
            }
            out.put(key, v);
            reported.remove(key);
        }
        return out;
    }

    private static JsonNode require(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IOException("'" + field + "' is missing");
        return v;
    }

    private static double number(JsonNode n, String field) throws IOException {
        JsonNode v = require(n, field);
        if (!v.isNumber()) throw new IOException("'" + field + "' is not a number");
        return v.asDouble();
    }

    private static long whole(JsonNode n, String field) throws IOException {
        JsonNode v = require(n, field);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) throw new IOException("'" + field + "' is not a whole number");
        return v.asLong();
    }
}
