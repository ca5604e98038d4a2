package reslab.app.design;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reslab.engine.io.ProjectDocument.NodePosition;
import reslab.engine.shape.TopologicalOrder;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;

/**
 * A layered layout, top to bottom: each node's row is the longest path from a source to it,
 * so data flows downward and every wire points down. Within a row, nodes sit in the order of
 * their parents' mean column (the barycentre heuristic), centred on the axis. Nodes on a
 * cycle (an invalid design) are placed in a row below the rest.
 */
public final class AutoLayout {
    public static final double ROW_HEIGHT = 150;
    public static final double COLUMN_WIDTH = 260;

    private AutoLayout() {}

    public static Map<String, NodePosition> layout(NetworkSpec spec) {
        TopologicalOrder.Result sorted = TopologicalOrder.sort(spec.nodes());
        Map<String, Integer> row = new HashMap<>();
        int maxRow = 0;
        for (NodeSpec n : sorted.order()) {
            int r = 0;
            for (String in : n.inputs()) if (row.containsKey(in)) r = Math.max(r, row.get(in) + 1);
            row.put(n.id(), r);
            maxRow = Math.max(maxRow, r);
        }
        for (String id : sorted.onCycle()) row.put(id, maxRow + 1);

        Map<Integer, List<String>> rows = new HashMap<>();
        for (NodeSpec n : spec.nodes()) rows.computeIfAbsent(row.get(n.id()), k -> new ArrayList<>()).add(n.id());
        Map<String, Double> column = new HashMap<>();
        Map<String, NodeSpec> byId = DesignEdits.byId(spec.nodes());
        Map<String, NodePosition> out = new HashMap<>();
        for (int r = 0; r <= maxRow + 1; r++) {
            List<String> ids = rows.getOrDefault(r, List.of());
            List<String> ordered = new ArrayList<>(ids);
            ordered.sort((a, b) -> Double.compare(barycentre(byId.get(a), column), barycentre(byId.get(b), column)));
            // The main path (a node fed by the previous row's single node) stays on the axis;
            // side nodes such as projection shortcuts step aside.
            double start = -(ordered.size() - 1) / 2.0;
            for (int i = 0; i < ordered.size(); i++) {
                double c = start + i;
                column.put(ordered.get(i), c);
                out.put(ordered.get(i), new NodePosition(c * COLUMN_WIDTH, r * ROW_HEIGHT));
            }
        }
        return out;
    }

    private static double barycentre(NodeSpec n, Map<String, Double> column) {
        double sum = 0;
        int count = 0;
        for (String in : n.inputs()) {
            Double c = column.get(in);
            if (c != null) {
                sum += c;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
