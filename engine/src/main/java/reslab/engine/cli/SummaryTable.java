package reslab.engine.cli;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.shape.Diagnostic;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;

/** The text table of {@code summary}: one row per node, then the totals. */
public final class SummaryTable {
    private SummaryTable() {}

    public static String render(NetworkAnalysis a) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"node", "kind", "output", "params", "multiply-adds"});
        for (NodeInfo n : a.nodes()) {
            rows.add(new String[] {n.id(), n.kind(), n.valid() ? n.outputShape().toString() : "?",
                    Long.toString(n.params()), Long.toString(n.multiplyAdds())});
        }
        int[] width = new int[5];
        for (String[] r : rows) for (int i = 0; i < 5; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                boolean number = i >= 3;
                String cell = number ? pad(r[i], width[i], true) : pad(r[i], width[i], false);
                sb.append(cell).append(i < 4 ? "  " : "");
            }
            sb.append(System.lineSeparator());
        }
        sb.append("total params: ").append(a.totalParams()).append(System.lineSeparator());
        sb.append("total multiply-adds: ").append(a.totalMultiplyAdds()).append(System.lineSeparator());
        for (Diagnostic d : a.diagnostics()) sb.append("problem: ").append(d).append(System.lineSeparator());
        return sb.toString();
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }
}
