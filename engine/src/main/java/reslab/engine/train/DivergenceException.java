package reslab.engine.train;

/**
 * Training produced NaN or infinity. Nothing of the failed step was applied: the weights,
 * optimizer state and layer state (e.g. batch-norm running statistics) are those of the last
 * good step.
 */
public final class DivergenceException extends RuntimeException {
    /** Where the bad value was found. */
    public enum Kind {
        /** The batch loss; {@link #layer()} is the first node, in forward order, whose output was not finite. */
        LOSS,
        /**
         * A gradient, with a finite loss; {@link #layer()} is where backpropagation first produced
         * a non-finite value (walking from the output towards the input, the order it runs in).
         */
        GRADIENT,
        /** The update would make a weight (or the optimizer's state) non-finite; {@link #layer()} is the first such layer in forward order. */
        WEIGHT
    }

    private final long step;
    private final Kind kind;
    private final String layer;
    private final String where;

    /**
     * @param where what became non-finite: "loss", "gradient of dense3.W", "weight dense3.W", ...
     * @param layer the node it is attributed to, or null when no node is to blame
     */
    public DivergenceException(long step, Kind kind, String where, String layer, String detail) {
        this(step, kind, where, layer, detail, "try a smaller learning rate");
    }

    /** @param advice what to try, e.g. "check the dataset" */
    public DivergenceException(long step, Kind kind, String where, String layer, String detail, String advice) {
        super("training diverged at step " + step + ": " + where + " became NaN or infinite"
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
                + "; the last good weights are kept" + (advice == null || advice.isEmpty() ? "" : " (" + advice + ")"));
        this.step = step;
        this.kind = kind;
        this.where = where;
        this.layer = layer;
    }

    public DivergenceException(long step, String where) {
        this(step, Kind.LOSS, where, null, null);
    }

    public long step() { return step; }

    public Kind kind() { return kind; }

    /** What became non-finite: "loss", "gradient of dense3.W", "weight dense3.W", "optimizer state 'v' of dense3.W". */
    public String where() { return where; }

    /** The node id it is attributed to, or null. */
    public String layer() { return layer; }
}
