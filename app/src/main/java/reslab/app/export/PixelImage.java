package reslab.app.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import javafx.geometry.Rectangle2D;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.NonInvertibleTransformException;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Transform;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Pixels taken from the scene graph, packed ARGB, row by row: the hand-over from JavaFX (a
 * snapshot, on the FX thread) to javax.imageio (encoding, on any thread). The int array is
 * read out of the snapshot once and then shared with the encoder's image, not copied.
 */
record PixelImage(int width, int height, int[] argb, boolean opaque) {
    /** Larger pictures are refused: the snapshot and its copy would not fit in memory. */
    static final int MAX_SIDE = 16_384;
    static final long MAX_PIXELS = 50_000_000L;

    /**
     * Renders the picture at {@code scale} (1: one pixel per unit, 2: for high-density screens
     * and slides). Fonts and shapes are rendered at that scale, not enlarged afterwards. Call on
     * the FX thread.
     */
    static PixelImage snapshot(Picture p, double scale) throws ExportFailure {
        int w = p.pixelWidth(scale), h = p.pixelHeight(scale);
        if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw new ExportFailure(ExportFailure.Reason.TOO_LARGE, w + " × " + h);
        }
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(p.background() == null ? Color.TRANSPARENT : p.background());
        // A snapshot applies the node's own transform (its place in its parent, a canvas's zoom
        // and pan); undo it, so the picture is in the node's own coordinates, then scale.
        Transform own;
        try {
            own = p.root().getLocalToParentTransform().createInverse();
        } catch (NonInvertibleTransformException e) {
            throw new ExportFailure(ExportFailure.Reason.IO, "the view is scaled to nothing");
        }
        params.setTransform(new Scale(scale, scale).createConcatenation(own));
        params.setViewport(new Rectangle2D(p.region().getMinX() * scale, p.region().getMinY() * scale, w, h));
        WritableImage image = p.root().snapshot(params, null);
        int iw = (int) image.getWidth(), ih = (int) image.getHeight();
        int[] argb = new int[iw * ih];
        image.getPixelReader().getPixels(0, 0, iw, ih, PixelFormat.getIntArgbInstance(), argb, 0, iw);
        return new PixelImage(iw, ih, argb, p.background() != null && p.background().getOpacity() == 1);
    }

    /** A java.awt image over the same pixels (RGB when opaque, else ARGB). */
    BufferedImage toBufferedImage() {
        DirectColorModel cm = opaque ? new DirectColorModel(24, 0xff0000, 0xff00, 0xff)
                : new DirectColorModel(32, 0xff0000, 0xff00, 0xff, 0xff000000);
        DataBufferInt buffer = new DataBufferInt(argb, argb.length);
        WritableRaster raster = Raster.createPackedRaster(buffer, width, height, width, cm.getMasks(), null);
        return new BufferedImage(cm, raster, false, null);
    }

    /**
     * PNG with its pixel density recorded (72 dpi times {@code scale}), so a slide program
     * places a 2x picture at the same size as the 1x one, twice as sharp.
     */
    void writePng(OutputStream out, double scale) throws IOException {
        BufferedImage img = toBufferedImage();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = String.format(Locale.ROOT, "%d", Math.round(72 * scale / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    byte[] png(double scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writePng(out, scale);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }
}
