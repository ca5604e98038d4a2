package reslab.app.design;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reslab.engine.io.ProjectDocument.NodePosition;
import reslab.engine.shape.TopologicalOrder;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;

/**
 * A layered layout, top to bottom: each node's row is the longest path from the input to it,
 * so data flows downward. Within a row nodes are ordered by their parents' mean column (the
 * barycentre heuristic). A long network wraps into side-by-side bands like a newspaper, so a
 * ResNet fits a screen at a readable size. Collapsed blocks count as one node; their members
 * share the block's place (they are hidden). Nodes on a cycle go below the rest.
 */
public final class AutoLayout {
    public static final double ROW_HEIGHT = 150;
    public static final double COLUMN_WIDTH = 260;
    /** Space between bands, room for the wire that carries on at the top of the next one. */
    public static final double BAND_GAP = 160;
    /** A band holds at least this many rows before the network wraps. */
    static final int MIN_ROWS_PER_BAND = 10;

    private AutoLayout() {}

    public static Map<String, NodePosition> layout(NetworkSpec spec) {
        return layout(spec, Set.of());
    }

    public static Map<String, NodePosition> layout(NetworkSpec spec, Set<String> collapsedBlocks) {
        // The visible graph: a collapsed block is one node ("block:<id>").
        Map<String, String> shownAs = new LinkedHashMap<>();
        for (NodeSpec n : spec.nodes()) {
            shownAs.put(n.id(), n.block() != null && collapsedBlocks.contains(n.block()) ? "block:" + n.block() : n.id());
        }
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        for (NodeSpec n : spec.nodes()) {
            String me = shownAs.get(n.id());
            List<String> ins = inputs.computeIfAbsent(me, k -> new ArrayList<>());
            for (String in : n.inputs()) {
                String src = shownAs.get(in);
                if (src != null && !src.equals(me) && !ins.contains(src)) ins.add(src);
            }
        }
        List<NodeSpec> visible = new ArrayList<>();
        inputs.forEach((id, ins) -> visible.add(new NodeSpec(id, new reslab.engine.spec.AddSpec(), ins)));

        TopologicalOrder.Result sorted = TopologicalOrder.sort(visible);
        Map<String, Integer> row = new HashMap<>();
        int maxRow = 0;
        for (NodeSpec n : sorted.order()) {
            int r = 0;
            for (String in : n.inputs()) if (row.containsKey(in)) r = Math.max(r, row.get(in) + 1);
            row.put(n.id(), r);
            maxRow = Math.max(maxRow, r);
        }
        for (String id : sorted.onCycle()) row.put(id, maxRow + 1);
        int rows = maxRow + (sorted.onCycle().isEmpty() ? 1 : 2);

        Map<Integer, List<String>> byRow = new HashMap<>();
        for (NodeSpec n : visible) byRow.computeIfAbsent(row.get(n.id()), k -> new ArrayList<>()).add(n.id());
        Map<String, NodeSpec> byId = DesignEdits.byId(visible);
        Map<String, Double> column = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            List<String> ordered = new ArrayList<>(byRow.getOrDefault(r, List.of()));
            ordered.sort((a, b) -> Double.compare(barycentre(byId.get(a), column), barycentre(byId.get(b), column)));
            double start = -(ordered.size() - 1) / 2.0;
            for (int i = 0; i < ordered.size(); i++) column.put(ordered.get(i), start + i);
        }

        // Bands: about as wide as tall overall on a 16:10 screen, never fewer than 10 rows.
        int perBand = Math.max(MIN_ROWS_PER_BAND, (int) Math.ceil(Math.sqrt(rows * COLUMN_WIDTH * 1.6 / ROW_HEIGHT)));
        int bands = (rows + perBand - 1) / perBand;
        double[] bandX = new double[bands];
        double x = 0;
        for (int b = 0; b < bands; b++) {
            double lo = 0, hi = 0;
            for (int r = b * perBand; r < Math.min(rows, (b + 1) * perBand); r++) {
                for (String id : byRow.getOrDefault(r, List.of())) {
                    lo = Math.min(lo, column.get(id));
                    hi = Math.max(hi, column.get(id));
                }
            }
            bandX[b] = x - lo * COLUMN_WIDTH;
            x += (hi - lo + 1) * COLUMN_WIDTH + BAND_GAP;
        }
        Map<String, NodePosition> shown = new HashMap<>();
        for (NodeSpec n : visible) {
            int r = row.get(n.id());
            int b = Math.min(bands - 1, r / perBand);
            shown.put(n.id(), new NodePosition(bandX[b] + column.get(n.id()) * COLUMN_WIDTH, (r - b * perBand) * ROW_HEIGHT));
        }
        Map<String, NodePosition> out = new HashMap<>();
        for (NodeSpec n : spec.nodes()) out.put(n.id(), shown.get(shownAs.get(n.id())));
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
