package reslab.engine.spec;

/**
 * A residual gate ("Learning Identity Mappings with Residual Gates", Savarese et al.): one
 * learned scalar k (initialised to 1), g = ReLU(k). Inputs, in this order: the block input x
 * (shortcut) and the branch output f(x). Output:
 * PLAIN: u = g f(x) + (1 - g) x;  RESIDUAL: u = g f(x) + x.
 */
public record GateSpec(Kind gateKind) implements LayerSpec {
    public enum Kind { PLAIN, RESIDUAL }

    public String kind() { return "Gate"; }
    public int arity() { return 2; }
}
