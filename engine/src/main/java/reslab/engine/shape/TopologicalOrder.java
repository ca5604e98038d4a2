package reslab.engine.shape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reslab.engine.spec.NodeSpec;

/**
 * Kahn's algorithm, stable: among ready nodes the one listed first in the spec goes first,
 * so a chain keeps its written order. Nodes on a cycle, and those downstream of one, are
 * left out of the order; only the former are reported in {@code onCycle}.
 */
public final class TopologicalOrder {
    private TopologicalOrder() {}

    public record Result(List<NodeSpec> order, Set<String> onCycle) {}

    public static Result sort(List<NodeSpec> nodes) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) position.putIfAbsent(nodes.get(i).id(), i);
        int[] pending = new int[nodes.size()];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) consumers.add(new ArrayList<>());
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                Integer p = position.get(in);
                if (p == null) continue; // unknown inputs are diagnosed elsewhere
                pending[i]++;
                consumers.get(p).add(i);
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) if (pending[i] == 0) ready.add(i);
        List<NodeSpec> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(nodes.get(i));
            for (int c : consumers.get(i)) if (--pending[c] == 0) ready.add(c);
        }
        // Kahn leaves behind the cycles and everything downstream of them; only the former are on a cycle.
        Set<String> onCycle = new LinkedHashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (pending[i] > 0 && reachesItself(i, consumers)) onCycle.add(nodes.get(i).id());
        }
        return new Result(order, onCycle);
    }

    private static boolean reachesItself(int start, List<List<Integer>> consumers) {
        boolean[] seen = new boolean[consumers.size()];
        Deque<Integer> todo = new ArrayDeque<>(consumers.get(start));
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (i == start) return true;
            if (seen[i]) continue;
            seen[i] = true;
            todo.addAll(consumers.get(i));
        }
        return false;
    }

    /** Ids of every node that {@code target} depends on, itself included. */
    public static Set<String> ancestors(List<NodeSpec> nodes, String target) {
        Map<String, NodeSpec> byId = new HashMap<>();
        for (NodeSpec n : nodes) byId.putIfAbsent(n.id(), n);
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!seen.add(id)) continue;
            NodeSpec n = byId.get(id);
            if (n != null) todo.addAll(n.inputs());
        }
        return seen;
    }
}
