package reslab.engine.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reslab.engine.shape.ActivationMemory;
import reslab.engine.shape.Diagnostic;
import reslab.engine.shape.Fix;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;

/**
 * The text table of {@code summary}: one row per node (with its block when the design has
 * blocks), then the totals as {@code total params: N} and {@code total multiply-adds: N}
 * (with a note when some nodes have no shape), then each problem with the fixes on offer.
 */
public final class SummaryTable {
    private SummaryTable() {}

    public static String render(NetworkAnalysis a) {
        return render(null, a);
    }

    /** {@code spec} supplies the block column; null leaves it out. */
    public static String render(NetworkSpec spec, NetworkAnalysis a) {
        List<String[]> rows = rows(spec, a);
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                boolean number = i >= columns - 2;
                sb.append(pad(r[i], width[i], number)).append(i < columns - 1 ? "  " : "");
            }
            sb.append(nl);
        }
        sb.append("total params: ").append(a.totalParams()).append(nl);
        sb.append("total multiply-adds: ").append(a.totalMultiplyAdds()).append(nl);
        long shapeless = a.nodes().stream().filter(n -> !n.valid()).count();
        if (shapeless > 0) sb.append("note: ").append(shapeless).append(" nodes have no shape and count 0 in the totals").append(nl);
        for (Diagnostic d : a.diagnostics()) {
            sb.append("problem: ").append(d).append(nl);
            for (Fix f : d.fixes()) {
                sb.append("  fix: ").append(f.description()).append(" [").append(f.params()).append(" params, ")
                        .append(f.multiplyAdds()).append(" multiply-adds]").append(nl);
            }
        }
        return sb.toString();
    }

    /**
     * The table's cells, header first: one row per node with its id, block (only when
     * {@code spec} is given and has blocks), kind, output shape ("?" without one), parameters
     * and multiply-adds. The app's CSV export writes these same rows.
     */
    public static List<String[]> rows(NetworkSpec spec, NetworkAnalysis a) {
        Map<String, String> blocks = new HashMap<>();
        if (spec != null) for (NodeSpec n : spec.nodes()) if (n.block() != null) blocks.put(n.id(), n.block());
        boolean withBlocks = !blocks.isEmpty();
        List<String[]> rows = new ArrayList<>();
        rows.add(withBlocks ? new String[] {"node", "block", "kind", "output", "params", "multiply-adds"}
                : new String[] {"node", "kind", "output", "params", "multiply-adds"});
        for (NodeInfo n : a.nodes()) {
            String shape = n.valid() ? n.outputShape().toString() : "?";
            String params = Long.toString(n.params()), macs = Long.toString(n.multiplyAdds());
            rows.add(withBlocks ? new String[] {n.id(), blocks.getOrDefault(n.id(), ""), n.kind(), shape, params, macs}
                    : new String[] {n.id(), n.kind(), shape, params, macs});
        }
        return rows;
    }

    /** The activation-memory lines, saying what they count. */
    public static String memory(ActivationMemory m) {
        String nl = System.lineSeparator();
        String type = m.bytesPerElement() == 4 ? "float32" : m.bytesPerElement() == 8 ? "float64" : m.bytesPerElement() + "-byte values";
        String bound = m.complete() ? "" : " at least (some nodes have no shape)";
        return "activation memory at batch " + m.batch() + ", " + type + bound + ": " + m.activationBytes() + " bytes ("
                + mebibytes(m.activationBytes()) + ") of node outputs, input excluded, gradients excluded" + nl
                + "input batch: " + m.inputBytes() + " bytes (" + mebibytes(m.inputBytes()) + ")" + nl
                + "training step estimate (input + outputs + one gradient per output): " + m.trainingBytes() + " bytes ("
                + mebibytes(m.trainingBytes()) + ")" + nl;
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }
}
