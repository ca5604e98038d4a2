package reslab.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.BoundingBox;
import javafx.scene.control.Control;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import reslab.app.AppViewModel;
import reslab.app.builder.NetworkCanvas;
import reslab.app.chart.ColorScale;
import reslab.app.chart.DepthProfile;
import reslab.app.chart.DepthProfileChart;
import reslab.app.chart.HeatmapChart;
import reslab.app.chart.HeatmapData;
import reslab.app.chart.LogScale;
import reslab.app.chart.LossChart;
import reslab.app.chart.LossSeries;
import reslab.app.chart.SplitChart;
import reslab.app.i18n.Language;
import reslab.app.i18n.Messages;
import reslab.app.main.MainViewModel;
import reslab.app.main.Metric;
import reslab.app.views.SplitData;
import reslab.engine.io.ProjectDocument;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.NodeInfo;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.NodeSpec;
import reslab.engine.telemetry.StepSnapshot;
import reslab.engine.zoo.Templates;

/**
 * Pictures of the real views, laid out in a scene with the app's style sheets (no window):
 * PNG sizes at 1x and 2x, and SVG that is vectors and text drawn from the same data.
 */
class PictureExportTest {
    private static final Messages ZH = new Messages(Language.SIMPLIFIED_CHINESE);
    @TempDir
    Path dir;
    private ExportViewModel vm;

    @BeforeAll
    static void fx() throws Exception {
        ExportFixtures.startFx();
    }

    @AfterEach
    void close() {
        if (vm != null) vm.close();
    }

    private ExportViewModel exports() {
        vm = new ExportViewModel(List::of, () -> Metric.BACKPROPAGATED_GRADIENT, ExportFixtures.NO_MODEL, new SimpleObjectProperty<>(), javafx.application.Platform::runLater);
        return vm;
    }

    private static StepSnapshot lastStep() {
        List<StepSnapshot> run = ExportFixtures.run("chain-sigmoid-6-residual", 30);
        return run.get(run.size() - 1);
    }

    /** Exports a view, laid out at the given size, through the view-model. */
    private Path export(Control view, double w, double h, PictureFormat f, String name) throws Exception {
        Path target = dir.resolve(name);
        ExportViewModel.Outcome o = ExportFixtures.fx(() -> {
            ExportFixtures.show(view, w, h);
            return exports().picture(Picture.of(view), f, target);
        }).get(60, TimeUnit.SECONDS);
        assertEquals(ExportViewModel.Outcome.Status.DONE, o.status(), String.valueOf(o.failure()));
        return target;
    }

    private static DepthProfileChart depthChart(DepthProfile p) throws Exception {
        return ExportFixtures.fx(() -> {
            DepthProfileChart c = new DepthProfileChart();
            c.setAnimated(false);
            c.setProfile(p);
            c.setAxisTitle(ZH.get("metric.delta"));
            c.setOutputBarLabel(ZH.get("depth.outBar"));
            return c;
        });
    }

    private static Document svg(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(file, StandardCharsets.UTF_8))));
    }

    private static List<Element> elements(Element root, String tag) {
        NodeList list = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) out.add((Element) list.item(i));
        return out;
    }

    private static List<Element> withClass(Document d, String cls) {
        List<Element> out = new ArrayList<>();
        for (String tag : List.of("g", "path", "rect", "line", "polyline", "circle", "text")) {
            for (Element e : elements(d.getDocumentElement(), tag)) {
                if (List.of(e.getAttribute("class").split(" ")).contains(cls)) out.add(e);
            }
        }
        return out;
    }

    private static List<String> texts(Element root) {
        return elements(root, "text").stream().map(Element::getTextContent).toList();
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    @Test
    void pngIsTheViewsSizeAtOneXAndTwiceItAtTwoXWithTheDensityRecorded() throws Exception {
        DepthProfile profile = MainViewModel.profileOf(lastStep(), Metric.BACKPROPAGATED_GRADIENT);
        DepthProfileChart chart = depthChart(profile);
        Path one = export(chart, 900, 420, PictureFormat.PNG, "depth.png");
        Path two = export(chart, 900, 420, PictureFormat.PNG_2X, "depth@2x.png");
        int w = (int) Math.ceil(ExportFixtures.fx(chart::getWidth)), h = (int) Math.ceil(ExportFixtures.fx(chart::getHeight));

        var img1 = ImageIO.read(one.toFile());
        var img2 = ImageIO.read(two.toFile());
        assertEquals(w, img1.getWidth());
        assertEquals(h, img1.getHeight());
        assertEquals(2 * w, img2.getWidth());
        assertEquals(2 * h, img2.getHeight());
        assertEquals(2 * pixelsPerMetre(one), pixelsPerMetre(two), 2, "144 dpi against 72");
        // The output bar, drawn: its colour in the middle of where the chart put it.
        javafx.geometry.Bounds bar = ExportFixtures.fx(() -> {
            var bars = chart.lookupAll(".depth-bar").toArray(new javafx.scene.Node[0]);
            var last = bars[bars.length - 1];
            return chart.sceneToLocal(last.localToScene(last.getLayoutBounds()));
        });
        Color expected = ColorScale.at(MainViewModel.DEFAULT_SCALE.fraction(profile.bars().get(profile.bars().size() - 1).value()));
        int rgb = img2.getRGB((int) (2 * bar.getCenterX()), (int) (2 * bar.getCenterY()));
        assertEquals(expected.getRed() * 255, (rgb >> 16) & 0xff, 1, "red");
        assertEquals(expected.getGreen() * 255, (rgb >> 8) & 0xff, 1, "green");
        assertEquals(expected.getBlue() * 255, rgb & 0xff, 1, "blue");
    }

    private static int pixelsPerMetre(Path png) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            IIOMetadataNode phys = (IIOMetadataNode) root.getElementsByTagName("pHYs").item(0);
            assertEquals("meter", phys.getAttribute("unitSpecifier"));
            return Integer.parseInt(phys.getAttribute("pixelsPerUnitXAxis"));
        }
    }

    @Test
    void depthProfileSvgHasEveryBarInItsColourAndItsLabelsAsChineseText() throws Exception {
        DepthProfile profile = MainViewModel.profileOf(lastStep(), Metric.BACKPROPAGATED_GRADIENT);
        Document d = svg(export(depthChart(profile), 900, 420, PictureFormat.SVG, "depth.svg"));

        List<Element> bars = withClass(d, "depth-bar");
        assertEquals(profile.bars().size(), bars.size(), "one group per bar");
        LogScale scale = MainViewModel.DEFAULT_SCALE;
        for (int i = 0; i < bars.size(); i++) {
            Element shape = (Element) bars.get(i).getElementsByTagNameNS("*", "*").item(0);
            assertNotNull(shape, "bar " + i + " is drawn");
            assertEquals(hex(ColorScale.at(scale.fraction(profile.bars().get(i).value()))), shape.getAttribute("fill"), "bar " + i);
        }
        List<String> texts = texts(d.getDocumentElement());
        for (DepthProfile.Bar b : profile.bars()) {
            String label = DepthProfile.OUTPUT_LABEL.equals(b.label()) ? ZH.get("depth.outBar") : b.label();
            assertTrue(texts.contains(label), "label " + label + " in " + texts);
        }
        assertTrue(texts.contains(ZH.get("metric.delta")), "the axis title, in Chinese, as text");
        Element title = elements(d.getDocumentElement(), "text").stream()
                .filter(e -> e.getTextContent().equals(ZH.get("metric.delta"))).findFirst().orElseThrow();
        assertTrue(title.getAttribute("font-family").contains("'Noto Sans CJK SC'"), title.getAttribute("font-family"));
        assertEquals("bold", title.getAttribute("font-weight"));
        assertTrue(elements(d.getDocumentElement(), "image").isEmpty(), "vectors only");
    }

    @Test
    void designSvgShowsEveryCardAndEveryWireWithItsShape() throws Exception {
        ProjectDocument doc = AppViewModel.documentOf(Templates.find("lenet5").orElseThrow());
        NetworkAnalysis analysis = ShapeInference.analyze(doc.network());
        NetworkCanvas canvas = ExportFixtures.fx(() -> {
            NetworkCanvas c = new NetworkCanvas();
            c.messagesProperty().set(new Messages(Language.ENGLISH));
            c.documentProperty().set(doc);
            c.analysisProperty().set(analysis);
            c.zoomBy(0.3); // zoomed out and scrolled: the export still shows the whole design at zoom 1
            return c;
        });
        Document d = svg(export(canvas, 700, 500, PictureFormat.SVG, "design.svg"));

        Set<String> cards = new HashSet<>();
        for (Element g : withClass(d, "node-view")) cards.add(g.getAttribute("id"));
        Set<String> expectedCards = new HashSet<>();
        for (NodeSpec n : doc.network().nodes()) expectedCards.add("node-" + n.id());
        assertEquals(expectedCards, cards);
        int wires = 0;
        List<String> shapes = new ArrayList<>();
        for (NodeSpec n : doc.network().nodes()) {
            for (String in : n.inputs()) {
                wires++;
                shapes.add(analysis.nodes().stream().filter(i -> i.id().equals(in)).findFirst().map(NodeInfo::outputShape).orElseThrow().toString());
            }
        }
        assertEquals(wires, withClass(d, "wire-line").size(), "every wire as a path");
        List<String> labels = new ArrayList<>();
        for (Element g : withClass(d, "wire-label")) labels.addAll(texts(g));
        assertEquals(shapes.stream().sorted().toList(), labels.stream().sorted().toList(), "every wire's shape label");
        // The picture is the whole design in world units, not the zoomed view.
        String[] box = d.getDocumentElement().getAttribute("viewBox").split(" ");
        double height = Double.parseDouble(box[3]);
        double lowest = doc.layout().values().stream().mapToDouble(p -> p.y()).max().orElseThrow()
                - doc.layout().values().stream().mapToDouble(p -> p.y()).min().orElseThrow();
        assertTrue(height > lowest + reslab.app.builder.NodeView.HEIGHT, "viewBox " + height + " holds the layout's " + lowest);
    }

    @Test
    void canvasChartSvgComesFromItsDrawingCode() throws Exception {
        SplitData data = SplitData.of(lastStep());
        SplitChart split = ExportFixtures.fx(() -> {
            SplitChart c = new SplitChart();
            c.dataProperty().set(data);
            c.shortcutNameProperty().set(ZH.get("split.shortcut"));
            c.branchNameProperty().set(ZH.get("split.branch"));
            return c;
        });
        Document d = svg(export(split, 900, 420, PictureFormat.SVG, "split.svg"));

        String shortcut = hex(Color.web("#1a4fa0")), branch = hex(Color.web("#d97706"));
        long shortcutBars = elements(d.getDocumentElement(), "rect").stream().filter(r -> r.getAttribute("fill").equals(shortcut)).count();
        long branchBars = elements(d.getDocumentElement(), "rect").stream().filter(r -> r.getAttribute("fill").equals(branch)).count();
        assertEquals(data.joins().size() + 1, shortcutBars, "a bar per join, and the legend's square");
        assertEquals(data.joins().size() + 1, branchBars);
        List<String> texts = texts(d.getDocumentElement());
        for (SplitData.Join j : data.joins()) assertTrue(texts.contains(j.label()), j.label());
        assertTrue(texts.contains(ZH.get("split.shortcut")));
        assertTrue(elements(d.getDocumentElement(), "image").isEmpty(), "vectors only");
    }

    @Test
    void heatmapSvgHasItsCellsAsRectanglesAndItsLegend() throws Exception {
        List<StepSnapshot> run = ExportFixtures.run("chain-sigmoid-6-residual", 30);
        HeatmapData.Builder b = new HeatmapData.Builder();
        int layers = run.get(0).weightedLayers().size();
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= layers; i++) rows.add("L" + i);
        b.reset(rows);
        for (StepSnapshot s : run) {
            float[] col = new float[layers];
            for (int i = 0; i < layers; i++) col[i] = (float) s.weightedLayers().get(i).deltaRms();
            b.add(s.step(), col);
        }
        HeatmapData data = b.build();
        HeatmapChart chart = ExportFixtures.fx(() -> {
            HeatmapChart c = new HeatmapChart();
            c.dataProperty().set(data);
            c.scaleProperty().set(data.fittedScale(3, MainViewModel.DEFAULT_SCALE));
            return c;
        });
        Document d = svg(export(chart, 900, 420, PictureFormat.SVG, "heatmap.svg"));

        // 30 columns of 7 layers: every cell a rectangle of its colour (plus the legend's strip).
        LogScale s = data.fittedScale(3, MainViewModel.DEFAULT_SCALE);
        Set<String> fills = new HashSet<>();
        elements(d.getDocumentElement(), "rect").forEach(r -> fills.add(r.getAttribute("fill")));
        for (int c = 0; c < data.columnCount(); c++) {
            for (int r = 0; r < layers; r++) {
                String cell = hex(ColorScale.at(s.fraction(data.value(c, r))));
                assertTrue(fills.contains(cell), "cell " + c + "," + r);
            }
        }
        assertTrue(elements(d.getDocumentElement(), "rect").size() >= data.columnCount() * layers);
        assertTrue(texts(d.getDocumentElement()).containsAll(rows), "row labels");
    }

    @Test
    void lossSvgHasTheCurveAsAPolylineAndTheLegendAsText() throws Exception {
        List<StepSnapshot> run = ExportFixtures.run("chain-sigmoid-6-residual", 30);
        LossSeries.Builder train = new LossSeries.Builder();
        for (StepSnapshot s : run) train.add(s.step(), s.loss());
        LossChart chart = ExportFixtures.fx(() -> {
            LossChart c = new LossChart();
            c.setSeries(train.build());
            c.primaryNameProperty().set("train");
            c.setXTitle("steps");
            return c;
        });
        Document d = svg(export(chart, 700, 260, PictureFormat.SVG, "loss.svg"));

        List<Element> lines = withClass(d, "series-line");
        assertEquals(1, lines.size());
        assertEquals("polyline", lines.get(0).getLocalName());
        assertEquals(run.size(), lines.get(0).getAttribute("points").split(" ").length, "one point per step (30 steps, 30 pixel columns apart)");
        assertEquals(hex(Color.web("#c2410c")), lines.get(0).getAttribute("stroke"), "the colour from the style sheet");
        assertTrue(texts(d.getDocumentElement()).contains("train"));
        assertTrue(texts(d.getDocumentElement()).contains("steps"));
    }

    @Test
    void aPictureTooLargeForOneImageIsRefusedBeforeItIsRendered() throws Exception {
        DepthProfileChart chart = depthChart(DepthProfile.EMPTY);
        ExportFailure f = assertThrows(ExportFailure.class, () -> ExportFixtures.fx(() ->
                PixelImage.snapshot(new Picture(chart, new BoundingBox(0, 0, 9000, 200), Color.WHITE), 2)), "18000 pixels wide");
        assertEquals(ExportFailure.Reason.TOO_LARGE, f.reason());
        assertEquals("18000 × 400", f.detail());
    }

    @Test
    void aHiddenViewHasNoPictureAndIsRefused() throws Exception {
        DepthProfileChart chart = depthChart(DepthProfile.EMPTY);
        Path target = dir.resolve("hidden.png");
        ExportViewModel.Outcome o = ExportFixtures.fx(() -> exports().picture(Picture.of(chart), PictureFormat.PNG, target)).get(10, TimeUnit.SECONDS);
        assertEquals(ExportFailure.Reason.EMPTY, o.failure().reason());
        assertFalse(Files.exists(target));
    }
}
