package reslab.engine.shape;

import java.util.List;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * Stop-gap shape rules for the layer kinds added with the layers branch, just enough for the
 * executor to compile networks with them. The shape-inference branch replaces this file with
 * the full rules (diagnostics, fixes, costs): on merge, take that branch's ShapeInference and
 * delete this one.
 */
final class MinimalRules {
    private MinimalRules() {}

    /** Returns null for kinds this class does not know. */
    static NodeInfo infer(NodeSpec node, List<Shape> in, List<Diagnostic> out) {
        LayerSpec layer = node.layer();
        String id = node.id();
        Shape x = in.isEmpty() ? null : in.get(0);
        if (layer instanceof Conv2DSpec s) {
            Shape y = window(id, s.kind(), x, s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padding(), s.filters(), out);
            if (y == null) return new NodeInfo(id, s.kind(), null, 0, 0);
            long weights = (long) x.dim(0) * s.kernelH() * s.kernelW() * s.filters();
            return new NodeInfo(id, s.kind(), y, weights + (s.bias() ? s.filters() : 0), weights * y.dim(1) * y.dim(2));
        }
        if (layer instanceof MaxPoolSpec s) {
            return pooled(id, s.kind(), window(id, s.kind(), x, s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padding(), -1, out));
        }
        if (layer instanceof AvgPoolSpec s) {
            return pooled(id, s.kind(), window(id, s.kind(), x, s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padding(), -1, out));
        }
        if (layer instanceof BatchNormSpec s) return new NodeInfo(id, s.kind(), x, 2L * x.dim(0), 0);
        if (layer instanceof GlobalAvgPoolSpec s) {
            if (x.rank() != 3) return invalid(id, s.kind(), out, "GlobalAvgPool needs [channels, height, width], got " + x);
            return new NodeInfo(id, s.kind(), Shape.of(x.dim(0)), 0, 0);
        }
        if (layer instanceof FlattenSpec s) return new NodeInfo(id, s.kind(), Shape.of((int) x.size()), 0, 0);
        if (layer instanceof DropoutSpec || layer instanceof LeakyReluSpec) return new NodeInfo(id, layer.kind(), x, 0, 0);
        if (layer instanceof GateSpec s) {
            if (!in.get(1).equals(x)) {
                return invalid(id, s.kind(), out, "gates inputs of different shapes " + x + " and " + in.get(1));
            }
            return new NodeInfo(id, s.kind(), x, 1, 0);
        }
        if (layer instanceof ZeroPadShortcutSpec s) {
            if (s.outChannels() < x.dim(0) || (x.rank() == 1 && s.stride() != 1)) {
                return invalid(id, s.kind(), out, "Shortcut A cannot turn " + x + " into " + s.outChannels()
                        + " channels with stride " + s.stride());
            }
            return new NodeInfo(id, s.kind(), subsampled(x, s.outChannels(), s.stride()), 0, 0);
        }
        if (layer instanceof ProjectionShortcutSpec s) {
            if (x.rank() == 1 && s.stride() != 1) return invalid(id, s.kind(), out, "a flat input cannot be subsampled");
            Shape y = subsampled(x, s.outChannels(), s.stride());
            long weights = (long) x.dim(0) * s.outChannels();
            long area = y.rank() == 3 ? (long) y.dim(1) * y.dim(2) : 1;
            return new NodeInfo(id, s.kind(), y, weights + (s.batchNorm() ? 2L * s.outChannels() : 0), weights * area);
        }
        return null;
    }

    private static Shape subsampled(Shape x, int channels, int stride) {
        if (x.rank() == 1) return Shape.of(channels);
        return Shape.of(channels, (x.dim(1) + stride - 1) / stride, (x.dim(2) + stride - 1) / stride);
    }

    /** [c', h', w'] of a window over x, or null after a diagnostic. channels < 0 keeps x's. */
    private static Shape window(String id, String kind, Shape x, int kh, int kw, int sh, int sw, Padding p, int channels,
                                List<Diagnostic> out) {
        if (x.rank() != 3) {
            out.add(Diagnostic.of(id, "bad-rank", kind + " needs [channels, height, width], got " + x));
            return null;
        }
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0) {
            out.add(Diagnostic.of(id, "bad-size", kind + " needs a positive kernel and stride"));
            return null;
        }
        int h = length(x.dim(1), kh, sh, p, p.h()), w = length(x.dim(2), kw, sw, p, p.w());
        if (h <= 0 || w <= 0) {
            out.add(Diagnostic.of(id, "window-too-large", "its " + kh + "x" + kw + " window does not fit the input " + x));
            return null;
        }
        return Shape.of(channels < 0 ? x.dim(0) : channels, h, w);
    }

    private static int length(int in, int k, int s, Padding p, int pad) {
        return switch (p.mode()) {
            case SAME -> (in + s - 1) / s;
            case VALID -> in < k ? 0 : (in - k) / s + 1;
            case EXPLICIT -> in + 2 * pad < k ? 0 : (in + 2 * pad - k) / s + 1;
        };
    }

    private static NodeInfo pooled(String id, String kind, Shape y) {
        return new NodeInfo(id, kind, y, 0, 0);
    }

    private static NodeInfo invalid(String id, String kind, List<Diagnostic> out, String message) {
        out.add(Diagnostic.of(id, "bad-size", message));
        return new NodeInfo(id, kind, null, 0, 0);
    }
}
