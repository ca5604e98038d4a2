package reslab.engine.shape;

import java.util.List;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NodeSpec;

/**
 * One change to a network design, as data: what a {@link Fix} does, so the builder can
 * preview it, turn it into an undoable command, or apply it with {@link NetworkEdits}.
 */
public sealed interface GraphEdit
        permits GraphEdit.InsertOnEdge, GraphEdit.ReplaceLayer, GraphEdit.RemoveInput, GraphEdit.RemoveNode,
                GraphEdit.SetOutput {

    /**
     * Puts {@code node} on the wire from {@code source} into input number {@code inputIndex} of
     * {@code target}: the new node reads {@code source} (its only input) and {@code target}
     * reads the new node there instead. Example: a Flatten between a convolution and a Dense
     * layer, or a shortcut between a block's input and its Add.
     */
    record InsertOnEdge(String source, String target, int inputIndex, NodeSpec node) implements GraphEdit {
        public InsertOnEdge {
            if (!node.inputs().equals(List.of(source))) {
                throw new IllegalArgumentException("the inserted node must read exactly '" + source + "', it reads " + node.inputs());
            }
        }
    }

    /** Gives node {@code nodeId} a new configuration; its id, inputs and block stay. */
    record ReplaceLayer(String nodeId, LayerSpec layer) implements GraphEdit {}

    /** Disconnects input number {@code inputIndex} (which reads {@code source}) of node {@code nodeId}. */
    record RemoveInput(String nodeId, int inputIndex, String source) implements GraphEdit {}

    /**
     * Deletes node {@code nodeId}. Nodes that read it read its first input instead (it is
     * bypassed), or lose that input when it had none.
     */
    record RemoveNode(String nodeId) implements GraphEdit {}

    /** Makes {@code nodeId} the node whose output is fed to the loss. */
    record SetOutput(String nodeId) implements GraphEdit {}
}
