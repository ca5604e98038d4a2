package reslab.engine.shape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the layer rules report to, and what they need to build fixes: the ids already taken
 * (so an inserted node gets a fresh one). A quiet context discards diagnostics and builds no
 * fixes; rules use it to try a candidate fix before offering it.
 */
final class InferenceContext {
    private final Set<String> takenIds;
    private final List<Diagnostic> diagnostics;
    private final boolean quiet;

    private InferenceContext(Set<String> takenIds, List<Diagnostic> diagnostics, boolean quiet) {
        this.takenIds = takenIds;
        this.diagnostics = diagnostics;
        this.quiet = quiet;
    }

    static InferenceContext reporting(Set<String> takenIds, List<Diagnostic> diagnostics) {
        return new InferenceContext(new HashSet<>(takenIds), diagnostics, false);
    }

    static InferenceContext quiet() {
        return new InferenceContext(new HashSet<>(), new ArrayList<>(), true);
    }

    /** True when fixes are wanted; a quiet trial skips building them. */
    boolean wantsFixes() {
        return !quiet;
    }

    void report(Diagnostic d) {
        if (!quiet) diagnostics.add(d);
    }

    /**
     * {@code base}, or {@code base2}, {@code base3}, ... whichever is neither in the design nor
     * in {@code alsoTaken} (the ids one fix has already chosen). Different fixes of one
     * diagnostic may reuse a name: only one of them is applied.
     */
    String freshId(String base, Set<String> alsoTaken) {
        String id = base;
        for (int k = 2; takenIds.contains(id) || alsoTaken.contains(id); k++) id = base + k;
        return id;
    }
}
