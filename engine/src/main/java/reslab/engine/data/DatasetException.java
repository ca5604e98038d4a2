package reslab.engine.data;

/**
 * A dataset could not be read or does not fit: the message names the file (or dataset) and
 * the problem in words, ready to show as is ("t10k-labels-idx1-ubyte.gz: 9,999 labels but
 * 10,000 images in t10k-images-idx3-ubyte.gz").
 */
public final class DatasetException extends Exception {
    private final String source;
    private final String problem;

    public DatasetException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    public DatasetException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file, folder or dataset the problem is in. */
    public String source() { return source; }

    /** The problem, without the source. */
    public String problem() { return problem; }
}
