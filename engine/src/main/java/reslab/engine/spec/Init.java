package reslab.engine.spec;

/** How a weight tensor is initialised. fanIn/fanOut are per output unit, as usual. */
public enum Init {
    /** U(-a, a), a = sqrt(6 / (fanIn + fanOut)). Glorot and Bengio 2010. */
    GLOROT_UNIFORM,
    /** N(0, 2 / fanIn). He et al. 2015. */
    HE_NORMAL,
    /** The "standard" heuristic U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    STANDARD_UNIFORM
}
