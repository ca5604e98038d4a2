package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import reslab.engine.layers.Parameter;

/**
 * The optimizers' one-pass Java update (BufferedOptimizer) against the rules written as ND4J
 * ops, the form they had before (kept here as the slow, obviously correct reference): several
 * steps, weight decay on, parameters of several chunks, float and double.
 */
class FusedOptimizerTest {
    /** The update rules as ND4J ops on whole arrays, as torch.optim writes them. */
    private static final class Reference {
        final OptimizerConfig c;
        final Map<String, INDArray[]> slots = new java.util.HashMap<>();
        long t;

        Reference(OptimizerConfig c) {
            this.c = c;
        }

        void step(List<Parameter> ps, double lr) {
            t++;
            for (Parameter p : ps) {
                INDArray w = p.value();
                double decay = c.decayOf(p);
                INDArray[] s = slots.computeIfAbsent(p.key(), k -> new INDArray[] {w.ulike().assign(0), w.ulike().assign(0)});
                INDArray g = p.grad().dup();
                if (decay != 0 && c.kind() != OptimizerKind.ADAMW) g.addi(w.mul(decay));
                INDArray delta;
                switch (c.kind()) {
                    case SGD -> delta = g.mul(lr);
                    case MOMENTUM -> {
                        s[0].muli(c.momentum()).addi(g);
                        delta = s[0].mul(lr);
                    }
                    case NESTEROV -> {
                        s[0].muli(c.momentum()).addi(g);
                        delta = g.add(s[0].mul(c.momentum())).muli(lr);
                    }
                    default -> {
                        s[0].muli(c.beta1()).addi(g.mul(1 - c.beta1()));
                        s[1].muli(c.beta2()).addi(g.mul(g).muli(1 - c.beta2()));
                        double c1 = 1 - Math.pow(c.beta1(), t), c2 = 1 - Math.pow(c.beta2(), t);
                        INDArray den = Transforms.sqrt(s[1], true).divi(Math.sqrt(c2)).addi(c.epsilon());
                        delta = s[0].div(den).muli(lr / c1);
                        if (c.kind() == OptimizerKind.ADAMW && decay != 0) delta.addi(w.mul(lr * decay));
                    }
                }
                w.subi(delta);
            }
        }
    }

    private static List<Parameter> params(DataType dt, long seed) {
        Nd4j.getRandom().setSeed(seed);
        List<Parameter> ps = new ArrayList<>();
        // 5000 values: three chunks, the last partial; plus a bias (no decay) and a tiny one.
        ps.add(new Parameter("big", Parameter.Role.WEIGHT, Nd4j.rand(dt, 50, 100).subi(0.5)));
        ps.add(new Parameter("big", Parameter.Role.BIAS, Nd4j.rand(dt, 1, 100).subi(0.5)));
        ps.add(new Parameter("bn", Parameter.Role.GAMMA, Nd4j.rand(dt, 3).addi(0.5)));
        return ps;
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void oneJavaPassEqualsTheNd4jRules(OptimizerKind kind) {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            OptimizerConfig config = OptimizerConfig.sgd(0.05).withKind(kind).withWeightDecay(0.01);
            if (kind == OptimizerKind.ADAM || kind == OptimizerKind.ADAMW) config = config.withLearningRate(0.01);
            List<Parameter> fused = params(dt, 9), ref = params(dt, 9);
            Optimizer opt = config.create();
            Reference reference = new Reference(config);
            for (int step = 0; step < 4; step++) {
                Nd4j.getRandom().setSeed(100 + step);
                for (int i = 0; i < fused.size(); i++) {
                    INDArray g = Nd4j.rand(dt, fused.get(i).value().shape()).subi(0.5).muli(step + 1);
                    fused.get(i).grad().assign(g);
                    ref.get(i).grad().assign(g);
                }
                Map<String, Double> norms = opt.step(fused, config.learningRate());
                List<INDArray> before = ref.stream().map(p -> p.value().dup()).toList();
                reference.step(ref, config.learningRate());
                double tol = dt == DataType.DOUBLE ? 1e-12 : 2e-6;
                for (int i = 0; i < fused.size(); i++) {
                    Parameter f = fused.get(i), r = ref.get(i);
                    assertArrayEquals(r.value().reshape(r.value().length()).toDoubleVector(),
                            f.value().reshape(f.value().length()).toDoubleVector(), tol, kind + " " + dt + " step " + step + " " + f.key());
                    double change = before.get(i).sub(r.value()).castTo(DataType.DOUBLE).norm2Number().doubleValue();
                    assertEquals(change, norms.get(f.key()), tol * 10 * Math.max(1, change), kind + " " + dt + " ||delta|| of " + f.key());
                }
            }
        }
    }
}
