package reslab.app.export;

import javafx.animation.PauseTransition;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import reslab.app.i18n.Messages;

/**
 * The strip at the bottom of the window while an export runs: what it is doing, a progress bar
 * and Cancel; afterwards, for a few seconds, where the file went or that it was cancelled.
 * CSS: {@code .export-bar}, parts {@code .export-status}, {@code .export-progress}; pseudo-class
 * {@code :failed}.
 */
final class ExportBar extends HBox {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final Label status = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Button cancel = new Button();
    private final PauseTransition linger = new PauseTransition(Duration.seconds(6));
    private final ExportViewModel vm;
    private final Messages m;
    private boolean lingering;
    private final ChangeListener<Object> onChange = (o, a, b) -> update();

    ExportBar(ExportViewModel vm, Messages m) {
        this.vm = vm;
        this.m = m;
        setId("exportBar");
        getStyleClass().add("export-bar");
        getStylesheets().add(ExportBar.class.getResource("/reslab/app/css/export.css").toExternalForm());
        status.setId("exportStatus");
        status.getStyleClass().add("export-status");
        progress.setId("exportProgress");
        progress.getStyleClass().add("export-progress");
        cancel.setId("exportCancel");
        cancel.setText(m.get("export.cancel"));
        cancel.setOnAction(e -> vm.cancel());
        getChildren().addAll(status, progress, cancel);
        progress.progressProperty().bind(vm.progressProperty());
        // Weakly: the view-model outlives this bar (a language switch builds a new window).
        vm.runningProperty().addListener(new WeakChangeListener<>(onChange));
        vm.framesDoneProperty().addListener(new WeakChangeListener<>(onChange));
        vm.framesTotalProperty().addListener(new WeakChangeListener<>(onChange));
        linger.setOnFinished(e -> {
            lingering = false;
            update();
        });
        update();
    }

    /** Shows how an export ended, for a few seconds: its first line (a dialog has the rest). */
    void show(String message, boolean failed) {
        lingering = true;
        int end = message.indexOf('\n');
        status.setText(end < 0 ? message : message.substring(0, end).replaceAll("[:：]\\s*$", ""));
        pseudoClassStateChanged(FAILED, failed);
        update();
        linger.playFromStart();
    }

    private void update() {
        ExportViewModel.Job job = vm.runningProperty().get();
        boolean running = job != null;
        if (running) {
            pseudoClassStateChanged(FAILED, false);
            if (job != ExportViewModel.Job.ANIMATION) status.setText(m.get("export.running." + job.name().toLowerCase(java.util.Locale.ROOT)));
            else if (vm.framesTotalProperty().get() == 0) status.setText(m.get("export.running.animationStart"));
            else status.setText(m.format("export.running.animation", vm.framesDoneProperty().get(), vm.framesTotalProperty().get()));
        }
        for (javafx.scene.Node n : new javafx.scene.Node[] {progress, cancel}) {
            n.setVisible(running);
            n.setManaged(running);
        }
        setVisible(running || lingering);
        setManaged(running || lingering);
    }
}
