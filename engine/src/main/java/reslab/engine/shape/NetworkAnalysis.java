package reslab.engine.shape;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The result of shape inference: per node facts in topological order, totals, diagnostics. */
public record NetworkAnalysis(List<NodeInfo> nodes, List<Diagnostic> diagnostics) {
    public NetworkAnalysis {
        nodes = List.copyOf(nodes);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean valid() {
        return diagnostics.isEmpty();
    }

    public long totalParams() {
        return nodes.stream().mapToLong(NodeInfo::params).sum();
    }

    public long totalMultiplyAdds() {
        return nodes.stream().mapToLong(NodeInfo::multiplyAdds).sum();
    }

    /** Memory of a batch's activations; see {@link ActivationMemory} for what is and is not included. */
    public ActivationMemory activationMemory(long batch, int bytesPerElement) {
        return ActivationMemory.of(this, batch, bytesPerElement);
    }

    public Optional<NodeInfo> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public Map<String, List<Diagnostic>> diagnosticsByNode() {
        return diagnostics.stream().collect(java.util.stream.Collectors.groupingBy(Diagnostic::nodeId));
    }
}
