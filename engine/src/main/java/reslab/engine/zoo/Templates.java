package reslab.engine.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.TrainingConfig;

/**
 * The template catalogue. Ids are stable: the CLI, project files and translations use them.
 * Families take their depth in the id and accept only the depths their paper trains:
 * {@code resnet<18|34>}, {@code plain<18|34>} (ImageNet), {@code resnet<20|32|44|56|110|1202>},
 * {@code plain<20|32|44|56|110>} (CIFAR, 6n+2), {@code gated-mlp-<d>} and
 * {@code gated-resnet-mlp-<d>} (d in 2, 10, 20, 50, 100), and the MLP chains
 * {@code chain-<activation>-<depth>[-residual]} (depth 1 to 1000).
 */
public final class Templates {
    private Templates() {}

    public static final long DEFAULT_SEED = 42;

    /**
     * Dataset ids the templates use, resolved by the data catalogue: the bundled MNIST and
     * Fashion-MNIST (padded or copied to three channels to fit a net's input), random data of
     * the net's input shape for the ImageNet-size nets, and CIFAR-10 from a folder the user
     * picks (no template defaults to it, since it cannot be bundled).
     */
    public static final String SPIRALS = "spirals", MNIST = "mnist", FASHION_MNIST = "fashion-mnist",
            CIFAR10 = "cifar10", SYNTHETIC = "synthetic";

    private static final Pattern CHAIN = Pattern.compile("chain-(sigmoid|tanh|relu|leakyrelu)-([1-9]\\d{0,3})(-residual)?");
    private static final Pattern FAMILY = Pattern.compile("(resnet|plain|vgg|gated-mlp-|gated-resnet-mlp-)(\\d{1,6})");
    private static final int CHAIN_WIDTH = 32;
    private static final int CHAIN_MAX_DEPTH = 1000;
    private static final List<Integer> IMAGENET_DEPTHS = List.of(18, 34);
    private static final List<Integer> CIFAR_RESNET_DEPTHS = List.of(20, 32, 44, 56, 110, 1202);
    private static final List<Integer> CIFAR_PLAIN_DEPTHS = List.of(20, 32, 44, 56, 110);
    private static final List<Integer> GATED_DEPTHS = List.of(2, 10, 20, 50, 100);

    /** The templates listed in choosers, in teaching order. Parameterised families accept more ids. */
    public static List<String> featured() {
        return List.of("chain-sigmoid-20", "chain-sigmoid-20-residual");
    }

    /**
     * Every fixed template and each family at its paper's depths, in teaching order: what a
     * full chooser or the builder's template menu lists. (Chains take any depth; two are listed.)
     */
    public static List<String> catalogue() {
        List<String> ids = new ArrayList<>(featured());
        ids.addAll(List.of("lenet5", "alexnet", "vgg16", "vgg19"));
        for (int d : CIFAR_PLAIN_DEPTHS) ids.add("plain" + d);
        for (int d : CIFAR_RESNET_DEPTHS) ids.add("resnet" + d);
        for (int d : IMAGENET_DEPTHS) {
            ids.add("plain" + d);
            ids.add("resnet" + d);
        }
        for (int d : GATED_DEPTHS) ids.add("gated-mlp-" + d);
        for (int d : GATED_DEPTHS) ids.add("gated-resnet-mlp-" + d);
        return ids;
    }

    public static Optional<Template> find(String id) {
        return Optional.ofNullable(resolve(id).template());
    }

    /**
     * Why {@code id} names no template, in one English sentence for the CLI and logs (a family
     * id with a depth its paper does not use says which depths exist), or null if it names one.
     */
    public static String whyUnknown(String id) {
        return resolve(id).problem();
    }

    /**
     * Every template the gallery shows, in teaching order: the catalogue with the other
     * activations' chains next to the sigmoid ones, and without ResNet-1202 (a curiosity that
     * takes seconds to draw).
     */
    public static List<String> gallery() {
        List<String> ids = new ArrayList<>(catalogue());
        ids.addAll(2, List.of("chain-tanh-20", "chain-tanh-20-residual", "chain-relu-20", "chain-relu-20-residual"));
        ids.remove("resnet1202");
        return ids;
    }

    /** A one-line hint for error messages. */
    public static String knownIdsHint() {
        return "known: " + String.join(", ", featured()) + ", lenet5, alexnet, vgg16, vgg19, resnet<18|34|20|32|44|56|110|1202>, "
                + "plain<18|34|20|32|44|56|110>, gated-mlp-<d>, gated-resnet-mlp-<d> (d = 2, 10, 20, 50, 100), "
                + "chain-<sigmoid|tanh|relu|leakyrelu>-<depth>[-residual]";
    }

    /** A template, or why there is none. */
    private record Resolution(Template template, String problem) {
        static Resolution found(Template t) {
            return new Resolution(t, null);
        }

        static Resolution unknown(String problem) {
            return new Resolution(null, problem);
        }
    }

    private static Resolution resolve(String id) {
        if (id.equals("lenet5")) return Resolution.found(ClassicNets.lenet5());
        if (id.equals("alexnet")) return Resolution.found(ClassicNets.alexnet());
        Matcher chain = CHAIN.matcher(id);
        if (chain.matches()) {
            int depth = Integer.parseInt(chain.group(2));
            if (depth > CHAIN_MAX_DEPTH) {
                return Resolution.unknown("'" + id + "': a chain has 1 to " + CHAIN_MAX_DEPTH + " layers, not " + depth);
            }
            return Resolution.found(chain(chain.group(1), depth, chain.group(3) != null));
        }
        Matcher family = FAMILY.matcher(id);
        if (family.matches()) return resolveFamily(id, family.group(1), Integer.parseInt(family.group(2)));
        return Resolution.unknown("unknown template '" + id + "'; " + knownIdsHint());
    }

    private static Resolution resolveFamily(String id, String family, int depth) {
        if (family.equals("vgg")) {
            if (depth == 16 || depth == 19) return Resolution.found(ClassicNets.vgg(depth));
            return Resolution.unknown("'" + id + "': VGG comes as vgg16 or vgg19");
        }
        if (family.equals("resnet")) {
            if (IMAGENET_DEPTHS.contains(depth)) return Resolution.found(ResidualNets.imagenet(depth, true));
            if (CIFAR_RESNET_DEPTHS.contains(depth)) return Resolution.found(ResidualNets.cifar(depth, true));
            if (depth == 50 || depth == 101 || depth == 152) {
                return Resolution.unknown("'" + id + "': ResNet-" + depth + " needs bottleneck blocks, which ResLab does "
                        + "not have; use resnet18 or resnet34");
            }
            return Resolution.unknown("'" + id + "': ResNets come in the paper's depths: 18 and 34 for 224x224 images, "
                    + "20, 32, 44, 56, 110 and 1202 (6n+2) for 32x32 images");
        }
        if (family.equals("plain")) {
            if (IMAGENET_DEPTHS.contains(depth)) return Resolution.found(ResidualNets.imagenet(depth, false));
            if (CIFAR_PLAIN_DEPTHS.contains(depth)) return Resolution.found(ResidualNets.cifar(depth, false));
            return Resolution.unknown("'" + id + "': plain nets come in the paper's depths: 18 and 34 for 224x224 images, "
                    + "20, 32, 44, 56 and 110 (6n+2) for 32x32 images");
        }
        GateSpec.Kind kind = family.equals("gated-mlp-") ? GateSpec.Kind.PLAIN : GateSpec.Kind.RESIDUAL;
        if (GATED_DEPTHS.contains(depth)) return Resolution.found(ResidualNets.gatedMlp(depth, kind));
        return Resolution.unknown("'" + id + "': the residual-gates paper's MNIST nets have depth 2, 10, 20, 50 or 100");
    }

    /**
     * Training defaults of a template: the engine's defaults with this batch size and learning
     * rate (momentum 0.9). The one place that builds a TrainingConfig for the zoo.
     */
    static TrainingConfig training(int batchSize, double learningRate) {
        TrainingConfig d = TrainingConfig.defaults(DEFAULT_SEED);
        return new TrainingConfig(d.seed(), batchSize, learningRate, d.momentum(), d.dataType(), d.telemetry());
    }

    /**
     * {@code depth} hidden layers of Dense(32) + activation on the two-spirals problem, then a
     * Dense output with one logit per class. With {@code residual}, every pair of hidden layers
     * gets a shortcut: u = x + act(W2 act(W1 x)); the first pair's shortcut zero-pads the
     * 2-D input to 32 features (option A), the others are identities.
     */
    public static Template chain(String activation, int depth, boolean residual) {
        String id = "chain-" + activation + "-" + depth + (residual ? "-residual" : "");
        Init init = activation.equals("relu") || activation.equals("leakyrelu") ? Init.HE_NORMAL : Init.GLOROT_UNIFORM;
        List<NodeSpec> nodes = new ArrayList<>();
        nodes.add(NodeSpec.of("input", new InputSpec(Shape.of(2))));
        String x = "input";      // the current tensor
        String blockIn = "input";
        int inWidth = 2;
        int blockInWidth = 2;
        for (int layer = 1; layer <= depth; layer++) {
            String dense = "dense" + layer;
            String act = activation + layer;
            nodes.add(NodeSpec.of(dense, new DenseSpec(CHAIN_WIDTH, init), x));
            nodes.add(NodeSpec.of(act, activationSpec(activation), dense));
            x = act;
            inWidth = CHAIN_WIDTH;
            boolean closesPair = residual && layer % 2 == 0;
            if (closesPair) {
                int block = layer / 2;
                String shortcut = blockIn;
                if (blockInWidth != CHAIN_WIDTH) {
                    shortcut = "pad" + block;
                    nodes.add(NodeSpec.of(shortcut, new ZeroPadShortcutSpec(CHAIN_WIDTH), blockIn));
                }
                String add = "add" + block;
                nodes.add(NodeSpec.of(add, new AddSpec(), shortcut, x));
                x = add;
                blockIn = add;
                blockInWidth = CHAIN_WIDTH;
            }
        }
        nodes.add(NodeSpec.of("output", new DenseSpec(2, init), x));
        NetworkSpec spec = new NetworkSpec(id, nodes, "output", LossKind.SOFTMAX_CROSS_ENTROPY);
        String name = activation.equals("leakyrelu") ? "leaky ReLU" : capitalize(activation);
        String title = "Deep " + activation + " chain (" + depth + " layers" + (residual ? ", with shortcuts)" : ")");
        String description = depth + " fully connected layers of " + CHAIN_WIDTH + " " + name + " units"
                + (residual ? ", an identity shortcut around every pair" : ", no shortcuts")
                + "; two spirals";
        return new Template(id, title, description, spec, "spirals",
                TrainingConfig.defaults(DEFAULT_SEED));
    }

    private static LayerSpec activationSpec(String name) {
        return switch (name) {
            case "sigmoid" -> new SigmoidSpec();
            case "tanh" -> new TanhSpec();
            case "relu" -> new ReluSpec();
            case "leakyrelu" -> new LeakyReluSpec(0.01);
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
