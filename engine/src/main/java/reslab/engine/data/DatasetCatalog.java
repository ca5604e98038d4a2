package reslab.engine.data;

import java.util.List;
import java.util.Optional;

/** Datasets by id. The toy problems are generated from a fixed seed: they are the problem, not the run. */
public final class DatasetCatalog {
    private DatasetCatalog() {}

    public static final long DATA_SEED = 7;

    public static List<String> ids() {
        return List.of("spirals", "circles");
    }

    public static Optional<Split> load(String id) {
        return switch (id) {
            case "spirals" -> Optional.of(Split.of(ToyDatasets.twoSpirals(1200, 0.02, 1.0, DATA_SEED), 0.25, DATA_SEED));
            case "circles" -> Optional.of(Split.of(ToyDatasets.circles(1200, 0.05, DATA_SEED), 0.25, DATA_SEED));
            default -> Optional.empty();
        };
    }
}
