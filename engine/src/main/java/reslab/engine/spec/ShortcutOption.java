package reslab.engine.spec;

/** How a residual shortcut matches sizes, named as in the ResNet paper (He et al. 2015, 3.3). */
public enum ShortcutOption {
    /** A: identity; where the size changes, stride-2 subsampling and zero-padded channels. No parameters. */
    A_ZERO_PAD,
    /** B: identity where sizes match, 1x1 projection (+ BN) only where they change. */
    B_PROJECTION_WHERE_NEEDED,
    /** C: 1x1 projection (+ BN) on every shortcut. */
    C_PROJECTION_ALWAYS
}
