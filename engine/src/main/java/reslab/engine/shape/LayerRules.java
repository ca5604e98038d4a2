package reslab.engine.shape;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * The rule of every layer kind: output shape per example, trainable parameters and
 * multiply-adds of one example, or diagnostics (with fixes) when the node cannot work.
 *
 * <p>Conventions (DESIGN.md): parameters are weights + biases + BN gamma/beta (running
 * statistics are state, not parameters) + a gate's k; multiply-adds count convolutions, dense
 * layers and projection shortcuts (their 1x1 convolution); BN, pooling, activations, adds and
 * gates count 0.
 */
final class LayerRules {
    private LayerRules() {}

    /** A sliding window's geometry, shared by convolution and pooling. */
    private record Window(int kernelH, int kernelW, int strideH, int strideW, Padding padding) {}

    /** Rebuilds a windowed layer with another geometry, for fixes. */
    private interface WindowedLayer {
        LayerSpec with(Window w);
    }

    /** Facts of a node whose inputs are valid and already counted ({@code in} holds their shapes). */
    static NodeInfo infer(NodeSpec node, List<Shape> in, InferenceContext cx) {
        try {
            return rule(node, in, cx);
        } catch (ArithmeticException overflow) {
            return invalid(node, cx, Diagnostic.of(node.id(), "too-large",
                    "is too large to count: a size, parameter count or multiply-add count overflows"));
        }
    }

    private static NodeInfo rule(NodeSpec node, List<Shape> in, InferenceContext cx) {
        LayerSpec layer = node.layer();
        if (layer instanceof InputSpec s) return input(node, s, cx);
        if (layer instanceof DenseSpec s) return dense(node, s, in.get(0), cx);
        if (layer instanceof Conv2DSpec s) {
            Window w = new Window(s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padding());
            return conv(node, s, w, in.get(0), cx);
        }
        if (layer instanceof MaxPoolSpec s) {
            return pool(node, new Window(s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padding()),
                    w -> new MaxPoolSpec(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padding()), in.get(0), cx);
        }
        if (layer instanceof AvgPoolSpec s) {
            return pool(node, new Window(s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padding()),
                    w -> new AvgPoolSpec(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padding()), in.get(0), cx);
        }
        if (layer instanceof BatchNormSpec s) return batchNorm(node, s, in.get(0), cx);
        if (layer instanceof GlobalAvgPoolSpec) return globalAvgPool(node, in.get(0), cx);
        if (layer instanceof FlattenSpec) return valid(node, Shape.of(toDim(in.get(0).size())), 0, 0);
        if (layer instanceof DropoutSpec s) return dropout(node, s, in.get(0), cx);
        if (layer instanceof LeakyReluSpec s) return leakyRelu(node, s, in.get(0), cx);
        if (layer instanceof SigmoidSpec || layer instanceof TanhSpec || layer instanceof ReluSpec) {
            return valid(node, in.get(0), 0, 0);
        }
        if (layer instanceof AddSpec) return join(node, in, 0, "add-mismatch", cx);
        if (layer instanceof GateSpec s) {
            if (s.gateKind() == null) {
                return invalid(node, cx, Diagnostic.of(node.id(), "bad-value", "Gate needs a kind, PLAIN or RESIDUAL"));
            }
            return join(node, in, 1, "gate-mismatch", cx); // the one scalar k
        }
        if (layer instanceof ZeroPadShortcutSpec s) return zeroPad(node, s, in.get(0), cx);
        if (layer instanceof ProjectionShortcutSpec s) return projection(node, s, in.get(0), cx);
        throw new IllegalStateException("no shape rule for " + layer.kind());
    }

    // ---- layers ----

    private static NodeInfo input(NodeSpec node, InputSpec s, InferenceContext cx) {
        Shape shape = s.shape();
        if (shape == null || shape.rank() == 0) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-rank", "Input needs a shape: [features] or [channels, height, width]"));
        }
        if (!shape.allPositive()) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-size", "input size must be positive, got " + shape, shape.toString()));
        }
        if (shape.rank() == 2) {
            // A grey image given as [h, w]: the layers expect the channel axis first.
            Shape withChannel = Shape.of(1, shape.dim(0), shape.dim(1));
            Fix fix = Fix.of("input-add-channel", "use shape " + withChannel + " (one channel)",
                    List.of(new GraphEdit.ReplaceLayer(node.id(), new InputSpec(withChannel))), 0, 0);
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-rank", "Input shape " + shape
                    + " has two axes; use [features] or [channels, height, width]", shape.toString()).withFixes(List.of(fix)));
        }
        if (shape.rank() != 1 && shape.rank() != 3) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-rank", "Input shape " + shape
                    + " has " + shape.rank() + " axes; use [features] or [channels, height, width]", shape.toString()));
        }
        return valid(node, shape, 0, 0);
    }

    private static NodeInfo dense(NodeSpec node, DenseSpec s, Shape in, InferenceContext cx) {
        if (s.units() <= 0) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-size", "units must be positive, got " + s.units(), s.units()));
        }
        if (in.rank() != 1) {
            List<Fix> fixes = cx.wantsFixes() ? flattenFixes(node, in, cx) : List.of();
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-rank", "Dense needs a flat input but '" + node.inputs().get(0)
                    + "' gives an image " + in + "; insert a Flatten (keeps every value) or a GlobalAvgPool (one mean per "
                    + "channel) before it", in.toString()).withFixes(fixes));
        }
        long n = in.dim(0);
        long weights = Math.multiplyExact(n, (long) s.units());
        return valid(node, Shape.of(s.units()), weights + (s.bias() ? s.units() : 0), weights);
    }

    /** Flatten keeps c*h*w features, GlobalAvgPool keeps c: the Dense's cost is what differs. */
    private static List<Fix> flattenFixes(NodeSpec dense, Shape image, InferenceContext cx) {
        List<Fix> fixes = new ArrayList<>();
        String source = dense.inputs().get(0);
        String[] codes = {"insert-flatten", "insert-global-avg-pool"};
        LayerSpec[] inserted = {new FlattenSpec(), new GlobalAvgPoolSpec()};
        String[] names = {"flatten", "global-avg-pool"};
        for (int i = 0; i < 2; i++) {
            NodeSpec node = new NodeSpec(cx.freshId(idNear(dense, names[i]), java.util.Set.of()), inserted[i], List.of(source), dense.block());
            Shape flat = infer(node, List.of(image), InferenceContext.quiet()).outputShape();
            NodeInfo after = infer(dense, List.of(flat), InferenceContext.quiet());
            if (!after.valid()) continue;
            String what = i == 0 ? "Flatten " + image + " to " + flat : "GlobalAvgPool " + image + " to " + flat;
            fixes.add(Fix.of(codes[i], what + " before '" + dense.id() + "' (" + after.params() + " parameters in '"
                    + dense.id() + "')", List.of(new GraphEdit.InsertOnEdge(source, dense.id(), 0, node)),
                    after.params(), after.multiplyAdds()));
        }
        return fixes;
    }

    private static NodeInfo conv(NodeSpec node, Conv2DSpec s, Window w, Shape in, InferenceContext cx) {
        List<Diagnostic> problems = new ArrayList<>();
        if (s.filters() <= 0) {
            problems.add(Diagnostic.of(node.id(), "bad-size", "filters must be positive, got " + s.filters(), s.filters()));
        }
        WindowedLayer rebuild = x -> new Conv2DSpec(s.filters(), x.kernelH(), x.kernelW(), x.strideH(), x.strideW(),
                x.padding(), s.bias(), s.init());
        problems.addAll(windowConfigProblems(node, w, false, rebuild, in, cx));
        if (!problems.isEmpty()) return invalid(node, cx, problems);
        int[] out = windowOutput(node, w, rebuild, in, cx);
        if (out == null) return invalidQuietly(node);
        long c = in.dim(0);
        long perOutput = Math.multiplyExact(Math.multiplyExact(c, (long) w.kernelH()), (long) w.kernelW());
        long weights = Math.multiplyExact(perOutput, (long) s.filters());
        long macs = Math.multiplyExact(weights, Math.multiplyExact((long) out[0], (long) out[1]));
        return valid(node, Shape.of(s.filters(), out[0], out[1]), weights + (s.bias() ? s.filters() : 0), macs);
    }

    private static NodeInfo pool(NodeSpec node, Window w, WindowedLayer rebuild, Shape in, InferenceContext cx) {
        List<Diagnostic> problems = windowConfigProblems(node, w, true, rebuild, in, cx);
        if (!problems.isEmpty()) return invalid(node, cx, problems);
        int[] out = windowOutput(node, w, rebuild, in, cx);
        if (out == null) return invalidQuietly(node);
        return valid(node, Shape.of(in.dim(0), out[0], out[1]), 0, 0);
    }

    /**
     * Problems with a window's own settings and with the rank of its input: sizes and strides
     * must be positive, explicit padding not negative, and (pooling) at most half the kernel,
     * as PyTorch requires: a window of padding alone has no maximum and nothing to average.
     */
    private static List<Diagnostic> windowConfigProblems(NodeSpec node, Window w, boolean pooling, WindowedLayer rebuild,
                                                         Shape in, InferenceContext cx) {
        String kind = node.layer().kind();
        List<Diagnostic> problems = new ArrayList<>();
        if (w.kernelH() <= 0 || w.kernelW() <= 0) {
            problems.add(Diagnostic.of(node.id(), "bad-size", "kernel must be positive, got " + w.kernelH() + "x" + w.kernelW(),
                    w.kernelH(), w.kernelW()));
        }
        if (w.strideH() <= 0 || w.strideW() <= 0) {
            Window one = new Window(w.kernelH(), w.kernelW(), Math.max(w.strideH(), 1), Math.max(w.strideW(), 1), w.padding());
            problems.add(Diagnostic.of(node.id(), "bad-size", "stride must be positive, got " + w.strideH() + "x" + w.strideW(),
                    w.strideH(), w.strideW()).withFixes(replaceFixes(node, "set-stride-1", "set the stride to 1",
                    rebuild.with(one), in, cx)));
        }
        Padding p = w.padding();
        if (p == null) {
            problems.add(Diagnostic.of(node.id(), "bad-size", kind + " needs a padding: same, valid or explicit"));
        } else if (p.mode() == Padding.Mode.EXPLICIT && (p.h() < 0 || p.w() < 0)) {
            Window zero = new Window(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), Padding.explicit(Math.max(p.h(), 0), Math.max(p.w(), 0)));
            problems.add(Diagnostic.of(node.id(), "bad-size", "padding must not be negative, got " + p, p.h(), p.w())
                    .withFixes(replaceFixes(node, "set-padding-0", "set the negative padding to 0", rebuild.with(zero), in, cx)));
        } else if (pooling && p.mode() == Padding.Mode.EXPLICIT && w.kernelH() > 0 && w.kernelW() > 0
                && (2 * p.h() > w.kernelH() || 2 * p.w() > w.kernelW())) {
            Padding half = Padding.explicit(Math.min(p.h(), w.kernelH() / 2), Math.min(p.w(), w.kernelW() / 2));
            Window fitted = new Window(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), half);
            problems.add(Diagnostic.of(node.id(), "bad-padding", "padding " + p + " is more than half the " + w.kernelH() + "x"
                    + w.kernelW() + " window, so some windows would hold padding only", p.toString())
                    .withFixes(replaceFixes(node, "set-padding-half", "use padding " + half, rebuild.with(fitted), in, cx)));
        }
        if (problems.isEmpty() && in.rank() != 3) {
            problems.add(Diagnostic.of(node.id(), "bad-rank", kind + " needs an image [channels, height, width] but '"
                    + node.inputs().get(0) + "' gives a flat " + in + "; give the Input a [channels, height, width] shape, "
                    + "or use Dense layers here", in.toString()));
        }
        return problems;
    }

    /** {h', w'}, or null after reporting that the window does not fit the (padded) input. */
    private static int[] windowOutput(NodeSpec node, Window w, WindowedLayer rebuild, Shape in, InferenceContext cx) {
        Padding p = w.padding();
        long h = Windows.outputLength(in.dim(1), w.kernelH(), w.strideH(), p.mode(), p.h());
        long wd = Windows.outputLength(in.dim(2), w.kernelW(), w.strideW(), p.mode(), p.w());
        if (h > 0 && wd > 0) return new int[] {toDim(h), toDim(wd)};
        long paddedH = Windows.paddedLength(in.dim(1), p.mode(), p.h());
        long paddedW = Windows.paddedLength(in.dim(2), p.mode(), p.w());
        List<Fix> fixes = new ArrayList<>();
        if (cx.wantsFixes()) {
            fixes.addAll(replaceFixes(node, "set-padding-same", "use SAME padding (output " + Windows.ceilDiv(in.dim(1), w.strideH())
                    + "x" + Windows.ceilDiv(in.dim(2), w.strideW()) + ")",
                    rebuild.with(new Window(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), Padding.SAME)), in, cx));
            int kh = (int) Math.min(w.kernelH(), paddedH), kw = (int) Math.min(w.kernelW(), paddedW);
            fixes.addAll(replaceFixes(node, "shrink-kernel", "use a " + kh + "x" + kw + " kernel",
                    rebuild.with(new Window(kh, kw, w.strideH(), w.strideW(), p)), in, cx));
        }
        cx.report(Diagnostic.of(node.id(), "window-too-large", "its " + w.kernelH() + "x" + w.kernelW() + " window does not fit the "
                + (p.mode() == Padding.Mode.EXPLICIT ? "padded input " + paddedH + "x" + paddedW : "input " + in.dim(1) + "x" + in.dim(2))
                + " from '" + node.inputs().get(0) + "' (" + in + "), so there is no output", w.kernelH(), w.kernelW(), paddedH, paddedW)
                .withFixes(fixes));
        return null;
    }

    private static NodeInfo batchNorm(NodeSpec node, BatchNormSpec s, Shape in, InferenceContext cx) {
        if (!(s.epsilon() > 0 && Double.isFinite(s.epsilon()) && s.momentum() >= 0 && s.momentum() <= 1)) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-value", "BatchNorm needs epsilon > 0 and momentum in [0, 1], got "
                    + "epsilon " + s.epsilon() + ", momentum " + s.momentum(), s.epsilon(), s.momentum())
                    .withFixes(replaceFixes(node, "set-batchnorm-defaults", "use epsilon 1e-5 and momentum 0.1",
                            BatchNormSpec.DEFAULT, in, cx)));
        }
        // Inputs are [features] or [channels, h, w] (the Input rule guarantees it): gamma and beta per dim(0).
        return valid(node, in, 2L * in.dim(0), 0);
    }

    private static NodeInfo globalAvgPool(NodeSpec node, Shape in, InferenceContext cx) {
        if (in.rank() != 3) {
            Fix bypass = Fix.of("remove-node", "remove '" + node.id() + "': its input is already flat",
                    List.of(new GraphEdit.RemoveNode(node.id())), 0, 0);
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-rank", "GlobalAvgPool needs an image [channels, height, width] but '"
                    + node.inputs().get(0) + "' gives a flat " + in, in.toString()).withFixes(List.of(bypass)));
        }
        return valid(node, Shape.of(in.dim(0)), 0, 0);
    }

    private static NodeInfo dropout(NodeSpec node, DropoutSpec s, Shape in, InferenceContext cx) {
        if (!(s.rate() >= 0 && s.rate() < 1)) {
            // Rate 1 drops everything and scales by 1/0; a negative rate means nothing.
            double suggested = s.rate() < 0 ? 0.0 : 0.5;
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-rate", "dropout rate must be in [0, 1), got " + s.rate(), s.rate())
                    .withFixes(replaceFixes(node, "set-rate", "use rate " + suggested, new DropoutSpec(suggested), in, cx)));
        }
        return valid(node, in, 0, 0);
    }

    private static NodeInfo leakyRelu(NodeSpec node, LeakyReluSpec s, Shape in, InferenceContext cx) {
        if (!Double.isFinite(s.alpha())) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-value", "LeakyReLU slope must be a finite number, got " + s.alpha(), s.alpha())
                    .withFixes(replaceFixes(node, "set-slope", "use slope 0.01", new LeakyReluSpec(0.01), in, cx)));
        }
        return valid(node, in, 0, 0);
    }

    /** Add and Gate: every input the same shape; otherwise the shortcut options. */
    private static NodeInfo join(NodeSpec node, List<Shape> in, long params, String code, InferenceContext cx) {
        boolean same = true;
        for (Shape s : in) same &= s.equals(in.get(0));
        if (same) return valid(node, in.get(0), params, 0);
        StringBuilder shapes = new StringBuilder();
        for (int i = 0; i < in.size(); i++) {
            if (i > 0) shapes.append(i == in.size() - 1 ? " and " : ", ");
            shapes.append(in.get(i)).append(" ('").append(node.inputs().get(i)).append("')");
        }
        List<Fix> fixes = cx.wantsFixes() ? ShortcutFixes.forJoin(node, in, cx) : List.of();
        String advice = fixes.isEmpty()
                ? "; no shortcut can match these (a shortcut changes an image's channels and subsamples it, or a flat "
                        + "input's width; it cannot enlarge an image or turn it flat)"
                : "; match them with a shortcut (A: zero-pad, B/C: 1x1 projection)";
        String what = node.layer() instanceof GateSpec ? "gates" : "adds";
        return invalid(node, cx, new Diagnostic(node.id(), code, what + " inputs of different shapes " + shapes + advice,
                new ArrayList<>(in.stream().map(Shape::toString).toList()), fixes));
    }

    private static NodeInfo zeroPad(NodeSpec node, ZeroPadShortcutSpec s, Shape in, InferenceContext cx) {
        if (s.outChannels() <= 0 || s.stride() <= 0) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-size", "Shortcut A needs positive channels and stride, got "
                    + s.outChannels() + " channels, stride " + s.stride(), s.outChannels(), s.stride()));
        }
        if (in.rank() == 1 && s.stride() != 1) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-size", "a flat input has no rows to subsample: stride must be 1, got "
                    + s.stride(), s.stride()).withFixes(replaceFixes(node, "set-stride-1", "set the stride to 1",
                    new ZeroPadShortcutSpec(s.outChannels(), 1), in, cx)));
        }
        if (s.outChannels() < in.dim(0)) {
            String unit = in.rank() == 1 ? " features" : " channels";
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-size", "Shortcut A can only widen: " + in.dim(0) + unit
                    + " cannot be padded to " + s.outChannels(), in.dim(0), s.outChannels()));
        }
        Shape out = in.rank() == 1 ? Shape.of(s.outChannels())
                : Shape.of(s.outChannels(), toDim(Windows.ceilDiv(in.dim(1), s.stride())), toDim(Windows.ceilDiv(in.dim(2), s.stride())));
        return valid(node, out, 0, 0);
    }

    private static NodeInfo projection(NodeSpec node, ProjectionShortcutSpec s, Shape in, InferenceContext cx) {
        if (s.outChannels() <= 0 || s.stride() <= 0) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-size", "Shortcut B/C needs positive channels and stride, got "
                    + s.outChannels() + " channels, stride " + s.stride(), s.outChannels(), s.stride()));
        }
        if (in.rank() == 1 && s.stride() != 1) {
            return invalid(node, cx, Diagnostic.of(node.id(), "bad-size", "a flat input has no rows to subsample: stride must be 1, got "
                    + s.stride(), s.stride()).withFixes(replaceFixes(node, "set-stride-1", "set the stride to 1",
                    new ProjectionShortcutSpec(s.outChannels(), 1, s.batchNorm(), s.init()), in, cx)));
        }
        long weights = Math.multiplyExact((long) in.dim(0), (long) s.outChannels());
        long bn = s.batchNorm() ? 2L * s.outChannels() : 0;
        if (in.rank() == 1) return valid(node, Shape.of(s.outChannels()), weights + bn, weights);
        // A 1x1 window with stride s and no padding: floor((h - 1) / s) + 1 = ceil(h / s).
        int h = toDim(Windows.ceilDiv(in.dim(1), s.stride())), w = toDim(Windows.ceilDiv(in.dim(2), s.stride()));
        return valid(node, Shape.of(s.outChannels(), h, w), weights + bn, Math.multiplyExact(weights, (long) h * w));
    }

    // ---- helpers ----

    /**
     * A fix that gives {@code node} the configuration {@code replacement}, offered only if the
     * same rules accept it; its cost is the node's once replaced.
     */
    private static List<Fix> replaceFixes(NodeSpec node, String code, String description, LayerSpec replacement,
                                          Shape in, InferenceContext cx) {
        if (!cx.wantsFixes()) return List.of();
        NodeSpec candidate = new NodeSpec(node.id(), replacement, node.inputs(), node.block());
        NodeInfo after = infer(candidate, List.of(in), InferenceContext.quiet());
        if (!after.valid()) return List.of();
        return List.of(Fix.of(code, description, List.of(new GraphEdit.ReplaceLayer(node.id(), replacement)),
                after.params(), after.multiplyAdds()));
    }

    /** A name for a node inserted in front of {@code consumer}: inside its block when it has one. */
    static String idNear(NodeSpec consumer, String name) {
        return (consumer.block() != null ? consumer.block() + "." : consumer.id() + ".") + name;
    }

    static int toDim(long n) {
        return Math.toIntExact(n);
    }

    static NodeInfo valid(NodeSpec node, Shape shape, long params, long multiplyAdds) {
        return new NodeInfo(node.id(), node.layer().kind(), shape, params, multiplyAdds);
    }

    static NodeInfo invalid(NodeSpec node, InferenceContext cx, Diagnostic d) {
        cx.report(d);
        return invalidQuietly(node);
    }

    private static NodeInfo invalid(NodeSpec node, InferenceContext cx, List<Diagnostic> ds) {
        for (Diagnostic d : ds) cx.report(d);
        return invalidQuietly(node);
    }

    static NodeInfo invalidQuietly(NodeSpec node) {
        return new NodeInfo(node.id(), node.layer().kind(), null, 0, 0);
    }
}
