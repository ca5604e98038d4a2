package reslab.engine.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.SigmoidSpec;
import reslab.engine.spec.TanhSpec;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.ZeroPadShortcutSpec;
import reslab.engine.train.TrainingConfig;

/** The template catalogue. Ids are stable: the CLI, project files and translations use them. */
public final class Templates {
    private Templates() {}

    public static final long DEFAULT_SEED = 42;
    private static final Pattern CHAIN = Pattern.compile("chain-(sigmoid|tanh|relu)-([1-9]\\d{0,3})(-residual)?");
    private static final int CHAIN_WIDTH = 32;

    /** The templates listed in choosers, in teaching order. Parameterised families accept more ids. */
    public static List<String> featured() {
        return List.of("chain-sigmoid-20", "chain-sigmoid-20-residual");
    }

    public static Optional<Template> find(String id) {
        Matcher m = CHAIN.matcher(id);
        if (m.matches()) {
            int depth = Integer.parseInt(m.group(2));
            if (depth < 1 || depth > 1000) return Optional.empty();
            return Optional.of(chain(m.group(1), depth, m.group(3) != null));
        }
        return Optional.empty();
    }

    /** Every template the gallery shows, in teaching order. */
    public static List<String> gallery() {
        return List.of("chain-sigmoid-20", "chain-sigmoid-20-residual", "chain-tanh-20", "chain-tanh-20-residual",
                "chain-relu-20", "chain-relu-20-residual");
    }

    /** A one-line hint for error messages. */
    public static String knownIdsHint() {
        return "known: " + String.join(", ", featured()) + ", chain-<sigmoid|tanh|relu>-<depth>[-residual]";
    }

    /**
     * {@code depth} hidden layers of Dense(32) + activation on the two-spirals problem, then a
     * Dense output with one logit per class. With {@code residual}, every pair of hidden layers
     * gets a shortcut: u = x + act(W2 act(W1 x)); the first pair's shortcut zero-pads the
     * 2-D input to 32 features (option A), the others are identities.
     */
    public static Template chain(String activation, int depth, boolean residual) {
        String id = "chain-" + activation + "-" + depth + (residual ? "-residual" : "");
        Init init = activation.equals("relu") ? Init.HE_NORMAL : Init.GLOROT_UNIFORM;
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
        String name = capitalize(activation);
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
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
