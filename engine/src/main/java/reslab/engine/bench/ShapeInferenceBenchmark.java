package reslab.engine.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.zoo.Templates;

/**
 * How long shape inference takes on the large templates: the builder re-runs it on every
 * edit, and DESIGN.md's budget is 10 ms for VGG-16. Prints one line per net,
 * {@code SHAPES <net> nodes=<n> first_ms=<cold call> median_us=<warm> max_us=<warm> budget_ms=10}.
 * Timing is machine-dependent, so it is printed here, not asserted in a unit test.
 *
 * <p>Run: {@code java -cp <engine classpath> reslab.engine.bench.ShapeInferenceBenchmark [rounds]}.
 */
public final class ShapeInferenceBenchmark {
    private ShapeInferenceBenchmark() {}

    private static final List<String> NETS = List.of("vgg16", "vgg19", "resnet34", "resnet110", "resnet1202");

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        run(rounds, System.out);
    }

    public static void run(int rounds, PrintStream out) {
        for (String id : NETS) {
            NetworkSpec spec = Templates.find(id).orElseThrow().spec();
            long t0 = System.nanoTime();
            NetworkAnalysis first = ShapeInference.analyze(spec);
            long firstNs = System.nanoTime() - t0;
            if (!first.valid()) throw new IllegalStateException(id + " is invalid: " + first.diagnostics());
            long[] ns = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long s = System.nanoTime();
                ShapeInference.analyze(spec);
                ns[i] = System.nanoTime() - s;
            }
            Arrays.sort(ns);
            out.printf("SHAPES %s nodes=%d first_ms=%.2f median_us=%d max_us=%d budget_ms=10%n", id, spec.nodes().size(),
                    firstNs / 1e6, ns[rounds / 2] / 1000, ns[rounds - 1] / 1000);
        }
    }
}
