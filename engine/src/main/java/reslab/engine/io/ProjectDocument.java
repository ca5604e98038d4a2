package reslab.engine.io;

import java.util.List;
import java.util.Map;
import reslab.engine.spec.NetworkSpec;

/**
 * What a project file holds today: the design and how it is drawn. Later parts (trained
 * weights, optimizer state, recorded runs) are further entries of the same file.
 *
 * @param layout          where each node sits on the canvas, by node id (may be partial)
 * @param collapsedBlocks block ids shown as one node
 * @param dataset         the dataset id it trains on (see DatasetCatalog), or null to choose
 *                        by the input shape
 */
public record ProjectDocument(String name, NetworkSpec network, Map<String, NodePosition> layout,
                              List<String> collapsedBlocks, String dataset) {
    public ProjectDocument {
        layout = Map.copyOf(layout);
        collapsedBlocks = List.copyOf(collapsedBlocks);
    }

    public ProjectDocument(String name, NetworkSpec network, Map<String, NodePosition> layout,
                           List<String> collapsedBlocks) {
        this(name, network, layout, collapsedBlocks, null);
    }

    public ProjectDocument withNetwork(NetworkSpec n) {
        return new ProjectDocument(name, n, layout, collapsedBlocks, dataset);
    }

    public ProjectDocument withLayout(Map<String, NodePosition> l) {
        return new ProjectDocument(name, network, l, collapsedBlocks, dataset);
    }

    public ProjectDocument withCollapsedBlocks(List<String> c) {
        return new ProjectDocument(name, network, layout, c, dataset);
    }

    public ProjectDocument withName(String n) {
        return new ProjectDocument(n, network, layout, collapsedBlocks, dataset);
    }

    /** The same design trained on another dataset (a DatasetCatalog id), or null for the default. */
    public ProjectDocument withDataset(String d) {
        return new ProjectDocument(name, network, layout, collapsedBlocks, d);
    }

    public record NodePosition(double x, double y) {}
}
