package reslab.engine.train;

/** Training produced NaN or infinity; the weights of the last good step were kept. */
public final class DivergenceException extends RuntimeException {
    private final long step;
    private final String where;

    public DivergenceException(long step, String where) {
        super("training diverged at step " + step + ": " + where
                + " became NaN or infinite (try a smaller learning rate)");
        this.step = step;
        this.where = where;
    }

    public long step() { return step; }

    /** The first place the bad value appeared: "loss" or a node/parameter name. */
    public String where() { return where; }
}
