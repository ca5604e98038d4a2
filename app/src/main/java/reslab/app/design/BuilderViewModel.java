package reslab.app.design;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.ProjectDocument.NodePosition;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.zoo.Template;

/**
 * State and commands of the network builder. Every change to the design is a named command
 * on the {@link CommandManager}; shape inference reruns on every change so shapes, costs and
 * diagnostics are always current. Works without a window.
 */
public final class BuilderViewModel {
    /** Where pasted and duplicated nodes land relative to the originals. */
    static final double PASTE_OFFSET = 40;

    private final CommandManager commands;
    private final ReadOnlyObjectWrapper<NetworkAnalysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ReadOnlyObjectWrapper<DesignEdits.EditRefused> lastRefusal = new ReadOnlyObjectWrapper<>(this, "lastRefusal");
    private final ObservableSet<String> selection = FXCollections.observableSet(new LinkedHashSet<>());
    private Clip clipboard;
    private int pasteCount;

    /** Copied nodes: their specs (inputs outside the copy dropped) and positions. */
    record Clip(List<NodeSpec> nodes, Map<String, NodePosition> positions) {}

    public BuilderViewModel(CommandManager commands) {
        this.commands = commands;
        commands.documentProperty().addListener((o, a, d) -> onDocument(d));
        onDocument(commands.current());
    }

    private void onDocument(ProjectDocument d) {
        analysis.set(ShapeInference.analyze(d.network()));
        selection.removeIf(id -> d.network().node(id).isEmpty()); // undo may remove selected nodes
    }

    // ---- commands ----

    /** Adds a layer at (x, y) with a fresh id; selects it. Returns the id. */
    public Optional<String> addLayer(LayerSpec layer, double x, double y) {
        String id = NodeIds.fresh(NodeIds.stem(layer), ids());
        boolean done = run(Description.of("cmd.addNode", layer),
                d -> DesignEdits.addNode(d, id, layer, new NodePosition(x, y)));
        if (!done) return Optional.empty();
        selectOnly(id);
        return Optional.of(id);
    }

    /** Inserts ready-made nodes (a block) as one command; ids are made unique. */
    public boolean addNodes(Description description, List<NodeSpec> nodes, Map<String, NodePosition> at) {
        Map<String, String> renamed = freshIds(nodes);
        List<NodeSpec> added = rename(nodes, renamed);
        Map<String, NodePosition> pos = new HashMap<>();
        at.forEach((id, p) -> pos.put(renamed.getOrDefault(id, id), p));
        boolean done = run(description, d -> DesignEdits.addNodes(d, added, pos));
        if (done) {
            selection.clear();
            added.forEach(n -> selection.add(n.id()));
        }
        return done;
    }

    /**
     * Inserts a ready block below {@code anchor}: it reads the anchor's output, with as many
     * channels (or units) as the anchor makes. The down-sampling block doubles the channels
     * with stride 2 and a projection shortcut (option B).
     */
    public boolean addBlock(reslab.app.builder.PaletteCatalog.BlockKind kind, String anchor) {
        ProjectDocument d = commands.current();
        if (anchor == null || d.network().node(anchor).isEmpty()) {
            lastRefusal.set(new DesignEdits.EditRefused("block-needs-anchor", "drop a block on the layer it should follow"));
            return false;
        }
        var info = analysis().node(anchor).orElse(null);
        if (info == null || !info.valid()) {
            lastRefusal.set(new DesignEdits.EditRefused("block-needs-shape", "'" + anchor + "' has no shape yet; fix it first", anchor));
            return false;
        }
        boolean gated = kind == reslab.app.builder.PaletteCatalog.BlockKind.GATED_PLAIN
                || kind == reslab.app.builder.PaletteCatalog.BlockKind.GATED_RESIDUAL;
        if (gated != (info.outputShape().rank() == 1)) {
            lastRefusal.set(new DesignEdits.EditRefused(gated ? "block-needs-vector" : "block-needs-image",
                    gated ? "a gated block follows a flat layer" : "a convolution block follows an image (channels x height x width)", anchor));
            return false;
        }
        int c = info.outputShape().dim(0);
        String id = NodeIds.fresh("block", blockIds());
        reslab.engine.zoo.Blocks.Block b = switch (kind) {
            case BASIC -> reslab.engine.zoo.Blocks.basicResidual(id, anchor, c, c, 1, reslab.engine.spec.ShortcutOption.B_PROJECTION_WHERE_NEEDED);
            case BASIC_DOWNSAMPLE -> reslab.engine.zoo.Blocks.basicResidual(id, anchor, c, 2 * c, 2, reslab.engine.spec.ShortcutOption.B_PROJECTION_WHERE_NEEDED);
            case PRE_ACTIVATION -> reslab.engine.zoo.Blocks.preActivation(id, anchor, c, c, 1, reslab.engine.spec.ShortcutOption.B_PROJECTION_WHERE_NEEDED);
            case PLAIN_PAIR -> reslab.engine.zoo.Blocks.plainPair(id, anchor, c, 1);
            case GATED_PLAIN -> reslab.engine.zoo.Blocks.gatedDense(id, anchor, c, reslab.engine.spec.GateSpec.Kind.PLAIN);
            case GATED_RESIDUAL -> reslab.engine.zoo.Blocks.gatedDense(id, anchor, c, reslab.engine.spec.GateSpec.Kind.RESIDUAL);
        };
        // Lay the block out on its own, then hang it below the anchor.
        List<NodeSpec> withAnchor = new ArrayList<>();
        withAnchor.add(NodeSpec.of(anchor, new reslab.engine.spec.InputSpec(info.outputShape())));
        withAnchor.addAll(b.nodes());
        Map<String, NodePosition> local = AutoLayout.layout(new NetworkSpec("block", withAnchor, b.output(),
                reslab.engine.spec.LossKind.SOFTMAX_CROSS_ENTROPY));
        NodePosition at = d.layout().getOrDefault(anchor, new NodePosition(0, 0));
        NodePosition origin = local.get(anchor);
        Map<String, NodePosition> positions = new HashMap<>();
        for (NodeSpec n : b.nodes()) {
            NodePosition p = local.get(n.id());
            positions.put(n.id(), new NodePosition(at.x() + p.x() - origin.x() + AutoLayout.COLUMN_WIDTH * 1.4, at.y() + p.y() - origin.y()));
        }
        return addNodes(Description.of("cmd.addBlock", id), b.nodes(), positions);
    }

    private Set<String> blockIds() {
        Set<String> ids = new HashSet<>();
        for (NodeSpec n : commands.current().network().nodes()) if (n.block() != null) ids.add(n.block());
        return ids;
    }

    public boolean deleteSelection() {
        if (selection.isEmpty()) return false;
        Set<String> ids = Set.copyOf(selection);
        return run(Description.of(ids.size() == 1 ? "cmd.deleteNode" : "cmd.deleteNodes", ids.size() == 1 ? ids.iterator().next() : ids.size()),
                d -> DesignEdits.deleteNodes(d, ids));
    }

    /** One command per drag gesture: the canvas moves nodes live and commits on release. */
    public boolean move(Set<String> ids, double dx, double dy) {
        if (ids.isEmpty() || (dx == 0 && dy == 0)) return false;
        return run(Description.of(ids.size() == 1 ? "cmd.moveNode" : "cmd.moveNodes", ids.size() == 1 ? ids.iterator().next() : ids.size()),
                d -> DesignEdits.moveNodes(d, ids, dx, dy));
    }

    /** Wires {@code from} into {@code to}; a refused wire is reported in {@link #lastRefusalProperty()}. */
    public boolean connect(String from, String to) {
        return run(Description.of("cmd.connect", from, to), d -> DesignEdits.connect(d, from, to));
    }

    /** Checks a wire without making it: empty if allowed, else why not (for a live tooltip while dragging). */
    public Optional<DesignEdits.EditRefused> checkConnect(String from, String to) {
        try {
            DesignEdits.connect(commands.current(), from, to);
            return Optional.empty();
        } catch (DesignEdits.EditRefused e) {
            return Optional.of(e);
        }
    }

    public boolean disconnect(String from, String to) {
        return run(Description.of("cmd.disconnect", from, to), d -> DesignEdits.disconnect(d, from, to));
    }

    public boolean setLayer(String id, LayerSpec layer) {
        return run(Description.of("cmd.setLayer", id, layer), d -> DesignEdits.setLayer(d, id, layer));
    }

    public boolean rename(String id, String newId) {
        boolean wasSelected = selection.contains(id);
        boolean done = run(Description.of("cmd.rename", id, newId), d -> DesignEdits.rename(d, id, newId));
        if (done && wasSelected) {
            selection.remove(id);
            selection.add(newId);
        }
        return done;
    }

    /** Makes {@code id} the output, trained with {@code loss}. */
    public boolean setOutput(String id, LossKind loss) {
        return run(Description.of("cmd.setOutput", id), d -> {
            NetworkSpec s = d.network();
            DesignEdits.node(d, id);
            return d.withNetwork(new NetworkSpec(s.name(), s.nodes(), id, loss));
        });
    }

    /** Collapses or expands one block and re-arranges the design around it. */
    public boolean setCollapsed(String block, boolean collapsed) {
        return run(Description.of(collapsed ? "cmd.collapse" : "cmd.expand", block),
                d -> arranged(DesignEdits.setCollapsed(d, block, collapsed)));
    }

    private static ProjectDocument arranged(ProjectDocument d) {
        return d.withLayout(AutoLayout.layout(d.network(), Set.copyOf(d.collapsedBlocks())));
    }

    /**
     * Applies an assistant's choice (or any list of graph edits) as one command; inserted
     * nodes are placed beside the wire they sit on (the shortcut side, to the left).
     */
    public boolean applyEdits(Description description, List<reslab.engine.shape.GraphEdit> edits) {
        return run(description, d -> {
            NetworkSpec next;
            try {
                next = reslab.engine.shape.NetworkEdits.apply(d.network(), edits);
            } catch (RuntimeException e) {
                throw new DesignEdits.EditRefused("stale-fix", "the design changed; choose again");
            }
            Map<String, NodePosition> layout = new HashMap<>(d.layout());
            for (reslab.engine.shape.GraphEdit e : edits) {
                if (e instanceof reslab.engine.shape.GraphEdit.InsertOnEdge ins) {
                    NodePosition a = layout.getOrDefault(ins.source(), new NodePosition(0, 0));
                    NodePosition b = layout.getOrDefault(ins.target(), new NodePosition(0, 0));
                    double side = ins.inputIndex() == 0 ? -AutoLayout.COLUMN_WIDTH * 0.9 : AutoLayout.COLUMN_WIDTH * 0.9;
                    layout.put(ins.node().id(), new NodePosition(Math.round((a.x() + b.x()) / 2 + side), Math.round((a.y() + b.y()) / 2)));
                } else if (e instanceof reslab.engine.shape.GraphEdit.RemoveNode rm) {
                    layout.remove(rm.nodeId());
                }
            }
            return d.withNetwork(next).withLayout(layout);
        });
    }

    /** Applies an assistant choice for {@code nodeId}'s mismatch. */
    public boolean applyShortcut(String nodeId, ShortcutAssistant.Choice choice) {
        return applyEdits(Description.of("cmd.shortcut." + choice.option().name().charAt(0), nodeId), choice.edits());
    }

    /** Collapses or expands several blocks as one command. */
    public boolean setBlocksCollapsed(Set<String> blocks, boolean collapsed) {
        return run(Description.of(collapsed ? "cmd.collapseAll" : "cmd.expandAll", blocks.size()), d -> {
            ProjectDocument r = d;
            for (String b : blocks) r = DesignEdits.setCollapsed(r, b, collapsed);
            return arranged(r);
        });
    }

    /** Lays out every node in layers from input to output. */
    public boolean autoLayout() {
        return run(Description.of("cmd.autoLayout"), BuilderViewModel::arranged);
    }

    /** Replaces the whole design with a template, laid out; undoable like any edit. */
    public boolean loadTemplate(Template t) {
        selection.clear();
        return run(Description.of("cmd.loadTemplate", t.id()), d -> new ProjectDocument(t.id(), t.spec(),
                AutoLayout.layout(t.spec()), List.of(), t.dataset()));
    }

    public void copy() {
        if (selection.isEmpty()) return;
        ProjectDocument d = commands.current();
        Set<String> ids = Set.copyOf(selection);
        List<NodeSpec> nodes = new ArrayList<>();
        Map<String, NodePosition> pos = new HashMap<>();
        for (NodeSpec n : d.network().nodes()) {
            if (!ids.contains(n.id())) continue;
            nodes.add(new NodeSpec(n.id(), n.layer(), n.inputs().stream().filter(ids::contains).toList(), n.block()));
            pos.put(n.id(), d.layout().getOrDefault(n.id(), new NodePosition(0, 0)));
        }
        clipboard = new Clip(nodes, pos);
        pasteCount = 0;
    }

    public boolean paste() {
        if (clipboard == null || clipboard.nodes().isEmpty()) return false;
        pasteCount++;
        double off = PASTE_OFFSET * pasteCount;
        Map<String, NodePosition> at = new HashMap<>();
        clipboard.positions().forEach((id, p) -> at.put(id, new NodePosition(p.x() + off, p.y() + off)));
        return addNodes(Description.of("cmd.paste", clipboard.nodes().size()), clipboard.nodes(), at);
    }

    public boolean duplicate() {
        if (selection.isEmpty()) return false;
        copy();
        return paste();
    }

    public void undo() { commands.undo(); }
    public void redo() { commands.redo(); }

    // ---- selection ----

    public void selectOnly(String id) {
        selection.clear();
        selection.add(id);
    }

    public void toggleSelected(String id) {
        if (!selection.remove(id)) selection.add(id);
    }

    public void selectAll() {
        commands.current().network().nodes().forEach(n -> selection.add(n.id()));
    }

    // ---- helpers ----

    private boolean run(Description description, CommandManager.Edit edit) {
        try {
            boolean changed = commands.execute(description, edit);
            lastRefusal.set(null);
            return changed;
        } catch (DesignEdits.EditRefused e) {
            lastRefusal.set(e);
            return false;
        }
    }

    private Set<String> ids() {
        Set<String> ids = new HashSet<>();
        for (NodeSpec n : commands.current().network().nodes()) ids.add(n.id());
        return ids;
    }

    private Map<String, String> freshIds(List<NodeSpec> nodes) {
        Set<String> taken = ids();
        Map<String, String> renamed = new HashMap<>();
        for (NodeSpec n : nodes) {
            String id = n.id();
            if (taken.contains(id)) {
                String stem = id.replaceAll("\\d+$", "");
                id = NodeIds.fresh(stem.isEmpty() ? "node" : stem, taken);
            }
            taken.add(id);
            renamed.put(n.id(), id);
        }
        return renamed;
    }

    private static List<NodeSpec> rename(List<NodeSpec> nodes, Map<String, String> renamed) {
        List<NodeSpec> out = new ArrayList<>();
        for (NodeSpec n : nodes) {
            out.add(new NodeSpec(renamed.get(n.id()), n.layer(),
                    n.inputs().stream().map(in -> renamed.getOrDefault(in, in)).toList(), n.block()));
        }
        return out;
    }

    public CommandManager commands() { return commands; }
    public ProjectDocument document() { return commands.current(); }
    public ReadOnlyObjectProperty<NetworkAnalysis> analysisProperty() { return analysis.getReadOnlyProperty(); }
    public NetworkAnalysis analysis() { return analysis.get(); }
    public ObservableSet<String> selection() { return selection; }
    /** Why the last command was refused, or null after a successful one. */
    public ReadOnlyObjectProperty<DesignEdits.EditRefused> lastRefusalProperty() { return lastRefusal.getReadOnlyProperty(); }
}
