package reslab.app.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reslab.app.design.BuilderViewModel;
import reslab.app.design.CommandManager;
import reslab.engine.io.ProjectDocument;
import reslab.engine.io.ProjectFileException;
import reslab.engine.spec.ReluSpec;
import reslab.engine.zoo.Templates;

class ProjectViewModelTest {
    @TempDir
    Path dir;
    private CommandManager commands;
    private BuilderViewModel builder;
    private ProjectViewModel project;
    private final List<Path> savedRecent = new ArrayList<>();

    /** A store in the temp folder: the user's real settings are never touched. */
    private ProjectStore store() {
        return new ProjectStore() {
            @Override
            public List<Path> recentFiles() {
                return List.copyOf(savedRecent);
            }

            @Override
            public void setRecentFiles(List<Path> files) {
                savedRecent.clear();
                savedRecent.addAll(files);
            }

            @Override
            public Path recoveryFolder() {
                return dir.resolve("recovery");
            }
        };
    }

    @BeforeEach
    void setUp() {
        commands = new CommandManager(reslab.app.TestDesigns.small());
        builder = new BuilderViewModel(commands);
        project = new ProjectViewModel(commands, store());
    }

    /** Runs the UI thread's part (onFrame) until the background save or open finishes. */
    private <T> T done(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        reslab.app.Await.until("save or open", 30_000, project::onFrame, f::isDone);
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    @Test
    void saveAndReopenGiveTheSameDesign() throws Exception {
        builder.loadTemplate(Templates.find("chain-relu-6-residual").orElseThrow());
        ProjectDocument before = commands.current();
        done(project.saveAs(dir.resolve("mine")));
        Path f = dir.resolve("mine.reslab");
        assertTrue(Files.exists(f), "the extension is added");
        assertFalse(commands.modifiedProperty().get());
        assertEquals(f, project.fileProperty().get());
        project.newProject(reslab.app.TestDesigns.small());
        assertTrue(done(project.open(f)).isEmpty(), "nothing missing");
        assertEquals(before.network(), commands.current().network());
        assertEquals(before.layout(), commands.current().layout());
        assertFalse(commands.canUndoProperty().get(), "opening starts a fresh history");
    }

    @Test
    void aBadFileLeavesTheCurrentDesignUntouched() throws Exception {
        builder.addLayer(new ReluSpec(), 0, 0);
        ProjectDocument current = commands.current();
        Path bad = dir.resolve("bad.reslab");
        Files.writeString(bad, "not a project");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> done(project.open(bad)));
        assertTrue(e.getMessage().contains("bad.reslab"));
        assertEquals(current, commands.current());
        assertTrue(commands.canUndoProperty().get(), "the history survives too");
        assertNull(project.fileProperty().get());
    }

    @Test
    void saveWithoutAFileAsksForOne() throws Exception {
        assertTrue(project.save().isEmpty());
        done(project.saveAs(dir.resolve("a.reslab")));
        builder.addLayer(new ReluSpec(), 0, 0);
        done(project.save().orElseThrow());
        assertFalse(commands.modifiedProperty().get());
    }

    @Test
    void recentFilesAreNewestFirstWithoutDuplicatesAndBounded() throws Exception {
        for (int i = 0; i < ProjectViewModel.MAX_RECENT + 2; i++) done(project.saveAs(dir.resolve("p" + i + ".reslab")));
        done(project.saveAs(dir.resolve("p3.reslab")));
        assertEquals(ProjectViewModel.MAX_RECENT, project.recentFiles().size());
        assertEquals(dir.resolve("p3.reslab").toAbsolutePath(), project.recentFiles().get(0));
        assertEquals(1, project.recentFiles().stream().filter(p -> p.getFileName().toString().equals("p3.reslab")).count());
        assertEquals(project.recentFiles(), savedRecent, "stored for the next start");
    }

    @Test
    void autosaveAfterACrashOffersTheDesignBack() throws Exception {
        done(project.saveAs(dir.resolve("work.reslab")));
        builder.addLayer(new ReluSpec(), 5, 5);
        ProjectDocument unsaved = commands.current();
        project.autosave().orElseThrow().get();
        assertTrue(project.autosave().isEmpty(), "no second write without a change");

        // "Crash": no close(). The next session finds the recovery copy.
        CommandManager next = new CommandManager(reslab.app.TestDesigns.small());
        ProjectViewModel restarted = new ProjectViewModel(next, store());
        ProjectViewModel.Recovery r = restarted.findRecovery().orElseThrow();
        assertEquals(unsaved.network(), r.document().network());
        assertEquals(dir.resolve("work.reslab"), r.origin());
        restarted.restore(r);
        assertEquals(unsaved.network(), next.current().network());
        assertTrue(next.modifiedProperty().get(), "restored work still needs saving");
        assertTrue(restarted.findRecovery().isEmpty(), "offered once");
    }

    @Test
    void aCleanCloseLeavesNothingToRecover() throws Exception {
        builder.addLayer(new ReluSpec(), 5, 5);
        project.autosave().orElseThrow().get();
        project.close();
        assertTrue(new ProjectViewModel(commands, store()).findRecovery().isEmpty());
    }

    @Test
    void anEditDuringABackgroundSaveStaysUnsaved() throws Exception {
        var saving = project.saveAs(dir.resolve("edit.reslab"));
        builder.addLayer(new ReluSpec(), 0, 0); // before the UI thread learns the save finished
        done(saving);
        assertTrue(commands.modifiedProperty().get(), "the file holds the design from before the edit");
        assertTrue(project.hasUnsavedWork());
    }

    @Test
    void aSaveThatFailsLeavesTheOldFileAndSaysWhy() throws Exception {
        Path f = dir.resolve("keep.reslab");
        done(project.saveAs(f));
        byte[] before = Files.readAllBytes(f);
        builder.addLayer(new ReluSpec(), 0, 0);
        Path intoAFile = f.resolve("child.reslab"); // a file cannot be a folder
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> done(project.saveAs(intoAFile)));
        assertTrue(e.getMessage().contains("child.reslab"), e.getMessage());
        assertTrue(commands.modifiedProperty().get());
        assertEquals(f, project.fileProperty().get(), "still the old file");
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void anUnchangedDesignIsNotAutosaved() {
        assertTrue(project.autosave().isEmpty());
    }
}
