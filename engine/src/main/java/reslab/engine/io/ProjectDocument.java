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
 */
public record ProjectDocument(String name, NetworkSpec network, Map<String, NodePosition> layout,
                              List<String> collapsedBlocks) {
    public ProjectDocument {
        layout = Map.copyOf(layout);
        collapsedBlocks = List.copyOf(collapsedBlocks);
    }

    public record NodePosition(double x, double y) {}
}
