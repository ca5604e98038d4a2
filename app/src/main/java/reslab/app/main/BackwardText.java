package reslab.app.main;

import java.util.Optional;
import reslab.app.chart.SciFormat;
import reslab.app.i18n.Messages;
import reslab.engine.graph.BackwardStep;
import reslab.engine.graph.BackwardTrace;

/** The step-through card for one node, in the UI's language. */
final class BackwardText {
    private BackwardText() {}

    static String describe(BackwardTrace t, BackwardStep s, Messages m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.format("backward.incoming", SciFormat.format(s.incoming().rms()), SciFormat.format(s.incoming().norm())));
        BackwardStep.LocalFactor f = s.factor();
        switch (f.kind()) {
            case ACTIVATION -> sb.append('\n').append(m.format("backward.factor.activation", fmt(f.meanDerivative()),
                    fmt(Math.sqrt(f.meanSquareDerivative()))));
            case WEIGHTED -> sb.append('\n').append(m.format("backward.factor.weighted", fmt(f.weightNorm()),
                    fmt(f.weightSpectralNorm()), f.fanIn()));
            case BATCH_NORM -> sb.append('\n').append(m.format("backward.factor.batchnorm", fmt(f.scaleRms())));
            case GATE -> sb.append('\n').append(m.format("backward.factor.gate", fmt(f.gate())));
            case ADD -> sb.append('\n').append(m.get("backward.factor.add"));
            default -> { }
        }
        for (BackwardStep.Outgoing o : s.outgoing()) {
            sb.append('\n').append(m.format("backward.outgoing", o.source(), SciFormat.format(o.delta().rms()),
                    fmt(o.rmsGain()), fmt(o.predictedRmsGain())));
        }
        t.splitAt(s.node()).ifPresent(j -> sb.append('\n').append(m.format("backward.split",
                SciFormat.format(j.throughShortcut().rms()), SciFormat.format(j.throughBranch().rms()), SciFormat.format(j.total().rms()))));
        Optional<BackwardTrace.LayerPair> pair = t.pairOf(s.node());
        pair.ifPresent(p -> sb.append('\n').append(m.format("backward.theory", fmt(p.measuredRmsGain()),
                fmt(p.predictedRmsGain()), fmt(p.initialRmsGain()))));
        return sb.toString();
    }

    private static String fmt(double v) {
        return SciFormat.format(v);
    }
}
