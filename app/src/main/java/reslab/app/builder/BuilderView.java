package reslab.app.builder;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import reslab.app.design.BuilderViewModel;
import reslab.app.design.Description;
import reslab.app.design.DesignEdits;
import reslab.app.i18n.Messages;
import reslab.engine.io.ProjectDocument;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.spec.NodeSpec;

/**
 * The builder screen: palette, canvas, inspector, status bar. Binds them to the
 * {@link BuilderViewModel} and forwards gestures; holds no design state of its own.
 */
public final class BuilderView {
    private final BuilderViewModel vm;
    private final Messages messages;
    private final Runnable openGallery;

    @FXML private BorderPane root;
    @FXML private Button undoButton;
    @FXML private Button redoButton;
    @FXML private Button deleteButton;
    @FXML private Button duplicateButton;
    @FXML private Button layoutButton;
    @FXML private Button fitButton;
    @FXML private Button zoomOutButton;
    @FXML private Button zoomInButton;
    @FXML private Label zoomLabel;
    @FXML private Button collapseAllButton;
    @FXML private Button expandAllButton;
    @FXML private Button galleryButton;
    @FXML private VBox palette;
    @FXML private NetworkCanvas canvas;
    @FXML private Label refusalBanner;
    @FXML private Label emptyHint;
    @FXML private VBox inspector;
    @FXML private javafx.scene.control.ScrollPane inspectorScroll;
    @FXML private Label totalsLabel;
    @FXML private Label problemsLabel;
    private InspectorView inspectorView;
    private final PauseTransition bannerTimer = new PauseTransition(Duration.seconds(5));

    public BuilderView(BuilderViewModel vm, Messages messages, Runnable openGallery) {
        this.vm = vm;
        this.messages = messages;
        this.openGallery = openGallery;
    }

    public BorderPane root() {
        return root;
    }

    public NetworkCanvas canvas() {
        return canvas;
    }

    @FXML
    private void initialize() {
        canvas.messagesProperty().set(messages);
        canvas.selectionProperty().set(vm.selection());
        canvas.documentProperty().bind(vm.commands().documentProperty());
        canvas.analysisProperty().bind(vm.analysisProperty());
        canvas.actionsProperty().set(new Actions());
        canvas.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                deleteSelected();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !vm.selection().isEmpty()) {
                vm.selection().clear();
                e.consume();
            }
        });

        undoButton.setOnAction(e -> vm.undo());
        redoButton.setOnAction(e -> vm.redo());
        undoButton.disableProperty().bind(vm.commands().canUndoProperty().not());
        redoButton.disableProperty().bind(vm.commands().canRedoProperty().not());
        undoButton.tooltipProperty().bind(Bindings.createObjectBinding(() -> tip(vm.commands().undoDescriptionProperty().get(), "builder.undo.tip"),
                vm.commands().undoDescriptionProperty()));
        redoButton.tooltipProperty().bind(Bindings.createObjectBinding(() -> tip(vm.commands().redoDescriptionProperty().get(), "builder.redo.tip"),
                vm.commands().redoDescriptionProperty()));
        deleteButton.setOnAction(e -> deleteSelected());
        deleteButton.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.selection().isEmpty() && canvas.selectedWireProperty().get() == null,
                vm.selection(), canvas.selectedWireProperty()));
        duplicateButton.setOnAction(e -> vm.duplicate());
        duplicateButton.disableProperty().bind(Bindings.createBooleanBinding(vm.selection()::isEmpty, vm.selection()));
        layoutButton.setOnAction(e -> {
            vm.autoLayout();
            canvas.fitToView();
        });
        fitButton.setOnAction(e -> canvas.fitToView());
        zoomInButton.setOnAction(e -> canvas.zoomBy(1.25));
        zoomOutButton.setOnAction(e -> canvas.zoomBy(0.8));
        zoomLabel.textProperty().bind(Bindings.createStringBinding(
                () -> Math.round(canvas.zoomProperty().get() * 100) + " %", canvas.zoomProperty()));
        collapseAllButton.setOnAction(e -> setAllBlocksCollapsed(true));
        expandAllButton.setOnAction(e -> setAllBlocksCollapsed(false));
        galleryButton.setOnAction(e -> openGallery.run());

        buildPalette();
        inspectorView = new InspectorView(vm, messages);
        inspector.getChildren().setAll(inspectorView);
        // Selecting a broken node brings its fixes into view: the options must not hide below the fold.
        vm.selection().addListener((javafx.collections.SetChangeListener<String>) c ->
                javafx.application.Platform.runLater(this::scrollToFixes));

        totalsLabel.textProperty().bind(Bindings.createStringBinding(this::totalsText, vm.analysisProperty()));
        problemsLabel.textProperty().bind(Bindings.createStringBinding(this::problemsText, vm.analysisProperty()));
        problemsLabel.getStyleClass().add("status-problems");
        vm.analysisProperty().addListener((o, a, b) -> problemsLabel.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("bad"), !b.valid()));
        problemsLabel.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("bad"), !vm.analysis().valid());
        emptyHint.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.commands().documentProperty().get().network().nodes().isEmpty(), vm.commands().documentProperty()));

        bannerTimer.setOnFinished(e -> refusalBanner.setVisible(false));
        vm.lastRefusalProperty().addListener((o, a, r) -> {
            if (r == null) return;
            refusalBanner.setText(refusalText(r));
            refusalBanner.setVisible(true);
            bannerTimer.playFromStart();
        });
        // Loading a template replaces the design: show all of it.
        vm.commands().documentProperty().addListener((o, a, b) -> {
            if (a != null && !a.network().name().equals(b.network().name())) javafx.application.Platform.runLater(canvas::showReadable);
        });
    }

    private void scrollToFixes() {
        inspectorScroll.setVvalue(0);
        javafx.scene.Node fixes = inspector.lookup("#assistant");
        if (fixes == null) fixes = inspector.lookup(".inspector-problems");
        if (fixes == null) return;
        inspector.applyCss();
        inspector.layout();
        double content = inspector.getHeight(), view = inspectorScroll.getViewportBounds().getHeight();
        if (content <= view) return;
        javafx.geometry.Bounds b = inspector.sceneToLocal(fixes.localToScene(fixes.getBoundsInLocal()));
        // The whole block if it fits, else its top.
        double top = b.getHeight() <= view ? b.getMaxY() - view + 12 : b.getMinY() - 12;
        inspectorScroll.setVvalue(Math.max(0, Math.min(1, top / (content - view))));
    }

    private javafx.scene.control.Tooltip tip(Description d, String key) {
        return d == null ? null : new javafx.scene.control.Tooltip(messages.format(key, describe(d)));
    }

    /** A command's name in the UI's language, e.g. "Add Conv 3×3, 64". */
    public String describe(Description d) {
        Object[] args = d.args().stream().map(a -> a instanceof reslab.engine.spec.LayerSpec s ? LayerTitles.title(s, messages) : a).toArray();
        return messages.getOr(d.key(), d.key()).isEmpty() ? d.key() : messages.format(d.key(), args);
    }

    private String refusalText(DesignEdits.EditRefused r) {
        String key = "edit.refused." + r.code();
        return messages.getOr(key, null) == null ? r.getMessage() : messages.format(key, r.args().toArray());
    }

    private void deleteSelected() {
        String wire = canvas.selectedWireProperty().get();
        if (vm.selection().isEmpty() && wire != null) {
            String[] ends = wire.split(">", 2);
            vm.disconnect(ends[0], ends[1]);
            canvas.selectedWireProperty().set(null);
        } else {
            vm.deleteSelection();
        }
    }

    private void setAllBlocksCollapsed(boolean collapsed) {
        ProjectDocument d = vm.document();
        Set<String> blocks = new HashSet<>();
        for (NodeSpec n : d.network().nodes()) if (n.block() != null) blocks.add(n.block());
        Set<String> todo = new HashSet<>(blocks);
        if (collapsed) todo.removeAll(d.collapsedBlocks());
        else todo.retainAll(d.collapsedBlocks());
        if (todo.isEmpty()) return;
        vm.setBlocksCollapsed(todo, collapsed);
        canvas.fitToView();
    }

    private String totalsText() {
        NetworkAnalysis a = vm.analysis();
        return messages.format("builder.totals", String.format(Locale.ROOT, "%,d", a.totalParams()),
                String.format(Locale.ROOT, "%,d", a.totalMultiplyAdds()), LayerTitles.compact(a.totalMultiplyAdds()));
    }

    private String problemsText() {
        int n = vm.analysis().diagnostics().size();
        return n == 0 ? messages.get("builder.noProblems") : messages.format("builder.problems", n);
    }

    private void buildPalette() {
        for (LayerCategory c : LayerCategory.values()) {
            VBox items = new VBox(4);
            items.getStyleClass().add("palette-items");
            for (PaletteCatalog.Item item : PaletteCatalog.ITEMS) {
                if (item.category() != c) continue;
                items.getChildren().add(paletteEntry(item));
            }
            if (items.getChildren().isEmpty()) continue;
            TitledPane group = new TitledPane(messages.get(c.messageKey()), items);
            group.getStyleClass().add("palette-group");
            group.setExpanded(c != LayerCategory.LOSSES || true);
            palette.getChildren().add(group);
        }
    }

    private HBox paletteEntry(PaletteCatalog.Item item) {
        Region swatch = new Region();
        swatch.getStyleClass().addAll("palette-swatch", item.category().styleClass());
        Label name = new Label(item.isLoss() || item.isBlock() ? messages.get("palette.item." + item.id())
                : messages.getOr("palette.item." + item.id(), LayerTitles.title(item.prototype(), messages)));
        name.getStyleClass().add("palette-name");
        HBox entry = new HBox(8, swatch, name);
        entry.getStyleClass().add("palette-item");
        entry.setId("palette-" + item.id());
        String help = messages.getOr("palette.help." + item.id(), null);
        if (help != null) {
            javafx.scene.control.Tooltip t = new javafx.scene.control.Tooltip(help);
            t.setWrapText(true);
            t.setMaxWidth(360);
            javafx.scene.control.Tooltip.install(entry, t);
        }
        // A press-drag-release gesture inside the window (not system drag-and-drop): it needs
        // no clipboard, and the canvas shows where the layer will land while dragging.
        entry.setUserData(item.id());
        entry.setOnDragDetected(e -> {
            entry.startFullDrag();
            entry.setCursor(javafx.scene.Cursor.CLOSED_HAND);
            e.consume();
        });
        entry.setOnMouseReleased(e -> entry.setCursor(null));
        entry.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                Point2D c = canvas.viewCentre();
                placeItem(item, c.getX(), c.getY());
            }
        });
        return entry;
    }

    /** A palette item placed at world (x, y): a layer is added; a loss is given to the node there or the output. */
    void placeItem(PaletteCatalog.Item item, double x, double y) {
        if (item.isLoss()) {
            String target = vm.selection().size() == 1 ? vm.selection().iterator().next() : nodeNear(x, y).orElse(vm.document().network().output());
            vm.setOutput(target, item.loss());
            return;
        }
        if (item.isBlock()) {
            String anchor = nodeNear(x, y).orElse(vm.selection().size() == 1 ? vm.selection().iterator().next() : null);
            vm.addBlock(item.block(), anchor);
            return;
        }
        vm.addLayer(item.prototype(), x, y);
    }

    private Optional<String> nodeNear(double x, double y) {
        for (var e : vm.document().layout().entrySet()) {
            var p = e.getValue();
            if (Math.abs(p.x() - x) <= NodeView.WIDTH / 2 && y >= p.y() - 10 && y <= p.y() + NodeView.HEIGHT + 10) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The canvas's gestures, forwarded to the view-model. */
    private final class Actions implements CanvasActions {
        @Override
        public void moveCommitted(Set<String> ids, double dx, double dy) {
            vm.move(ids, dx, dy);
        }

        @Override
        public Optional<String> checkConnect(String from, String to) {
            return vm.checkConnect(from, to).map(BuilderView.this::refusalText);
        }

        @Override
        public void connect(String from, String to) {
            vm.connect(from, to);
        }

        @Override
        public void disconnect(String from, String to) {
            vm.disconnect(from, to);
        }

        @Override
        public void dropped(String paletteItemId, double x, double y) {
            PaletteCatalog.find(paletteItemId).ifPresent(item -> placeItem(item, x, y));
        }

        @Override
        public void setBlockCollapsed(String block, boolean collapsed) {
            vm.setCollapsed(block, collapsed);
        }

        @Override
        public void fixRequested(String nodeId) {
            vm.selectOnly(nodeId);
            inspectorView.showFixes();
        }
    }
}
