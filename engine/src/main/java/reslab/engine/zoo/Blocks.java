package reslab.engine.zoo;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * Ready-made blocks: the templates stack them, the builder's palette drops them. Every node
 * of a block carries the block's id (e.g. "layer2.0") and is named inside it
 * ("layer2.0.conv1"), as torchvision names its modules. Residual Adds and Gates read the
 * shortcut first and the branch second, as AddSpec and GateSpec require.
 *
 * <p>Convolutions are 3x3 with padding 1 and no bias (a BN follows each, and its beta does a
 * bias's job), He-normal initialised for the ReLUs after them (He et al. 2015).
 */
public final class Blocks {
    private Blocks() {}

    /**
     * A block's nodes, in order, and the node whose output leaves it.
     *
     * @param id     the block id every node carries
     * @param input  the node the block reads (outside the block)
     * @param output the block's last node
     */
    public record Block(String id, String input, List<NodeSpec> nodes, String output) {
        public Block {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * The ResNet basic block: conv3x3(stride)-BN-ReLU-conv3x3-BN, plus the shortcut, then ReLU.
     * The shortcut follows {@code option}: A is the identity, zero-padded and subsampled where
     * the size changes; B is the identity where sizes match and a 1x1 projection + BN where
     * they change; C is always a 1x1 projection + BN.
     */
    public static Block basicResidual(String blockId, String input, int inChannels, int outChannels, int stride,
                                      ShortcutOption option) {
        checkSizes(blockId, inChannels, outChannels, stride);
        Chain c = new Chain(blockId, input);
        c.add("conv1", conv3x3(outChannels, stride)).add("bn1", BatchNormSpec.DEFAULT).add("relu1", new ReluSpec())
                .add("conv2", conv3x3(outChannels, 1)).add("bn2", BatchNormSpec.DEFAULT);
        String branch = c.last;
        String shortcut = shortcut(c, input, inChannels, outChannels, stride, option);
        c.join("add", new AddSpec(), shortcut, branch).add("relu2", new ReluSpec());
        return c.block();
    }

    /**
     * The pre-activation block (He et al. 2016, "Identity Mappings in Deep Residual Networks"):
     * BN-ReLU-conv3x3(stride)-BN-ReLU-conv3x3, plus the shortcut; no ReLU after the Add, so the
     * identity path stays clean from block to block. A shortcut that changes size (options A,
     * B, C as in {@link #basicResidual}) reads the block input.
     */
    public static Block preActivation(String blockId, String input, int inChannels, int outChannels, int stride,
                                      ShortcutOption option) {
        checkSizes(blockId, inChannels, outChannels, stride);
        Chain c = new Chain(blockId, input);
        c.add("bn1", BatchNormSpec.DEFAULT).add("relu1", new ReluSpec()).add("conv1", conv3x3(outChannels, stride))
                .add("bn2", BatchNormSpec.DEFAULT).add("relu2", new ReluSpec()).add("conv2", conv3x3(outChannels, 1));
        String branch = c.last;
        String shortcut = shortcut(c, input, inChannels, outChannels, stride, option);
        c.join("add", new AddSpec(), shortcut, branch);
        return c.block();
    }

    /** The plain counterpart of {@link #basicResidual}: conv-BN-ReLU-conv-BN-ReLU, no shortcut. */
    public static Block plainPair(String blockId, String input, int outChannels, int stride) {
        checkSizes(blockId, outChannels, outChannels, stride);
        Chain c = new Chain(blockId, input);
        c.add("conv1", conv3x3(outChannels, stride)).add("bn1", BatchNormSpec.DEFAULT).add("relu1", new ReluSpec())
                .add("conv2", conv3x3(outChannels, 1)).add("bn2", BatchNormSpec.DEFAULT).add("relu2", new ReluSpec());
        return c.block();
    }

    /**
     * A gated fully connected layer (Savarese et al., "Learning Identity Mappings with Residual
     * Gates"): f(x) = ReLU(BN(W x)) with {@code units} outputs, then a gate with one scalar k:
     * PLAIN u = g(k) f(x) + (1 - g(k)) x, RESIDUAL u = g(k) f(x) + x. The input must already
     * have {@code units} features: a gate cannot change the size. No Dense bias: BN's beta is one.
     */
    public static Block gatedDense(String blockId, String input, int units, GateSpec.Kind kind) {
        if (units <= 0) throw new IllegalArgumentException(blockId + ": units must be positive, got " + units);
        Chain c = new Chain(blockId, input);
        c.add("dense", new DenseSpec(units, Init.HE_NORMAL, false)).add("bn", BatchNormSpec.DEFAULT).add("relu", new ReluSpec());
        c.join("gate", new GateSpec(kind), input, c.last);
        return c.block();
    }

    /** Whether a shortcut from {@code inChannels} with {@code stride} to {@code outChannels} needs to change size. */
    public static boolean changesSize(int inChannels, int outChannels, int stride) {
        return inChannels != outChannels || stride != 1;
    }

    private static String shortcut(Chain c, String input, int inChannels, int outChannels, int stride, ShortcutOption option) {
        boolean change = changesSize(inChannels, outChannels, stride);
        LayerSpec s = switch (option) {
            case A_ZERO_PAD -> change ? new ZeroPadShortcutSpec(outChannels, stride) : null;
            case B_PROJECTION_WHERE_NEEDED -> change ? projection(outChannels, stride) : null;
            case C_PROJECTION_ALWAYS -> projection(outChannels, stride);
        };
        if (s == null) return input;
        c.side("shortcut", s, input);
        return c.id("shortcut");
    }

    private static ProjectionShortcutSpec projection(int outChannels, int stride) {
        return new ProjectionShortcutSpec(outChannels, stride, true, Init.HE_NORMAL);
    }

    static Conv2DSpec conv3x3(int filters, int stride) {
        return Conv2DSpec.of(filters, 3, stride, Padding.explicit(1), false, Init.HE_NORMAL);
    }

    private static void checkSizes(String blockId, int inChannels, int outChannels, int stride) {
        if (inChannels <= 0 || outChannels <= 0 || stride <= 0) {
            throw new IllegalArgumentException(blockId + ": channels and stride must be positive, got " + inChannels + " -> "
                    + outChannels + ", stride " + stride);
        }
    }

    /** Appends a block's nodes one after another, each reading the previous. */
    private static final class Chain {
        private final String blockId;
        private final String input;
        private final List<NodeSpec> nodes = new ArrayList<>();
        private String last;

        Chain(String blockId, String input) {
            this.blockId = blockId;
            this.input = input;
            this.last = input;
        }

        String id(String name) {
            return blockId + "." + name;
        }

        Chain add(String name, LayerSpec layer) {
            nodes.add(new NodeSpec(id(name), layer, List.of(last), blockId));
            last = id(name);
            return this;
        }

        /** A node off the main line (a shortcut); the line continues from where it was. */
        void side(String name, LayerSpec layer, String from) {
            nodes.add(new NodeSpec(id(name), layer, List.of(from), blockId));
        }

        Chain join(String name, LayerSpec layer, String shortcut, String branch) {
            nodes.add(new NodeSpec(id(name), layer, List.of(shortcut, branch), blockId));
            last = id(name);
            return this;
        }

        Block block() {
            return new Block(blockId, input, nodes, last);
        }
    }
}
