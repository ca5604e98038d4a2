package reslab.app.builder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.collections.SetChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SkinBase;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseDragEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.Pane;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import reslab.app.i18n.Messages;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.ProjectDocument.NodePosition;
import reslab.engine.shape.Diagnostic;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.NodeSpec;

/**
 * Draws {@link NetworkCanvas}: a world group (zoomed and panned by two transforms) holding the
 * wires, then the cards, then an overlay for gestures. Views are kept by id and updated in
 * place on every change, so an edit of a 130-node ResNet touches only what changed.
 */
public class NetworkCanvasSkin extends SkinBase<NetworkCanvas> {
    private static final double MIN_ZOOM = 0.08, MAX_ZOOM = 2.5, READABLE_ZOOM = 0.8;

    private final Pane viewport = new Pane();
    private final Group world = new Group();
    private final Group wireLayer = new Group();
    private final Group nodeLayer = new Group();
    private final Group overlay = new Group();
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final Translate translate = new Translate(40, 40);
    private final Map<String, NodeView> nodeViews = new HashMap<>();
    private final Map<String, WireView> wireViews = new HashMap<>();
    private final Rectangle rubberBand = new Rectangle();
    private final CubicCurve dragWire = new CubicCurve();
    private final Label dragHint = new Label();
    /** Where a palette item being dragged would land. */
    private final Rectangle landing = new Rectangle(NodeView.WIDTH, NodeView.HEIGHT);

    /** Visible wires by the ids they connect after collapsing (from visible id to visible id). */
    private List<VisibleWire> visibleWires = List.of();
    /** For each design node, the id of the view showing it (itself or its collapsed block). */
    private Map<String, String> shownAs = Map.of();

    // gesture state
    private Point2D pressScene;
    private Map<NodeView, Point2D> dragStart;
    private String connectFrom;
    private NodeView connectTarget;
    private Point2D panStart;
    private boolean rubberBanding;

    record VisibleWire(String from, String to, String designFrom, String designTo, int inputIndex, int inputCount) {
        String key() { return from + ">" + to + "#" + inputIndex; }
    }

    public NetworkCanvasSkin(NetworkCanvas canvas) {
        super(canvas);
        viewport.getStyleClass().add("canvas-viewport");
        world.getTransforms().addAll(translate, scale);
        world.getChildren().addAll(wireLayer, nodeLayer);
        overlay.setManaged(false);
        world.setManaged(false);
        rubberBand.getStyleClass().add("rubber-band");
        rubberBand.setVisible(false);
        dragWire.getStyleClass().add("drag-wire");
        dragWire.setVisible(false);
        dragWire.setMouseTransparent(true);
        dragHint.getStyleClass().add("drag-hint");
        dragHint.setVisible(false);
        dragHint.setMouseTransparent(true);
        overlay.getChildren().addAll(rubberBand, dragHint);
        world.getChildren().add(dragWire);
        landing.getStyleClass().add("landing");
        landing.setVisible(false);
        landing.setMouseTransparent(true);
        landing.setArcWidth(16);
        landing.setArcHeight(16);
        world.getChildren().add(landing);
        viewport.getChildren().addAll(world, overlay);
        getChildren().add(viewport);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);

        registerChangeListener(canvas.documentProperty(), o -> rebuild());
        registerChangeListener(canvas.analysisProperty(), o -> rebuild());
        registerChangeListener(canvas.messagesProperty(), o -> rebuild());
        SetChangeListener<String> selectionListener = c -> updateSelection();
        canvas.selectionProperty().get().addListener(selectionListener);
        registerChangeListener(canvas.selectionProperty(), o -> {
            canvas.selectionProperty().get().addListener(selectionListener);
            updateSelection();
        });
        registerChangeListener(canvas.selectedWireProperty(), o -> updateWireSelection());
        registerChangeListener(canvas.heatProperty(), o -> paintHeat());
        registerChangeListener(canvas.heatScaleProperty(), o -> paintHeat());
        scale.xProperty().addListener((o, a, b) -> canvas.zoomProperty().set(b.doubleValue()));

        viewport.addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
        viewport.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
        viewport.addEventHandler(MouseEvent.MOUSE_RELEASED, this::onReleased);
        viewport.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        viewport.addEventHandler(ZoomEvent.ZOOM, e -> {
            zoomAround(e.getZoomFactor(), e.getX(), e.getY());
            e.consume();
        });
        // Palette items arrive as a full press-drag-release gesture whose source carries the item id.
        viewport.addEventHandler(MouseDragEvent.MOUSE_DRAG_OVER, e -> {
            if (!(paletteItem(e) instanceof String)) return;
            Point2D w = toWorld(e.getX(), e.getY());
            landing.setX(snap(w.getX()) - NodeView.WIDTH / 2);
            landing.setY(snap(w.getY() - NodeView.HEIGHT / 2));
            landing.setVisible(true);
        });
        viewport.addEventHandler(MouseDragEvent.MOUSE_DRAG_EXITED, e -> landing.setVisible(false));
        viewport.addEventHandler(MouseDragEvent.MOUSE_DRAG_RELEASED, e -> {
            landing.setVisible(false);
            Object item = paletteItem(e);
            if (item instanceof String id && actions() != null) {
                Point2D w = toWorld(e.getX(), e.getY());
                actions().dropped(id, snap(w.getX()), snap(w.getY() - NodeView.HEIGHT / 2));
                e.consume();
            }
        });
        rebuild();
    }

    private static Object paletteItem(MouseDragEvent e) {
        return e.getGestureSource() instanceof Node n && n.getId() != null && n.getId().startsWith("palette-") ? n.getUserData() : null;
    }

    private CanvasActions actions() {
        return getSkinnable().actionsProperty().get();
    }

    private Messages messages() {
        return getSkinnable().messagesProperty().get();
    }

    // ---- coordinates, zoom, pan ----

    Point2D toWorld(double x, double y) {
        return new Point2D((x - translate.getX()) / scale.getX(), (y - translate.getY()) / scale.getY());
    }

    void zoomAround(double factor, double x, double y) {
        double s = clamp(scale.getX() * factor, MIN_ZOOM, MAX_ZOOM);
        Point2D w = toWorld(x, y);
        scale.setX(s);
        scale.setY(s);
        translate.setX(x - s * w.getX());
        translate.setY(y - s * w.getY());
    }

    /** Whether the first real layout has framed the design; see {@link #layoutChildren}. */
    private boolean framed;

    void fitToView() {
        fit(MIN_ZOOM);
    }

    /**
     * A first look: the whole network if it fits at a readable size, else its top at
     * {@code READABLE_ZOOM}, centred, so a deep chain starts at the input instead of a speck.
     */
    void showReadable() {
        fit(READABLE_ZOOM);
    }

    private void fit(double floor) {
        if (nodeViews.isEmpty()) return;
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (NodeView v : nodeViews.values()) {
            minX = Math.min(minX, v.getLayoutX());
            minY = Math.min(minY, v.getLayoutY());
            maxX = Math.max(maxX, v.getLayoutX() + NodeView.WIDTH);
            maxY = Math.max(maxY, v.getLayoutY() + NodeView.HEIGHT);
        }
        double w = Math.max(1, viewport.getWidth()), h = Math.max(1, viewport.getHeight());
        double margin = 40;
        double s = clamp(Math.min((w - 2 * margin) / (maxX - minX), (h - 2 * margin) / (maxY - minY)), floor, 1.2);
        scale.setX(s);
        scale.setY(s);
        // Centred when it fits; otherwise from the left, so the first thing seen is the input.
        double spare = w - s * (maxX - minX);
        translate.setX((spare >= 2 * margin ? spare / 2 : margin) - s * minX);
        translate.setY(margin - s * minY);
    }

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() == 0 && e.getDeltaX() == 0) return;
        if (e.isShiftDown() || e.getTouchCount() >= 2) {
            // trackpad two-finger scroll, or shift+wheel: pan
            translate.setX(translate.getX() + e.getDeltaX());
            translate.setY(translate.getY() + e.getDeltaY());
        } else {
            zoomAround(Math.pow(1.0015, e.getDeltaY()), e.getX(), e.getY());
        }
        e.consume();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static double snap(double v) {
        return Math.round(v / NetworkCanvas.GRID) * NetworkCanvas.GRID;
    }

    // ---- building the views ----

    private void rebuild() {
        NetworkCanvas c = getSkinnable();
        ProjectDocument d = c.documentProperty().get();
        NetworkAnalysis a = c.analysisProperty().get();
        Messages m = messages();
        if (d == null || m == null) return;
        Map<String, NodeInfo> infos = new HashMap<>();
        if (a != null) for (NodeInfo i : a.nodes()) infos.put(i.id(), i);
        Map<String, List<Diagnostic>> problems = a == null ? Map.of() : a.diagnosticsByNode();
        Set<String> collapsed = new HashSet<>(d.collapsedBlocks());

        // Which view shows each design node: itself, or its collapsed block.
        Map<String, String> shown = new LinkedHashMap<>();
        Map<String, List<NodeSpec>> blockMembers = new LinkedHashMap<>();
        for (NodeSpec n : d.network().nodes()) {
            if (n.block() != null && collapsed.contains(n.block())) {
                shown.put(n.id(), "block:" + n.block());
                blockMembers.computeIfAbsent(n.block(), k -> new ArrayList<>()).add(n);
            } else {
                shown.put(n.id(), n.id());
            }
        }
        shownAs = shown;

        Set<String> present = new HashSet<>();
        for (NodeSpec n : d.network().nodes()) {
            if (!shown.get(n.id()).equals(n.id())) continue;
            NodeView v = nodeViews.computeIfAbsent(n.id(), this::createNodeView);
            present.add(n.id());
            NodeInfo info = infos.get(n.id());
            v.titleProperty().set(LayerTitles.title(n.layer(), m));
            v.detailsProperty().set(LayerTitles.details(n.layer(), m));
            v.costProperty().set(costText(info == null ? 0 : info.params(), info == null ? 0 : info.multiplyAdds(), m));
            v.categoryProperty().set(LayerCategory.of(n.layer()));
            v.outputProperty().set(n.id().equals(d.network().output()));
            v.blockProperty().set(false);
            v.hasInputPortProperty().set(!(n.layer() instanceof InputSpec));
            List<Diagnostic> p = problems.get(n.id());
            v.problemProperty().set(p == null || p.isEmpty() ? null : DiagnosticText.describe(p, n.layer(), m));
            NodePosition pos = d.layout().getOrDefault(n.id(), new NodePosition(0, 0));
            v.relocate(pos.x() - NodeView.WIDTH / 2, pos.y());
        }
        for (var e : blockMembers.entrySet()) {
            String id = "block:" + e.getKey();
            NodeView v = nodeViews.computeIfAbsent(id, this::createNodeView);
            present.add(id);
            long params = 0, macs = 0;
            boolean invalid = false;
            double x = 0, y = Double.MAX_VALUE;
            for (NodeSpec n : e.getValue()) {
                NodeInfo info = infos.get(n.id());
                if (info != null) {
                    params += info.params();
                    macs += info.multiplyAdds();
                }
                invalid |= problems.containsKey(n.id());
                NodePosition pos = d.layout().getOrDefault(n.id(), new NodePosition(0, 0));
                x += pos.x();
                y = Math.min(y, pos.y());
            }
            x /= e.getValue().size();
            v.titleProperty().set(m.format("canvas.block.title", e.getKey()));
            v.detailsProperty().set(m.format("canvas.block.layers", e.getValue().size()));
            v.costProperty().set(costText(params, macs, m));
            v.categoryProperty().set(LayerCategory.SHORTCUTS);
            v.blockProperty().set(true);
            v.outputProperty().set(false);
            v.hasInputPortProperty().set(true);
            v.problemProperty().set(invalid ? m.get("canvas.block.invalid") : null);
            v.relocate(x - NodeView.WIDTH / 2, y);
        }
        nodeViews.entrySet().removeIf(e -> {
            if (present.contains(e.getKey())) return false;
            nodeLayer.getChildren().remove(e.getValue());
            return true;
        });

        // Wires between visible views, labelled with the shape the source produces.
        List<VisibleWire> wires = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeSpec n : d.network().nodes()) {
            String to = shown.get(n.id());
            for (int k = 0; k < n.inputs().size(); k++) {
                String in = n.inputs().get(k);
                String from = shown.get(in);
                if (from == null || from.equals(to)) continue; // unknown input, or inside a collapsed block
                VisibleWire w = new VisibleWire(from, to, in, n.id(), k, n.inputs().size());
                if (seen.add(from + ">" + to + "#" + k)) wires.add(w);
            }
        }
        visibleWires = wires;
        Set<String> wireKeys = new HashSet<>();
        for (VisibleWire w : wires) {
            wireKeys.add(w.key());
            WireView view = wireViews.computeIfAbsent(w.key(), key -> createWireView(w));
            NodeInfo src = infos.get(w.designFrom());
            view.setLabel(src == null || !src.valid() ? "?" : src.outputShape().toString());
            view.setInvalid(problems.containsKey(w.designTo()));
            view.setEnds(w.designFrom(), w.designTo());
        }
        wireViews.entrySet().removeIf(e -> {
            if (wireKeys.contains(e.getKey())) return false;
            wireLayer.getChildren().remove(e.getValue());
            return true;
        });
        routeAllWires();
        updateSelection();
        updateWireSelection();
        paintHeat();
    }

    /**
     * Cards and wires coloured by the gradient with the depth profile's scale: a card by its
     * own value, a wire by the value at its source (the gradient that flows back along it),
     * thicker where it is larger. A collapsed block takes its largest member's value.
     */
    private void paintHeat() {
        java.util.Map<String, Double> heat = getSkinnable().heatProperty().get();
        reslab.app.chart.LogScale scale = getSkinnable().heatScaleProperty().get();
        java.util.Map<String, Double> byView = new HashMap<>();
        if (heat != null) {
            heat.forEach((id, v) -> {
                String view = shownAs.get(id);
                if (view != null && v != null && !v.isNaN()) byView.merge(view, v, Math::max);
            });
        }
        for (NodeView v : nodeViews.values()) {
            Double value = heat == null ? null : byView.get(v.nodeId());
            v.heatProperty().set(value == null ? null : reslab.app.chart.ColorScale.at(scale.fraction(value)));
        }
        for (VisibleWire w : visibleWires) {
            WireView view = wireViews.get(w.key());
            if (view == null) continue;
            Double value = heat == null ? null : byView.get(w.from());
            if (value == null) {
                view.setHeat(null, 0);
            } else {
                double f = scale.fraction(value);
                view.setHeat(reslab.app.chart.ColorScale.at(f), 1.5 + 6 * f);
            }
        }
    }

    private static String costText(long params, long macs, Messages m) {
        if (params == 0 && macs == 0) return m.get("canvas.cost.none");
        if (macs == 0) return m.format("canvas.cost.params", LayerTitles.compact(params));
        return m.format("canvas.cost.both", LayerTitles.compact(params), LayerTitles.compact(macs));
    }

    private NodeView createNodeView(String id) {
        NodeView v = new NodeView(id);
        v.setManaged(false);
        v.resize(NodeView.WIDTH, NodeView.HEIGHT);
        v.setOnContextMenuRequested(e -> {
            ContextMenu menu = contextMenuFor(id);
            if (menu != null) menu.show(v, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        v.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && id.startsWith("block:") && actions() != null) {
                actions().setBlockCollapsed(id.substring(6), false);
            } else if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && v.problemProperty().get() != null && actions() != null) {
                actions().fixRequested(id);
            }
        });
        nodeLayer.getChildren().add(v);
        return v;
    }

    private ContextMenu contextMenuFor(String viewId) {
        Messages m = messages();
        CanvasActions act = actions();
        if (m == null || act == null) return null;
        ContextMenu menu = new ContextMenu();
        if (viewId.startsWith("block:")) {
            MenuItem expand = new MenuItem(m.get("canvas.menu.expand"));
            expand.setOnAction(e -> act.setBlockCollapsed(viewId.substring(6), false));
            menu.getItems().add(expand);
        } else {
            ProjectDocument d = getSkinnable().documentProperty().get();
            d.network().node(viewId).ifPresent(n -> {
                if (n.block() != null) {
                    MenuItem collapse = new MenuItem(m.format("canvas.menu.collapse", n.block()));
                    collapse.setOnAction(e -> act.setBlockCollapsed(n.block(), true));
                    menu.getItems().add(collapse);
                }
            });
            NodeView v = nodeViews.get(viewId);
            if (v != null && v.problemProperty().get() != null) {
                MenuItem fix = new MenuItem(m.get("canvas.menu.fix"));
                fix.setOnAction(e -> act.fixRequested(viewId));
                menu.getItems().add(fix);
            }
        }
        return menu.getItems().isEmpty() ? null : menu;
    }

    private WireView createWireView(VisibleWire w) {
        WireView v = new WireView();
        v.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                getSkinnable().selectedWireProperty().set(v.designFrom() + ">" + v.designTo());
                getSkinnable().selectionProperty().get().clear();
                getSkinnable().requestFocus();
                e.consume();
            }
        });
        v.setOnContextMenuRequested(e -> {
            Messages m = messages();
            if (m == null || actions() == null) return;
            MenuItem remove = new MenuItem(m.get("canvas.menu.removeWire"));
            remove.setOnAction(x -> actions().disconnect(v.designFrom(), v.designTo()));
            new ContextMenu(remove).show(v, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        wireLayer.getChildren().add(v);
        return v;
    }

    /** Recomputes the curves of every wire from the current card positions. */
    private void routeAllWires() {
        for (VisibleWire w : visibleWires) routeWire(w);
    }

    private void routeWire(VisibleWire w) {
        NodeView a = nodeViews.get(w.from()), b = nodeViews.get(w.to());
        WireView view = wireViews.get(w.key());
        if (a == null || b == null || view == null) return;
        double x1 = a.getLayoutX() + a.getTranslateX() + NodeView.WIDTH / 2;
        double y1 = a.getLayoutY() + a.getTranslateY() + NodeView.HEIGHT;
        // Several inputs spread along the top edge, in input order (shortcut first).
        double spread = w.inputCount() <= 1 ? 0 : (w.inputIndex() - (w.inputCount() - 1) / 2.0) * 36;
        double x2 = b.getLayoutX() + b.getTranslateX() + NodeView.WIDTH / 2 + spread;
        double y2 = b.getLayoutY() + b.getTranslateY();
        view.route(x1, y1, x2, y2, reslab.app.design.AutoLayout.ROW_HEIGHT);
    }

    private void updateSelection() {
        Set<String> sel = getSkinnable().selectionProperty().get();
        for (NodeView v : nodeViews.values()) v.selectedProperty().set(sel.contains(v.nodeId()));
    }

    private void updateWireSelection() {
        String s = getSkinnable().selectedWireProperty().get();
        for (WireView v : wireViews.values()) v.setSelected(s != null && s.equals(v.designFrom() + ">" + v.designTo()));
    }

    // ---- gestures ----

    private NodeView nodeViewOf(Object target) {
        Node n = target instanceof Node node ? node : null;
        while (n != null && !(n instanceof NodeView)) n = n.getParent();
        return (NodeView) n;
    }

    private boolean isOutputPort(Object target) {
        return target instanceof Node n && n.getStyleClass().contains("port-out");
    }

    private void onPressed(MouseEvent e) {
        getSkinnable().requestFocus();
        pressScene = new Point2D(e.getX(), e.getY());
        NodeView v = nodeViewOf(e.getTarget());
        if (e.getButton() == MouseButton.MIDDLE || e.getButton() == MouseButton.SECONDARY && v == null) {
            panStart = new Point2D(e.getX() - translate.getX(), e.getY() - translate.getY());
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) return;
        Set<String> sel = getSkinnable().selectionProperty().get();
        if (v != null && isOutputPort(e.getTarget()) && !v.nodeId().startsWith("block:")) {
            connectFrom = v.nodeId();
            dragWire.setVisible(true);
            e.consume();
            return;
        }
        if (v != null && actions() == null) {
            // A read-only canvas (the training view): a drag on a card pans.
            panStart = new Point2D(e.getX() - translate.getX(), e.getY() - translate.getY());
            return;
        }
        if (v != null) {
            getSkinnable().selectedWireProperty().set(null);
            if (e.isShiftDown() || e.isShortcutDown()) {
                if (!sel.remove(v.nodeId())) sel.add(v.nodeId());
            } else if (!sel.contains(v.nodeId())) {
                sel.clear();
                sel.add(v.nodeId());
            }
            dragStart = new HashMap<>();
            for (NodeView s : nodeViews.values()) {
                if (sel.contains(s.nodeId())) dragStart.put(s, new Point2D(s.getLayoutX(), s.getLayoutY()));
            }
            e.consume();
            return;
        }
        if (!(e.getTarget() instanceof WireView) && !(e.getTarget() instanceof Node n && n.getParent() instanceof WireView)) {
            if (!e.isShiftDown()) {
                sel.clear();
                getSkinnable().selectedWireProperty().set(null);
            }
            rubberBanding = true;
            rubberBand.setX(e.getX());
            rubberBand.setY(e.getY());
            rubberBand.setWidth(0);
            rubberBand.setHeight(0);
            rubberBand.setVisible(true);
        }
    }

    private void onDragged(MouseEvent e) {
        if (panStart != null) {
            translate.setX(e.getX() - panStart.getX());
            translate.setY(e.getY() - panStart.getY());
            return;
        }
        if (connectFrom != null) {
            dragConnect(e);
            return;
        }
        if (dragStart != null && pressScene != null) {
            double dx = (e.getX() - pressScene.getX()) / scale.getX();
            double dy = (e.getY() - pressScene.getY()) / scale.getY();
            for (var entry : dragStart.entrySet()) {
                entry.getKey().setTranslateX(dx);
                entry.getKey().setTranslateY(dy);
            }
            Set<String> moving = new HashSet<>();
            dragStart.keySet().forEach(v -> moving.add(v.nodeId()));
            for (VisibleWire w : visibleWires) if (moving.contains(w.from()) || moving.contains(w.to())) routeWire(w);
            return;
        }
        if (rubberBanding) {
            rubberBand.setX(Math.min(e.getX(), pressScene.getX()));
            rubberBand.setY(Math.min(e.getY(), pressScene.getY()));
            rubberBand.setWidth(Math.abs(e.getX() - pressScene.getX()));
            rubberBand.setHeight(Math.abs(e.getY() - pressScene.getY()));
        }
    }

    private void dragConnect(MouseEvent e) {
        NodeView src = nodeViews.get(connectFrom);
        Point2D w = toWorld(e.getX(), e.getY());
        double x1 = src.getLayoutX() + NodeView.WIDTH / 2, y1 = src.getLayoutY() + NodeView.HEIGHT;
        dragWire.setStartX(x1);
        dragWire.setStartY(y1);
        dragWire.setControlX1(x1);
        dragWire.setControlY1(y1 + 60);
        dragWire.setControlX2(w.getX());
        dragWire.setControlY2(w.getY() - 60);
        dragWire.setEndX(w.getX());
        dragWire.setEndY(w.getY());
        NodeView target = nodeAt(w);
        if (target != connectTarget && connectTarget != null) {
            connectTarget.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("accept"), false);
            connectTarget.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("refuse"), false);
        }
        connectTarget = target;
        if (target == null || target == src || actions() == null || target.nodeId().startsWith("block:")) {
            dragHint.setVisible(false);
            dragWire.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("refuse"), false);
            return;
        }
        Optional<String> why = actions().checkConnect(connectFrom, target.nodeId());
        target.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("accept"), why.isEmpty());
        target.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("refuse"), why.isPresent());
        dragWire.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("refuse"), why.isPresent());
        dragHint.setText(why.orElse(""));
        dragHint.setVisible(why.isPresent());
        dragHint.relocate(e.getX() + 16, e.getY() + 12);
    }

    private NodeView nodeAt(Point2D world) {
        for (NodeView v : nodeViews.values()) {
            double x = v.getLayoutX(), y = v.getLayoutY();
            if (world.getX() >= x && world.getX() <= x + NodeView.WIDTH && world.getY() >= y - 8 && world.getY() <= y + NodeView.HEIGHT) {
                return v;
            }
        }
        return null;
    }

    private void onReleased(MouseEvent e) {
        try {
            if (connectFrom != null) {
                if (connectTarget != null) {
                    connectTarget.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("accept"), false);
                    connectTarget.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("refuse"), false);
                    if (connectTarget.nodeId() != null && !connectTarget.nodeId().equals(connectFrom)
                            && !connectTarget.nodeId().startsWith("block:") && actions() != null) {
                        actions().connect(connectFrom, connectTarget.nodeId());
                    }
                }
                return;
            }
            if (dragStart != null && pressScene != null) {
                double dx = (e.getX() - pressScene.getX()) / scale.getX();
                double dy = (e.getY() - pressScene.getY()) / scale.getY();
                Set<String> ids = new HashSet<>();
                NodeView lead = null;
                for (NodeView v : dragStart.keySet()) {
                    v.setTranslateX(0);
                    v.setTranslateY(0);
                    ids.add(v.nodeId());
                    if (lead == null || v.getLayoutY() < lead.getLayoutY()) lead = v;
                }
                if (lead != null && (Math.abs(dx) > 0.5 || Math.abs(dy) > 0.5) && actions() != null) {
                    // Snap: the dragged group moves so that its top node lands on the grid.
                    double cx = lead.getLayoutX() + NodeView.WIDTH / 2, cy = lead.getLayoutY();
                    double sdx = snap(cx + dx) - cx, sdy = snap(cy + dy) - cy;
                    ids.removeIf(id -> id.startsWith("block:"));
                    actions().moveCommitted(ids, sdx, sdy);
                } else {
                    routeAllWires();
                    // A plain click (no drag, no modifier) on a card of a larger selection picks
                    // just that card, as in diagram editors; a press alone keeps the group for dragging.
                    NodeView clicked = nodeViewOf(e.getTarget());
                    Set<String> sel = getSkinnable().selectionProperty().get();
                    if (clicked != null && !e.isShiftDown() && !e.isShortcutDown() && sel.size() > 1) {
                        sel.clear();
                        sel.add(clicked.nodeId());
                    }
                }
                return;
            }
            if (rubberBanding) {
                Bounds band = rubberBand.getBoundsInParent();
                Point2D a = toWorld(band.getMinX(), band.getMinY()), b = toWorld(band.getMaxX(), band.getMaxY());
                Set<String> sel = getSkinnable().selectionProperty().get();
                for (NodeView v : nodeViews.values()) {
                    boolean inside = v.getLayoutX() < b.getX() && v.getLayoutX() + NodeView.WIDTH > a.getX()
                            && v.getLayoutY() < b.getY() && v.getLayoutY() + NodeView.HEIGHT > a.getY();
                    if (inside && band.getWidth() > 2 && !v.nodeId().startsWith("block:")) sel.add(v.nodeId());
                }
            }
        } finally {
            connectFrom = null;
            connectTarget = null;
            dragWire.setVisible(false);
            dragHint.setVisible(false);
            dragStart = null;
            panStart = null;
            rubberBanding = false;
            rubberBand.setVisible(false);
        }
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        viewport.resizeRelocate(x, y, w, h);
        // First real layout in a shown window: frame the design once. Doing it here rather
        // than on a width change catches the canvas however late its tab is first shown.
        if (!framed && w > 300 && h > 100 && !nodeViews.isEmpty() && getSkinnable().getScene() != null
                && getSkinnable().getScene().getWindow() != null && getSkinnable().getScene().getWindow().isShowing()) {
            framed = true;
            javafx.application.Platform.runLater(this::showReadable);
        }
    }

    @Override
    protected double computePrefWidth(double h, double top, double right, double bottom, double left) {
        return 800;
    }

    @Override
    protected double computePrefHeight(double w, double top, double right, double bottom, double left) {
        return 600;
    }

    @Override
    protected double computeMinWidth(double h, double top, double right, double bottom, double left) {
        return 100;
    }

    @Override
    protected double computeMinHeight(double w, double top, double right, double bottom, double left) {
        return 100;
    }

    /** The drawing (wires and cards) in world coordinates, without the zoom and pan: what an export shows. */
    public Node drawing() {
        return world;
    }

    /** For tests and benchmarks: the card of a design node, if shown. */
    public NodeView nodeView(String id) {
        return nodeViews.get(id);
    }
}
