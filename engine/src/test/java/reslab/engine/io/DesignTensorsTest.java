package reslab.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import reslab.engine.graph.CompiledNetwork;
import reslab.engine.io.onnx.ExportNets;
import reslab.engine.layers.Dropout;
import reslab.engine.layers.Parameter;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.ShortcutOption;
import reslab.engine.zoo.Templates;

/** What a project file checks saved weights against must be what the compiled network holds. */
class DesignTensorsTest {
    static String shapes(Map<String, long[]> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append(Arrays.toString(v)).append(' '));
        return b.toString();
    }

    @Test
    void everyTemplateUnderAMillionParametersAndEveryLayerKindAgreeWithTheCompiledNetwork() {
        List<NetworkSpec> specs = new ArrayList<>();
        for (String id : Templates.gallery()) {
            NetworkSpec s = Templates.find(id).orElseThrow().spec();
            if (ShapeInference.analyze(s).totalParams() < 1_000_000) specs.add(s);
        }
        for (ShortcutOption o : ShortcutOption.values()) specs.add(ExportNets.smallResNet(o));
        specs.addAll(List.of(ExportNets.everyImageLayer(), ExportNets.everyFlatLayer(), ExportNets.meanSquaredError()));
        assertTrue(specs.size() > 20, "templates checked: " + specs.size());
        for (NetworkSpec spec : specs) {
            CompiledNetwork net = CompiledNetwork.compile(spec, DataType.FLOAT, 1);
            Map<String, long[]> params = new LinkedHashMap<>(), state = new LinkedHashMap<>();
            Set<String> dropouts = new LinkedHashSet<>();
            for (Parameter p : net.parameters()) params.put(p.key(), p.value().shape());
            for (CompiledNetwork.Node n : net.nodes()) {
                if (n.layer() == null) continue;
                for (Map.Entry<String, INDArray> e : n.layer().state().entrySet()) state.put(e.getKey(), e.getValue().shape());
                if (n.layer() instanceof Dropout) dropouts.add(n.id());
            }
            DesignTensors d = DesignTensors.of(spec).orElseThrow();
            assertEquals(shapes(params), shapes(d.parameters()), spec.name() + " parameters");
            assertEquals(shapes(state), shapes(d.state()), spec.name() + " state");
            assertEquals(dropouts, d.dropouts(), spec.name() + " dropouts");
        }
    }
}
