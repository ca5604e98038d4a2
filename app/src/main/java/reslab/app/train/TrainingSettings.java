package reslab.app.train;

import java.util.ArrayList;
import java.util.List;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.train.LearningRateSchedule;
import reslab.engine.train.OptimizerConfig;
import reslab.engine.train.OptimizerKind;
import reslab.engine.train.TrainingConfig;
import reslab.engine.zoo.Template;

/**
 * What a teacher sets before pressing Play. Immutable; {@link #config()} turns it into the
 * engine's {@link TrainingConfig}, {@link #applyTo(NetworkSpec)} applies the initialiser.
 *
 * @param dataset       a DatasetCatalog id ("spirals", "mnist", ...)
 * @param init          the initialiser for every weighted layer, or null to keep the design's own
 * @param momentum      for the momentum kinds (SGD with momentum, Nesterov)
 * @param evalEvery     test-split evaluation period in steps (0: never)
 */
public record TrainingSettings(String dataset, OptimizerKind optimizer, double learningRate, double momentum,
                               int batchSize, double weightDecay, Init init, long seed, int evalEvery) {
    public static final int DEFAULT_EVAL_EVERY = 50;

    /** A template's own settings. */
    public static TrainingSettings of(Template t) {
        return of(t.training(), t.dataset());
    }

    public static TrainingSettings of(TrainingConfig c, String dataset) {
        OptimizerConfig o = c.optimizer();
        return new TrainingSettings(dataset, o.kind(), o.learningRate(), o.momentum(), c.batchSize(), o.weightDecay(),
                null, c.seed(), c.evalEvery() == 0 ? 0 : Math.min(c.evalEvery(), DEFAULT_EVAL_EVERY));
    }

    public TrainingConfig config() {
        OptimizerConfig o = switch (optimizer) {
            case SGD -> OptimizerConfig.sgd(learningRate);
            case MOMENTUM -> OptimizerConfig.momentum(learningRate, momentum);
            case NESTEROV -> OptimizerConfig.nesterov(learningRate, momentum);
            case ADAM -> OptimizerConfig.adam(learningRate);
            case ADAMW -> OptimizerConfig.adamW(learningRate, weightDecay);
        };
        if (optimizer != OptimizerKind.ADAMW) o = o.withWeightDecay(weightDecay);
        return TrainingConfig.defaults(seed).withBatchSize(batchSize).withOptimizer(o)
                .withSchedule(LearningRateSchedule.constant()).withEvalEvery(evalEvery);
    }

    /** The design with every Dense and Conv layer initialised by {@link #init}, if one is set. */
    public NetworkSpec applyTo(NetworkSpec spec) {
        if (init == null) return spec;
        List<NodeSpec> nodes = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) {
            var l = n.layer();
            if (l instanceof DenseSpec d) l = new DenseSpec(d.units(), init, d.bias());
            else if (l instanceof Conv2DSpec c) l = new Conv2DSpec(c.filters(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padding(), c.bias(), init);
            nodes.add(new NodeSpec(n.id(), l, n.inputs(), n.block()));
        }
        return new NetworkSpec(spec.name(), nodes, spec.output(), spec.loss());
    }

    public TrainingSettings withEvalEvery(int n) {
        return new TrainingSettings(dataset, optimizer, learningRate, momentum, batchSize, weightDecay, init, seed, n);
    }

    public TrainingSettings withDataset(String d) {
        return new TrainingSettings(d, optimizer, learningRate, momentum, batchSize, weightDecay, init, seed, evalEvery);
    }
}
