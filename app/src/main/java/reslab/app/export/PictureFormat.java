package reslab.app.export;

/** The picture files: PNG at one or two pixels per unit, or SVG. */
public enum PictureFormat {
    PNG("png", 1, ""),
    PNG_2X("png", 2, "@2x"),
    SVG("svg", 1, "");

    private final String extension;
    private final double scale;
    private final String nameSuffix;

    PictureFormat(String extension, double scale, String nameSuffix) {
        this.extension = extension;
        this.scale = scale;
        this.nameSuffix = nameSuffix;
    }

    public String extension() { return extension; }
    public double scale() { return scale; }
    /** Added to a suggested file name ("loss@2x.png"), as slide programs and web pages name 2x pictures. */
    public String nameSuffix() { return nameSuffix; }
}
