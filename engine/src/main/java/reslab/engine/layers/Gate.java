package reslab.engine.layers;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.GateSpec;

/**
 * A residual gate (Savarese et al., "Learning Identity Mappings with Residual Gates"): one
 * learned scalar k, g = ReLU(k). Inputs, in order: the block input x and the branch f(x),
 * same shape.
 * PLAIN:    u = g f + (1 - g) x;  dx = (1 - g) du, df = g du, dk = g'(k) sum(du (f - x)).
 * RESIDUAL: u = g f + x;          dx = du,         df = g du, dk = g'(k) sum(du f).
 * g'(k) = 1 for k > 0 and 0 otherwise (ReLU's derivative, 0 at the kink): once k falls to
 * zero or below, the gate is shut and stays so.
 */
public final class Gate implements Layer {
    private final String name;
    private final GateSpec.Kind kind;
    private final Parameter k;       // [1], init 1
    private INDArray x, f;           // the last forward's inputs
    private double g;                // the gate value of the last forward

    public Gate(String name, GateSpec.Kind kind, INDArray k) {
        if (k.length() != 1) throw new IllegalArgumentException(name + ": k is one scalar, got " + Arrays.toString(k.shape()));
        this.name = name;
        this.kind = kind;
        this.k = new Parameter(name, Parameter.Role.GATE, k);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray[] inputs, boolean training) {
        if (inputs.length != 2) throw new IllegalArgumentException(name + ": Gate takes the block input and the branch, got "
                + inputs.length + " inputs");
        INDArray x = inputs[0], f = inputs[1];
        if (!Arrays.equals(x.shape(), f.shape())) {
            throw new IllegalArgumentException(name + ": the branch " + Arrays.toString(f.shape())
                    + " must have the block input's shape " + Arrays.toString(x.shape()) + "; the shortcut needs option A, B or C");
        }
        this.x = x;
        this.f = f;
        this.g = gateValue();
        INDArray u = f.mul(g);                                               // g f
        return kind == GateSpec.Kind.PLAIN ? u.addi(x.mul(1 - g)) : u.addi(x);
    }

    @Override
    public INDArray[] backward(INDArray du) {
        if (x == null) throw new IllegalStateException(name + ": backward called before forward");
        NativeOps.requireGradShape(name, du, x.shape());
        if (k.value().getDouble(0) > 0) {                                   // g'(k) = 1
            INDArray through = kind == GateSpec.Kind.PLAIN ? f.sub(x) : f;    // du/dg
            k.grad().addi(du.mul(through).sumNumber().doubleValue());
        }
        INDArray dx = kind == GateSpec.Kind.PLAIN ? du.mul(1 - g) : du;     // RESIDUAL: shared, read-only
        return new INDArray[] {dx, du.mul(g)};
    }

    /** g = max(k, 0) at the current k. */
    public double gateValue() {
        return Math.max(k.value().getDouble(0), 0.0);
    }

    public GateSpec.Kind kind() {
        return kind;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(k);
    }

    @Override
    public void clearCache() {
        x = null;
        f = null;
    }
}
