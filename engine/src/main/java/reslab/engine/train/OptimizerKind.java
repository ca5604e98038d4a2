package reslab.engine.train;

import java.util.Locale;

/** The update rules, each in PyTorch's form so results can be checked against it. */
public enum OptimizerKind {
    /** W -= lr g. */
    SGD,
    /** v = mu v + g;  W -= lr v  (torch.optim.SGD with momentum, dampening 0). */
    MOMENTUM,
    /** v = mu v + g;  W -= lr (g + mu v)  (torch.optim.SGD with nesterov=True). */
    NESTEROV,
    /**
     * Adam with bias correction (torch.optim.Adam); weight decay, if any, is L2: added to the
     * gradient before the moments, as torch.optim.Adam's weight_decay does.
     */
    ADAM,
    /** Adam with decoupled weight decay, W -= lr wd W beside the Adam step (torch.optim.AdamW). */
    ADAMW;

    /** The command-line and file name: "sgd", "momentum", "nesterov", "adam", "adamw". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OptimizerKind parse(String text) {
        for (OptimizerKind k : values()) if (k.id().equals(text.trim().toLowerCase(Locale.ROOT))) return k;
        throw new IllegalArgumentException("unknown optimizer '" + text + "' (sgd, momentum, nesterov, adam, adamw)");
    }
}
