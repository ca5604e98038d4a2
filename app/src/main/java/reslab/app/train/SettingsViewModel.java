package reslab.app.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import reslab.engine.data.DatasetCatalog;
import reslab.engine.spec.Init;
import reslab.engine.train.OptimizerKind;

/**
 * The training-settings form: text as typed, checked on every change. {@link #problems()}
 * maps each bad field to a message key; {@link #settings()} is the valid result or empty.
 */
public final class SettingsViewModel {
    private final ObjectProperty<String> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final ObjectProperty<OptimizerKind> optimizer = new SimpleObjectProperty<>(this, "optimizer");
    private final StringProperty learningRate = new SimpleStringProperty(this, "learningRate");
    private final StringProperty momentum = new SimpleStringProperty(this, "momentum");
    private final StringProperty batchSize = new SimpleStringProperty(this, "batchSize");
    private final StringProperty weightDecay = new SimpleStringProperty(this, "weightDecay");
    /** null: the design's own initialisers. */
    private final ObjectProperty<Init> init = new SimpleObjectProperty<>(this, "init");
    private final StringProperty seed = new SimpleStringProperty(this, "seed");
    private final StringProperty evalEvery = new SimpleStringProperty(this, "evalEvery");
    private final ReadOnlyObjectWrapper<Map<String, String>> problems = new ReadOnlyObjectWrapper<>(this, "problems", Map.of());

    public SettingsViewModel(TrainingSettings initial) {
        load(initial);
        for (var p : new javafx.beans.Observable[] {dataset, optimizer, learningRate, momentum, batchSize, weightDecay, init, seed, evalEvery}) {
            p.addListener(o -> problems.set(check()));
        }
        problems.set(check());
    }

    public void load(TrainingSettings s) {
        dataset.set(s.dataset());
        optimizer.set(s.optimizer());
        learningRate.set(plain(s.learningRate()));
        momentum.set(plain(s.momentum()));
        batchSize.set(Integer.toString(s.batchSize()));
        weightDecay.set(plain(s.weightDecay()));
        init.set(s.init());
        seed.set(Long.toString(s.seed()));
        evalEvery.set(Integer.toString(s.evalEvery()));
    }

    /** The settings, if every field is valid. */
    public Optional<TrainingSettings> settings() {
        if (!check().isEmpty()) return Optional.empty();
        return Optional.of(new TrainingSettings(dataset.get(), optimizer.get(), Double.parseDouble(learningRate.get().trim()),
                Double.parseDouble(momentum.get().trim()), Integer.parseInt(batchSize.get().trim()),
                Double.parseDouble(weightDecay.get().trim()), init.get(), Long.parseLong(seed.get().trim()),
                Integer.parseInt(evalEvery.get().trim())));
    }

    private Map<String, String> check() {
        Map<String, String> p = new LinkedHashMap<>();
        if (dataset.get() == null || !DatasetCatalog.ids().contains(dataset.get())) p.put("dataset", "settings.invalid.dataset");
        if (optimizer.get() == null) p.put("optimizer", "settings.invalid.optimizer");
        number(learningRate.get(), 0, 10, false).ifPresent(k -> p.put("learningRate", "settings.invalid.learningRate"));
        number(momentum.get(), 0, 0.999, true).ifPresent(k -> p.put("momentum", "settings.invalid.momentum"));
        number(weightDecay.get(), 0, 1, true).ifPresent(k -> p.put("weightDecay", "settings.invalid.weightDecay"));
        wholeNumber(batchSize.get(), 1, 4096).ifPresent(k -> p.put("batchSize", "settings.invalid.batchSize"));
        wholeNumber(evalEvery.get(), 0, 1_000_000).ifPresent(k -> p.put("evalEvery", "settings.invalid.evalEvery"));
        try {
            Long.parseLong(seed.get().trim());
        } catch (RuntimeException e) {
            p.put("seed", "settings.invalid.seed");
        }
        return Map.copyOf(p);
    }

    /** Empty if {@code text} is a number in (lo, hi] (or [lo, hi] with {@code loInclusive}). */
    private static Optional<String> number(String text, double lo, double hi, boolean loInclusive) {
        try {
            double v = Double.parseDouble(text.trim());
            boolean ok = Double.isFinite(v) && (loInclusive ? v >= lo : v > lo) && v <= hi;
            return ok ? Optional.empty() : Optional.of("range");
        } catch (RuntimeException e) {
            return Optional.of("number");
        }
    }

    private static Optional<String> wholeNumber(String text, long lo, long hi) {
        try {
            long v = Long.parseLong(text.trim());
            return v >= lo && v <= hi ? Optional.empty() : Optional.of("range");
        } catch (RuntimeException e) {
            return Optional.of("number");
        }
    }

    private static String plain(double v) {
        String s = String.format(Locale.ROOT, "%s", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    public ObjectProperty<String> datasetProperty() { return dataset; }
    public ObjectProperty<OptimizerKind> optimizerProperty() { return optimizer; }
    public StringProperty learningRateProperty() { return learningRate; }
    public StringProperty momentumProperty() { return momentum; }
    public StringProperty batchSizeProperty() { return batchSize; }
    public StringProperty weightDecayProperty() { return weightDecay; }
    public ObjectProperty<Init> initProperty() { return init; }
    public StringProperty seedProperty() { return seed; }
    public StringProperty evalEveryProperty() { return evalEvery; }
    /** Field name to message key, for every field that is wrong now; empty when all are fine. */
    public ReadOnlyObjectProperty<Map<String, String>> problemsProperty() { return problems.getReadOnlyProperty(); }
}
