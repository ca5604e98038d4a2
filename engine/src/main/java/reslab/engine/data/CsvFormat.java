package reslab.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A table of numbers, one example per line: numeric feature columns and one label column.
 *
 * <ul>
 *   <li>Separator: comma, semicolon or tab, whichever the first line has most of.
 *   <li>Header: the first line is a header when any of its cells is not a number.
 *   <li>Label column: with a header, the column named {@code label}, {@code class},
 *       {@code target} or {@code y} (case-insensitive, first match); otherwise, and without a
 *       header, the last column.
 *   <li>Labels: whole numbers 0..999 are class indices; if any label is not a number, the
 *       labels are class names, numbered in alphabetical order.
 *   <li>Every feature cell must be a finite number; blank lines are skipped.
 * </ul>
 * Features are standardised per column with the training split's mean and std.
 */
final class CsvFormat {
    static final int MAX_CLASSES = 1000;
    private static final Set<String> LABEL_NAMES = Set.of("label", "class", "target", "y");

    private CsvFormat() {}

    /** All rows as one dataset, features as read (not yet standardised). */
    static Dataset read(Path file) throws DatasetException {
        String source = file.toString();
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        char sep = ',';
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) line = line.substring(1); // byte-order mark
                if (line.isBlank()) continue;
                if (rows.isEmpty()) sep = separator(line);
                rows.add(split(line, sep));
                lineNumbers.add(n);
            }
        } catch (IOException e) {
            String why = e instanceof java.nio.charset.CharacterCodingException ? "not UTF-8 text" : String.valueOf(e.getMessage());
            throw new DatasetException(source, "cannot read: " + why, e);
        }
        if (rows.isEmpty()) throw new DatasetException(source, "no rows");
        String[] first = rows.get(0);
        int columns = first.length;
        if (columns < 2) throw new DatasetException(source, "needs at least one feature column and a label column, found 1 column");
        boolean header = false;
        for (String cell : first) header |= !isNumber(cell);
        int labelColumn = columns - 1;
        if (header) {
            for (int c = 0; c < columns; c++) {
                if (LABEL_NAMES.contains(first[c].toLowerCase(Locale.ROOT))) {
                    labelColumn = c;
                    break;
                }
            }
        }
        int start = header ? 1 : 0;
        int count = rows.size() - start;
        if (count == 0) throw new DatasetException(source, "a header but no data rows");
        int features = columns - 1;
        float[] x = new float[count * features];
        String[] labelText = new String[count];
        boolean numericLabels = true;
        for (int i = 0; i < count; i++) {
            String[] row = rows.get(start + i);
            int line = lineNumbers.get(start + i);
            if (row.length != columns) {
                throw new DatasetException(source, "line " + line + " has " + row.length + " columns, the first line has " + columns);
            }
            for (int c = 0, j = 0; c < columns; c++) {
                if (c == labelColumn) {
                    labelText[i] = row[c];
                    numericLabels &= isNumber(row[c]);
                    continue;
                }
                float v;
                try {
                    v = Float.parseFloat(row[c]);
                } catch (NumberFormatException e) {
                    v = Float.NaN;
                }
                if (!Float.isFinite(v)) {
                    throw new DatasetException(source, "line " + line + ", column " + (c + 1) + " ('" + shorten(row[c]) + "'): not a finite number");
                }
                x[i * features + j++] = v;
            }
        }
        int[] labels = new int[count];
        List<String> classNames;
        int classes;
        if (numericLabels) {
            classNames = List.of();
            int max = 0;
            for (int i = 0; i < count; i++) {
                double v = Double.parseDouble(labelText[i]);
                if (v != Math.rint(v) || v < 0 || v >= MAX_CLASSES) {
                    throw new DatasetException(source, "line " + lineNumbers.get(start + i) + ", label '" + shorten(labelText[i])
                            + "' is out of range: labels are whole numbers 0.." + (MAX_CLASSES - 1)
                            + " (column " + (labelColumn + 1) + " is the label column)");
                }
                labels[i] = (int) v;
                max = Math.max(max, labels[i]);
            }
            classes = max + 1;
        } else {
            TreeSet<String> names = new TreeSet<>(List.of(labelText));
            if (names.size() > MAX_CLASSES) {
                throw new DatasetException(source, names.size() + " different labels in column " + (labelColumn + 1)
                        + "; at most " + MAX_CLASSES + " classes (is that the label column?)");
            }
            classNames = new ArrayList<>(names);
            java.util.Map<String, Integer> index = new java.util.HashMap<>();
            for (String c : classNames) index.put(c, index.size());
            for (int i = 0; i < count; i++) labels[i] = index.get(labelText[i]);
            classes = classNames.size();
        }
        if (classes < 2) throw new DatasetException(source, "every row has the same label; classification needs at least 2 classes");
        String name = file.getFileName().toString();
        Dataset raw = new Dataset(name, reslab.engine.spec.Shape.of(features), classes, x, labels);
        return classNames.isEmpty() ? raw
                : new Dataset(name, raw.shape(), classes, classNames, raw.examples(), null, labels);
    }

    /** Standardises every feature column with the mean and std of {@code split.train()}. */
    static Split standardise(Split split) {
        Dataset train = split.train();
        int d = (int) train.shape().size();
        double[] sum = new double[d], sumSq = new double[d];
        float[] row = new float[d];
        for (int i = 0; i < train.size(); i++) {
            train.copyFeatures(i, row, 0);
            for (int j = 0; j < d; j++) {
                sum[j] += row[j];
                sumSq[j] += (double) row[j] * row[j];
            }
        }
        float[] mean = new float[d], invStd = new float[d];
        for (int j = 0; j < d; j++) {
            double m = sum[j] / train.size();
            double s = Math.sqrt(Math.max(0, sumSq[j] / train.size() - m * m));
            mean[j] = (float) m;
            invStd[j] = s > 0 ? (float) (1 / s) : 1f; // a constant column is only centred
        }
        return new Split(standardised(train, mean, invStd), standardised(split.test(), mean, invStd));
    }

    private static Dataset standardised(Dataset d, float[] mean, float[] invStd) {
        Dataset.Examples source = d.examples();
        Dataset.Examples scaled = (r, dst, off) -> {
            source.copy(r, dst, off);
            for (int j = 0; j < mean.length; j++) dst[off + j] = (dst[off + j] - mean[j]) * invStd[j];
        };
        return d.withExamples(d.shape(), scaled);
    }

    private static char separator(String line) {
        char best = ',';
        long most = line.chars().filter(ch -> ch == ',').count();
        for (char c : new char[] {';', '\t'}) {
            long n = line.chars().filter(ch -> ch == c).count();
            if (n > most) {
                most = n;
                best = c;
            }
        }
        return best;
    }

    /** Splits on the separator; a cell in double quotes may contain it ("" is a quote). */
    private static String[] split(String line, char sep) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == sep) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().trim());
        return cells.toArray(new String[0]);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) return false;
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }
}
