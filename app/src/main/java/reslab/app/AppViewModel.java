package reslab.app;

import java.util.List;
import reslab.app.design.BuilderViewModel;
import reslab.app.design.CommandManager;
import reslab.app.design.AutoLayout;
import reslab.app.export.ExportViewModel;
import reslab.app.main.MainViewModel;
import reslab.app.project.ProjectStore;
import reslab.app.project.ProjectViewModel;
import reslab.engine.io.ProjectDocument;
import reslab.engine.zoo.Template;

/**
 * The whole app's state without a window: one project (design + history + file), the builder
 * that edits it, the training view that follows it and the exports of both. The one place these are wired.
 */
public final class AppViewModel implements AutoCloseable {
    private final CommandManager commands;
    private final BuilderViewModel builder;
    private final ProjectViewModel project;
    private final MainViewModel training;
    private final ExportViewModel export;

    public AppViewModel(ProjectStore store) {
        this(store, reslab.app.builder.TemplateGallery.templates());
    }

    public AppViewModel(ProjectStore store, List<Template> templates) {
        commands = new CommandManager(documentOf(templates.get(0)));
        builder = new BuilderViewModel(commands);
        project = new ProjectViewModel(commands, store);
        training = new MainViewModel(commands.documentProperty(), templates, builder::loadTemplate);
        project.setRunAccess(training.runAccess());
        export = new ExportViewModel(training::recordedRun, () -> training.metricProperty().get(), training::captureModel,
                commands.documentProperty(), javafx.application.Platform::runLater);
    }

    /** Per-frame work of every view-model, on the UI thread. */
    public void onFrame() {
        project.onFrame();
        training.onFrame();
    }

    /** A template as a fresh, laid-out project. */
    public static ProjectDocument documentOf(Template t) {
        return new ProjectDocument(t.id(), t.spec(), AutoLayout.layout(t.spec()), List.of(), t.dataset());
    }

    public CommandManager commands() { return commands; }
    public BuilderViewModel builder() { return builder; }
    public ProjectViewModel project() { return project; }
    public MainViewModel training() { return training; }
    public ExportViewModel export() { return export; }

    /** Stops training (waiting at most {@code millis}) and closes the project cleanly. */
    public void close(long millis) {
        export.close();
        training.close(millis);
        project.close();
    }

    @Override
    public void close() {
        close(1500);
    }
}
