package reslab.engine.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.spec.Padding;

/**
 * Shortcut options B and C: a 1x1 convolution with stride s and no bias, then batch
 * normalisation if asked (torchvision's "downsample"). On a flat input the projection is a
 * Dense layer without bias. x: [batch, in, h, w] to [batch, out, ceil(h / s), ceil(w / s)],
 * or [batch, in] to [batch, out]. Parameters under this node's name: {@code .W} (and
 * {@code .gamma}, {@code .beta}); state {@code .running_mean}, {@code .running_var}.
 */
public final class ProjectionShortcut extends UnaryLayer {
    private final UnaryLayer projection;   // Conv2D [out, in, 1, 1] or Dense [in, out]
    private final BatchNorm norm;          // or null

    /**
     * @param w    [out, in, 1, 1] for images, [in, out] for flat inputs
     * @param norm batch normalisation after the projection, or null
     */
    public ProjectionShortcut(String name, INDArray w, int stride, BatchNorm norm) {
        super(name);
        if (w.rank() == 4) {
            if (w.size(2) != 1 || w.size(3) != 1) {
                throw new IllegalArgumentException(name + ": projection weights must be [out, in, 1, 1], got "
                        + java.util.Arrays.toString(w.shape()));
            }
            this.projection = new Conv2D(name, w, null, stride, stride, Padding.VALID);
        } else {
            if (stride != 1) throw new IllegalArgumentException(name + ": a flat input has no rows to subsample, stride must be 1");
            this.projection = new Dense(name, w, null);
        }
        if (norm != null && !norm.name().equals(name)) {
            throw new IllegalArgumentException(name + ": its batch norm must carry the same name, got " + norm.name());
        }
        this.norm = norm;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training) {
        INDArray p = projection.forward(x, training);              // [batch, out(, h', w')]
        return norm == null ? p : norm.forward(p, training);
    }

    @Override
    protected INDArray backward1(INDArray dy) {
        INDArray dp = norm == null ? dy : norm.backward1(dy);
        return projection.backward1(dp);                           // dx: [batch, in(, h, w)]
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(projection.parameters());
        if (norm != null) ps.addAll(norm.parameters());
        return List.copyOf(ps);
    }

    @Override
    public Map<String, INDArray> state() {
        return norm == null ? Map.of() : norm.state();
    }

    @Override
    public void reuseBuffers(boolean on) {
        projection.reuseBuffers(on);
        if (norm != null) norm.reuseBuffers(on);
    }

    @Override
    public void clearCache() {
        projection.clearCache();
        if (norm != null) norm.clearCache();
    }
}
