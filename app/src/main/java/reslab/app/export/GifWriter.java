package reslab.app.export;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
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
 * An animated GIF through javax.imageio's GIF writer: every frame on one shared palette (the
 * file's global colour table), the
 * first frame whole and each later one only as the rectangle that changed (drawn over the
 * previous frame), and the NETSCAPE2.0 extension so players loop it forever.
 */
final class GifWriter implements AutoCloseable {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";

    private final ImageOutputStream ios;
    private final ImageWriter writer;
    private final GifPalette palette;
    private final int width, height;
    private byte[] previous;
    private int frames;

    GifWriter(OutputStream out, GifPalette palette, int width, int height) throws IOException {
        this.palette = palette;
        this.width = width;
        this.height = height;
        this.ios = new MemoryCacheImageOutputStream(out);
        this.writer = ImageIO.getImageWritersByFormatName("gif").next();
        writer.setOutput(ios);
        writer.prepareWriteSequence(streamMetadata());
    }

    /** The screen size and the shared palette as the file's global colour table. */
    private IIOMetadata streamMetadata() throws IOException {
        IIOMetadata meta = writer.getDefaultStreamMetadata(writer.getDefaultWriteParam());
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(STREAM_FORMAT);
        IIOMetadataNode screen = child(root, "LogicalScreenDescriptor");
        screen.setAttribute("logicalScreenWidth", Integer.toString(width));
        screen.setAttribute("logicalScreenHeight", Integer.toString(height));
        screen.setAttribute("colorResolution", "8");
        screen.setAttribute("pixelAspectRatio", "0");
        IIOMetadataNode table = child(root, "GlobalColorTable");
        while (table.hasChildNodes()) table.removeChild(table.getFirstChild());
        IndexColorModel cm = palette.colorModel();
        table.setAttribute("sizeOfGlobalColorTable", Integer.toString(cm.getMapSize()));
        table.setAttribute("backgroundColorIndex", "0");
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < cm.getMapSize(); i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString(cm.getRed(i)));
            entry.setAttribute("green", Integer.toString(cm.getGreen(i)));
            entry.setAttribute("blue", Integer.toString(cm.getBlue(i)));
            table.appendChild(entry);
        }
        meta.setFromTree(STREAM_FORMAT, root);
        return meta;
    }

    /** Adds a frame shown for {@code delayCentis} hundredths of a second. */
    void add(PixelImage frame, int delayCentis) throws IOException {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame is " + frame.width() + "x" + frame.height() + ", the animation " + width + "x" + height);
        }
        byte[] indexed = new byte[width * height];
        int[] argb = frame.argb();
        for (int i = 0; i < indexed.length; i++) indexed[i] = (byte) palette.index(argb[i]);
        int x0 = 0, y0 = 0, x1 = width, y1 = height;
        if (previous != null) {
            // The changed rectangle; a frame that changed nothing still needs one pixel for its delay.
            x0 = width;
            y0 = height;
            x1 = 0;
            y1 = 0;
            for (int y = 0; y < height; y++) {
                int row = y * width;
                for (int x = 0; x < width; x++) {
                    if (indexed[row + x] != previous[row + x]) {
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x + 1);
                        y0 = Math.min(y0, y);
                        y1 = Math.max(y1, y + 1);
                    }
                }
            }
            if (x1 <= x0) {
                x0 = 0;
                y0 = 0;
                x1 = 1;
                y1 = 1;
            }
        }
        int w = x1 - x0, h = y1 - y0;
        BufferedImage part = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, palette.colorModel());
        byte[] dst = ((DataBufferByte) part.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) System.arraycopy(indexed, (y0 + y) * width + x0, dst, y * w, w);
        ImageWriteParam param = writer.getDefaultWriteParam();
        // Not createFromRenderedImage: for an indexed image it answers the default palette, not this one.
        IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(part.getColorModel(), part.getSampleModel()), param);
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
        for (int i = root.getLength() - 1; i >= 0; i--) {
            if (root.item(i).getNodeName().equals("LocalColorTable")) root.removeChild(root.item(i)); // the global one serves
        }
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("interlaceFlag", "FALSE");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(x0));
        descriptor.setAttribute("imageTopPosition", Integer.toString(y0));
        descriptor.setAttribute("imageWidth", Integer.toString(w));
        descriptor.setAttribute("imageHeight", Integer.toString(h));
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "doNotDispose");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("transparentColorIndex", "0");
        control.setAttribute("delayTime", Integer.toString(delayCentis));
        if (frames == 0) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0: forever
            apps.appendChild(loop);
        }
        meta.setFromTree(FORMAT, root);
        writer.writeToSequence(new IIOImage(part, null, meta), param);
        previous = indexed;
        frames++;
    }

    int frames() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        try {
            if (frames > 0) writer.endWriteSequence();
            ios.flush();
        } finally {
            writer.dispose();
            ios.close();
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equals(name)) return (IIOMetadataNode) parent.item(i);
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        parent.appendChild(n);
        return n;
    }
}
