package reslab.engine.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reslab.engine.spec.AddSpec;
import reslab.engine.spec.AvgPoolSpec;
import reslab.engine.spec.BatchNormSpec;
import reslab.engine.spec.Conv2DSpec;
import reslab.engine.spec.DenseSpec;
import reslab.engine.spec.DropoutSpec;
import reslab.engine.spec.FlattenSpec;
import reslab.engine.spec.GateSpec;
import reslab.engine.spec.GlobalAvgPoolSpec;
import reslab.engine.spec.Init;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.LayerSpec;
import reslab.engine.spec.LeakyReluSpec;
import reslab.engine.spec.LossKind;
import reslab.engine.spec.MaxPoolSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Padding;
import reslab.engine.spec.ProjectionShortcutSpec;
import reslab.engine.spec.ReluSpec;
import reslab.engine.spec.Shape;
import reslab.engine.spec.ZeroPadShortcutSpec;

/**
 * Thousands of random, mostly broken designs (odd sizes, zero and negative settings, wrong
 * wiring, cycles): inference must answer with diagnostics, never an exception, and every fix
 * it offers must apply and make its own diagnostic go away.
 */
class RandomDesignsTest {
    private static final int[] SIZES = {-1, 0, 1, 2, 3, 4, 5, 7, 8};

    private final Random random = new Random(20240611);

    private int size() {
        return SIZES[random.nextInt(SIZES.length)];
    }

    private Padding padding() {
        return switch (random.nextInt(3)) {
            case 0 -> Padding.SAME;
            case 1 -> Padding.VALID;
            default -> Padding.explicit(size(), size());
        };
    }

    private LayerSpec layer() {
        return switch (random.nextInt(17)) {
            case 0 -> new InputSpec(random.nextBoolean() ? Shape.of(size()) : Shape.of(size(), size(), size()));
            case 1 -> new DenseSpec(size(), Init.GLOROT_UNIFORM, random.nextBoolean());
            case 2 -> new Conv2DSpec(size(), size(), size(), size(), size(), padding(), random.nextBoolean(), Init.HE_NORMAL);
            case 3 -> new MaxPoolSpec(size(), size(), size(), size(), padding());
            case 4 -> new AvgPoolSpec(size(), size(), size(), size(), padding());
            case 5 -> new BatchNormSpec(random.nextBoolean() ? 1e-5 : size() * 0.1, size() * 0.3);
            case 6 -> new GlobalAvgPoolSpec();
            case 7 -> new FlattenSpec();
            case 8 -> new DropoutSpec(size() * 0.25);
            case 9 -> new LeakyReluSpec(random.nextBoolean() ? 0.01 : Double.NaN);
            case 10, 11 -> new ReluSpec();
            case 12, 13 -> new AddSpec();
            case 14 -> new GateSpec(random.nextBoolean() ? GateSpec.Kind.PLAIN : GateSpec.Kind.RESIDUAL);
            case 15 -> new ZeroPadShortcutSpec(size(), size());
            default -> new ProjectionShortcutSpec(size(), size(), random.nextBoolean(), Init.HE_NORMAL);
        };
    }

    private NetworkSpec design() {
        int n = 2 + random.nextInt(9);
        List<NodeSpec> nodes = new ArrayList<>();
        nodes.add(NodeSpec.of("n0", new InputSpec(random.nextBoolean() ? Shape.of(1 + random.nextInt(8))
                : Shape.of(1 + random.nextInt(4), 1 + random.nextInt(9), 1 + random.nextInt(9)))));
        for (int i = 1; i < n; i++) {
            LayerSpec layer = layer();
            boolean join = layer instanceof AddSpec || layer instanceof GateSpec;
            int fanIn = random.nextInt(10) < 7 ? (join ? 2 : 1) : random.nextInt(4);
            List<String> inputs = new ArrayList<>();
            for (int k = 0; k < fanIn; k++) {
                int r = random.nextInt(20);
                // Mostly earlier nodes (a DAG), sometimes a later one (a cycle) or one that does not exist.
                inputs.add(r == 0 ? "ghost" : r == 1 ? "n" + random.nextInt(n) : "n" + random.nextInt(i));
            }
            String id = random.nextInt(40) == 0 ? "n" + (i - 1) : "n" + i;
            nodes.add(new NodeSpec(id, layer, inputs, random.nextBoolean() ? "b" + random.nextInt(3) : null));
        }
        String output = random.nextInt(30) == 0 ? "missing" : "n" + (n - 1);
        return new NetworkSpec("random", nodes, output, LossKind.SOFTMAX_CROSS_ENTROPY);
    }

    @Test
    void inferenceAnswersEveryDesignWithDiagnosticsAndWorkingFixes() {
        int fixesChecked = 0, validDesigns = 0;
        Set<String> codesSeen = new HashSet<>();
        for (int round = 0; round < 4000; round++) {
            NetworkSpec spec = design();
            NetworkAnalysis a = ShapeInference.analyze(spec);
            assertEquals(spec.nodes().size(), a.nodes().size(), "one row per node: " + spec);
            Set<String> ids = new HashSet<>();
            spec.nodes().forEach(x -> ids.add(x.id()));
            boolean duplicates = ids.size() < spec.nodes().size();
            if (a.valid()) {
                validDesigns++;
                assertTrue(a.nodes().stream().allMatch(NodeInfo::valid), spec.toString());
            }
            for (Diagnostic d : a.diagnostics()) {
                codesSeen.add(d.code());
                assertTrue(ids.contains(d.nodeId()) || d.nodeId().equals(spec.output()), d + " names a node");
                assertFalse(d.message().isBlank());
                if (duplicates) continue; // an edit addresses a node by id, so with two alike it may hit the other
                for (Fix f : d.fixes()) {
                    NetworkAnalysis after = ShapeInference.analyze(f.applyTo(spec));
                    fixesChecked++;
                    assertFalse(after.diagnostics().stream().anyMatch(x -> x.nodeId().equals(d.nodeId())
                                    && x.code().equals(d.code()) && x.message().equals(d.message())),
                            "fix '" + f + "' leaves " + d + " in " + spec);
                }
            }
        }
        // The generator must actually reach the cases, or this test proves nothing.
        assertTrue(fixesChecked > 1000, "fixes checked: " + fixesChecked);
        assertTrue(validDesigns > 50, "valid designs: " + validDesigns);
        assertTrue(codesSeen.containsAll(List.of("cycle", "unknown-input", "arity", "unconnected-input", "bad-rank", "bad-size",
                "window-too-large", "bad-padding", "bad-rate", "bad-value", "add-mismatch", "gate-mismatch", "output-rank",
                "unconnected-output", "duplicate-id", "extra-input", "no-output")), "codes seen: " + codesSeen);
    }
}
