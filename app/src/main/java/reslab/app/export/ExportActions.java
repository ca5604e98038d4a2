package reslab.app.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Region;
import reslab.app.AppViewModel;
import reslab.app.builder.DiagnosticText;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;
import reslab.app.main.Metric;
import reslab.app.shell.Confirmations;
import reslab.app.shell.FileDialogs;
import reslab.engine.shape.Diagnostic;
import reslab.engine.spec.NodeSpec;

/**
 * The export commands in the window: the File > Export menu, a context menu on every chart
 * and canvas, the file dialog, the progress strip and the messages. Forwards to
 * {@link ExportViewModel}; holds no state of its own beyond the widgets, so a language switch
 * simply makes a new one.
 */
public final class ExportActions {
    private final AppViewModel app;
    private final ExportViewModel vm;
    private final Messages m;
    private final FileDialogs files;
    private final Confirmations confirm;
    private final Supplier<String> projectName;
    private final TabPane tabs;
    private final ExportBar bar;

    /** @param tabs the window's tabs: Design first, Train second */
    public ExportActions(AppViewModel app, Messages messages, FileDialogs files, Confirmations confirm,
                         Supplier<String> projectName, TabPane tabs) {
        this.app = app;
        this.vm = app.export();
        this.m = messages;
        this.files = files;
        this.confirm = confirm;
        this.projectName = projectName;
        this.tabs = tabs;
        this.bar = new ExportBar(vm, messages);
        vm.setOnOutcome(this::report);
    }

    /** The progress strip, for the bottom of the window. */
    public Node bar() {
        return bar;
    }

    /** Fills File > Export: a submenu of picture formats per view, then the data files and the model. */
    public void fill(Menu export) {
        export.getItems().clear();
        for (PictureTarget t : PictureTarget.values()) {
            Menu sub = new Menu(m.get(t.messageKey()));
            sub.setId("exportMenu-" + t.fileStem());
            for (PictureFormat f : PictureFormat.values()) {
                MenuItem item = new MenuItem(m.get("export.menu." + key(f)));
                item.setId("export-" + t.fileStem() + "-" + key(f));
                item.setOnAction(e -> exportPicture(t, f, true));
                sub.getItems().add(item);
            }
            sub.disableProperty().bind(hidden(t));
            export.getItems().add(sub);
        }
        MenuItem model = new MenuItem(m.get("export.menu.model"));
        model.setId("export-model");
        model.setOnAction(e -> exportModel());
        export.getItems().addAll(new SeparatorMenuItem(), telemetryItem("export-telemetry"), summaryItem("export-summary"),
                animationItem("export-animation"), new SeparatorMenuItem(), model);
        export.disableProperty().bind(vm.runningProperty().isNotNull());
    }

    /**
     * Whether a view cannot be drawn now: the two runs side by side exist only while comparing,
     * and the single-run depth profile and heatmap give way to them then.
     */
    private BooleanBinding hidden(PictureTarget t) {
        var compare = app.training().compareProperty();
        if (t.twin()) return compare.not();
        if (t == PictureTarget.DEPTH_PROFILE || t == PictureTarget.HEATMAP) return Bindings.createBooleanBinding(compare::get, compare);
        return Bindings.createBooleanBinding(() -> false);
    }

    /** A context menu on each chart and canvas of the two screens that are present. */
    public void install(Parent... screens) {
        for (PictureTarget t : PictureTarget.values()) {
            for (Parent screen : screens) {
                Node n = screen.lookup("#" + t.nodeId());
                if (n instanceof Control c) {
                    c.setContextMenu(contextMenu(t));
                } else if (n instanceof Region r) {
                    ContextMenu menu = contextMenu(t);
                    r.setOnContextMenuRequested(e -> {
                        menu.show(r, e.getScreenX(), e.getScreenY());
                        e.consume();
                    });
                }
            }
        }
    }

    private ContextMenu contextMenu(PictureTarget t) {
        ContextMenu menu = new ContextMenu();
        for (PictureFormat f : PictureFormat.values()) {
            MenuItem item = new MenuItem(m.get("export.context." + key(f)));
            item.setId("context-" + t.fileStem() + "-" + key(f));
            item.setOnAction(e -> exportPicture(t, f, false));
            menu.getItems().add(item);
        }
        // The data behind the view, where there is some.
        if (t == PictureTarget.DEPTH_PROFILE) menu.getItems().addAll(new SeparatorMenuItem(), animationItem("context-animation"));
        if (t == PictureTarget.LOSS || t == PictureTarget.ACCURACY) {
            menu.getItems().addAll(new SeparatorMenuItem(), telemetryItem("context-telemetry-" + t.fileStem()));
        }
        if (t == PictureTarget.DESIGN) menu.getItems().addAll(new SeparatorMenuItem(), summaryItem("context-summary"));
        menu.setOnShowing(e -> menu.getItems().forEach(i -> i.setDisable(vm.runningProperty().get() != null)));
        return menu;
    }

    private MenuItem telemetryItem(String id) {
        MenuItem item = new MenuItem(m.get("export.menu.telemetry"));
        item.setId(id);
        item.setOnAction(e -> choose("csv", "export.filter.csv", "telemetry").ifPresent(vm::telemetry));
        return item;
    }

    private MenuItem summaryItem(String id) {
        MenuItem item = new MenuItem(m.get("export.menu.summary"));
        item.setId(id);
        item.setOnAction(e -> choose("csv", "export.filter.csv", "summary").ifPresent(vm::summary));
        return item;
    }

    private MenuItem animationItem(String id) {
        MenuItem item = new MenuItem(m.get("export.menu.animation"));
        item.setId(id);
        item.setOnAction(e -> choose("gif", "export.filter.gif", "depth-profile").ifPresent(p -> vm.animation(slideText(), p)));
        return item;
    }

    // ---- commands ----

    /** Shows the view (from the menu), asks where to write it, and hands the picture to the view-model. */
    private void exportPicture(PictureTarget t, PictureFormat f, boolean reveal) {
        if (reveal) reveal(t);
        Optional<Region> view = find(t);
        if (view.isEmpty()) return;
        String filter = f == PictureFormat.SVG ? "export.filter.svg" : "export.filter.png";
        choose(f.extension(), filter, t.fileStem() + f.nameSuffix()).ifPresent(p -> vm.picture(Picture.of(view.get()), f, p));
    }

    /** The design as ONNX; a design that is not valid is refused before a file is chosen. */
    private void exportModel() {
        if (vm.refuseInvalidModel().isEmpty()) choose("onnx", "export.filter.onnx", "model").ifPresent(vm::model);
    }

    private void reveal(PictureTarget t) {
        tabs.getSelectionModel().select(t.onDesignTab() ? 0 : 1);
        if (t.view() != null) app.training().viewProperty().set(t.view());
        // Lay out now, so a view that was hidden has its size before it is drawn.
        Parent root = tabs.getScene() == null ? tabs : tabs.getScene().getRoot();
        root.applyCss();
        root.layout();
    }

    private Optional<Region> find(PictureTarget t) {
        for (var tab : tabs.getTabs()) {
            if (tab.getContent() != null && tab.getContent().lookup("#" + t.nodeId()) instanceof Region r) return Optional.of(r);
        }
        return Optional.empty();
    }

    private Optional<Path> choose(String extension, String filterKey, String stem) {
        return files.chooseExportTarget(new FileDialogs.FileType(m.get(filterKey), extension), fileName(projectName.get()) + "-" + stem);
    }

    /** The project's name as the start of a file name: no characters file systems refuse. */
    static String fileName(String project) {
        String clean = project == null ? "" : project.strip().replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]+", "-");
        return clean.isEmpty() ? "reslab" : clean;
    }

    private SlideText slideText() {
        Metric metric = vm.shownMetric();
        return new SlideText(m.format("export.slide.title", projectName.get(), m.get(metric.messageKey())), m.get(metric.messageKey()),
                m.get("depth.input"), m.get("depth.output"), m.get("depth.outBar"),
                (step, last) -> m.format("export.slide.step", step, last), m.language() == Language.SIMPLIFIED_CHINESE);
    }

    // ---- how it ended ----

    private void report(ExportViewModel.Outcome o) {
        String file = o.target() == null || o.target().getFileName() == null ? "" : o.target().getFileName().toString();
        switch (o.status()) {
            case DONE -> bar.show(m.format("export.done", o.target().toAbsolutePath()), false);
            case CANCELLED -> bar.show(m.format("export.cancelled", file), false);
            case FAILED -> {
                String why = why(o.failure(), file);
                bar.show(why, true);
                confirm.error(m.get("export.failed.title"), why);
            }
        }
    }

    /** The failure in the user's words: what was not written, and why. */
    String why(ExportFailure f, String file) {
        return switch (f.reason()) {
            case NO_FOLDER -> m.format("export.failed.noFolder", file, f.detail());
            case IS_FOLDER -> m.format("export.failed.isFolder", file);
            case NOT_WRITABLE -> m.format("export.failed.notWritable", file, f.detail());
            case TOO_LARGE -> m.format("export.failed.tooLarge", file, f.detail());
            case NOTHING_RECORDED -> m.get("export.failed.nothingRecorded");
            case EMPTY -> m.format("export.failed.empty", file);
            case INVALID_DESIGN -> invalidDesign(f.diagnostics());
            case BUSY -> m.get("export.failed.busy");
            case IO -> m.format("export.failed.io", file, f.detail());
        };
    }

    /** The design's problems, one per line, each with its node, as the builder words them. */
    private String invalidDesign(List<Diagnostic> problems) {
        StringBuilder lines = new StringBuilder();
        for (Diagnostic d : problems) {
            NodeSpec node = app.commands().current().network().node(d.nodeId()).orElse(null);
            lines.append("\n• ").append(d.nodeId()).append(": ").append(DiagnosticText.describe(d, node == null ? null : node.layer(), m));
        }
        return m.format("export.failed.invalidDesign", problems.size()) + lines;
    }

    private static String key(PictureFormat f) {
        return switch (f) {
            case PNG -> "png";
            case PNG_2X -> "png2x";
            case SVG -> "svg";
        };
    }
}
