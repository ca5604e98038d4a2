package reslab.engine.zoo;

import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.TanhSpec;

/** The classic convolutional networks of the case studies: LeNet-5, AlexNet, VGG. */
final class ClassicNets {
    private ClassicNets() {}

    /**
     * LeNet-5 as the seed 002 walkthrough draws it: 32x32x1 -> C1 6@5x5 (28x28) -> S2 2x2 average
     * pool (14x14) -> C3 16@5x5 (10x10) -> S4 (5x5) -> 400 -> F5 120 -> F6 84 -> 10. Every C3 map
     * reads all six S2 maps (the 1998 paper's sparse table is left out). Tanh: LeCun et al. 1998
     * squash with a scaled hyperbolic tangent; the subsampling layers here have no trainable
     * coefficient, so they add no parameters. 61,706 parameters, 416,520 multiply-adds.
     */
    static Template lenet5() {
        Init init = Init.LECUN_UNIFORM; // the fan-in scaling LeCun proposed for tanh units
        Sequential s = new Sequential(Shape.of(1, 32, 32))
                .add("c1", Conv2DSpec.of(6, 5, 1, Padding.VALID, true, init)).add("tanh1", new TanhSpec())
                .add("s2", AvgPoolSpec.of(2, 2, Padding.VALID))
                .add("c3", Conv2DSpec.of(16, 5, 1, Padding.VALID, true, init)).add("tanh3", new TanhSpec())
                .add("s4", AvgPoolSpec.of(2, 2, Padding.VALID))
                .add("flatten", new FlattenSpec())
                .add("f5", new DenseSpec(120, init)).add("tanh5", new TanhSpec())
                .add("f6", new DenseSpec(84, init)).add("tanh6", new TanhSpec())
                .add("output", new DenseSpec(10, init));
        return new Template("lenet5", "LeNet-5",
                "LeCun's 1998 digit reader on 32x32 grey images: two 5x5 convolutions with average pooling, "
                        + "then 120, 84 and 10 units, tanh throughout; MNIST padded to 32x32",
                s.build("lenet5"), Templates.MNIST, Templates.training(64, 0.05));
    }

    /**
     * AlexNet as the seed 002 walkthrough gives it: 227x227x3, 96 11x11/4 -> 55, max-pool 3/2 ->
     * 27, 256 5x5 same -> 27, pool -> 13, 384, 384, 256 3x3 same, pool -> 6x6x256 = 9216, FC
     * 4096-4096-1000. One tower (no grouping) and no local response normalisation, so it has
     * 62,378,344 parameters rather than the two-GPU original's 60,965,224.
     */
    static Template alexnet() {
        Init init = Init.HE_NORMAL;
        Sequential s = new Sequential(Shape.of(3, 227, 227))
                .add("conv1", Conv2DSpec.of(96, 11, 4, Padding.VALID, true, init)).add("relu1", new ReluSpec())
                .add("pool1", MaxPoolSpec.of(3, 2, Padding.VALID))
                .add("conv2", Conv2DSpec.of(256, 5, 1, Padding.explicit(2), true, init)).add("relu2", new ReluSpec())
                .add("pool2", MaxPoolSpec.of(3, 2, Padding.VALID))
                .add("conv3", Conv2DSpec.of(384, 3, 1, Padding.explicit(1), true, init)).add("relu3", new ReluSpec())
                .add("conv4", Conv2DSpec.of(384, 3, 1, Padding.explicit(1), true, init)).add("relu4", new ReluSpec())
                .add("conv5", Conv2DSpec.of(256, 3, 1, Padding.explicit(1), true, init)).add("relu5", new ReluSpec())
                .add("pool5", MaxPoolSpec.of(3, 2, Padding.VALID))
                .add("flatten", new FlattenSpec());
        classifier(s, init);
        return new Template("alexnet", "AlexNet",
                "Krizhevsky, Sutskever and Hinton's 2012 ImageNet network on 227x227 colour images: five "
                        + "convolutions with ReLU and max pooling, then 4096-4096-1000 with dropout; random data",
                s.build("alexnet"), Templates.SYNTHETIC, Templates.training(8, 0.01));
    }

    /** Convolutions per stage of VGG's configurations D (16 layers) and E (19 layers). */
    private static final int[][] VGG_STAGES = {{2, 2, 3, 3, 3}, {2, 2, 4, 4, 4}};
    private static final int[] VGG_WIDTHS = {64, 128, 256, 512, 512};

    /**
     * VGG-16 or VGG-19 (Simonyan and Zisserman 2014): stages of 3x3 same convolutions with 64,
     * 128, 256, 512, 512 filters, each closed by a 2x2 max pool, then 4096-4096-1000. VGG-16:
     * 138,357,544 parameters, 15.47 G multiply-adds.
     */
    static Template vgg(int depth) {
        int[] stages = depth == 16 ? VGG_STAGES[0] : VGG_STAGES[1];
        Init init = Init.HE_NORMAL;
        Sequential s = new Sequential(Shape.of(3, 224, 224));
        for (int stage = 1; stage <= 5; stage++) {
            s.inBlock("block" + stage);
            for (int k = 1; k <= stages[stage - 1]; k++) {
                s.add("conv" + stage + "_" + k, Conv2DSpec.of(VGG_WIDTHS[stage - 1], 3, 1, Padding.SAME, true, init))
                        .add("relu" + stage + "_" + k, new ReluSpec());
            }
            s.add("pool" + stage, MaxPoolSpec.of(2, 2, Padding.VALID));
        }
        s.inBlock(null).add("flatten", new FlattenSpec());
        classifier(s, init);
        String id = "vgg" + depth;
        return new Template(id, "VGG-" + depth,
                "Simonyan and Zisserman's " + depth + "-layer network on 224x224 colour images: only 3x3 convolutions "
                        + "and 2x2 max pooling, channels doubling 64 to 512, then 4096-4096-1000; random data",
                s.build(id), Templates.SYNTHETIC, Templates.training(8, 0.01));
    }

    /** AlexNet's and VGG's head: 4096-4096-1000 with ReLU and dropout 0.5 after each hidden layer. */
    private static void classifier(Sequential s, Init init) {
        s.add("fc6", new DenseSpec(4096, init)).add("relu6", new ReluSpec()).add("drop6", new DropoutSpec(0.5))
                .add("fc7", new DenseSpec(4096, init)).add("relu7", new ReluSpec()).add("drop7", new DropoutSpec(0.5))
                .add("output", new DenseSpec(1000, Init.GLOROT_UNIFORM));
    }
}
