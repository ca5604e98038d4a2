package reslab.engine.shape;

import reslab.engine.spec.Padding;

/** Output length of a sliding window (convolution or pooling) along one axis. */
final class Windows {
    private Windows() {}

    /**
     * VALID: floor((in - k) / s) + 1; EXPLICIT: floor((in + 2p - k) / s) + 1; SAME: ceil(in / s).
     * Returns 0 when the window is larger than the (padded) input, so no output exists.
     * Preconditions (checked by the caller): in, k, s > 0 and p >= 0.
     */
    static long outputLength(int in, int kernel, int stride, Padding.Mode mode, int pad) {
        if (mode == Padding.Mode.SAME) return ceilDiv(in, stride);
        long padded = in + 2L * (mode == Padding.Mode.EXPLICIT ? pad : 0);
        // Checked first: Java's division truncates towards zero, so (padded - k) / s + 1 would be 1 for -1 / 2.
        if (padded < kernel) return 0;
        return (padded - kernel) / stride + 1;
    }

    /** Input length plus the zeros on both sides (SAME counts none: it pads only as needed). */
    static long paddedLength(int in, Padding.Mode mode, int pad) {
        return in + 2L * (mode == Padding.Mode.EXPLICIT ? pad : 0);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
