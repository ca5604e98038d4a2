package reslab.app.export;

import java.io.IOException;
import java.io.Writer;
import reslab.engine.cli.SummaryTable;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.spec.NetworkSpec;

/** CSV as RFC 4180 writes it (LF line ends), and the design's summary table in it. */
final class Csv {
    private Csv() {}

    /** The rows of the CLI's summary table: node, (block,) kind, output shape, params, multiply-adds. */
    static void summary(Writer w, NetworkSpec spec, NetworkAnalysis analysis) throws IOException {
        for (String[] row : SummaryTable.rows(spec, analysis)) row(w, row);
    }

    static void row(Writer w, String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) w.write(',');
            w.write(field(cells[i]));
        }
        w.write('\n');
    }

    /** A field quoted when it holds a comma, quote or line break, its quotes doubled. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
