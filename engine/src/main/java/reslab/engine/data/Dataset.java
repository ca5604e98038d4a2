package reslab.engine.data;

import java.util.List;
import reslab.engine.spec.Shape;

/**
 * Labelled examples of one shape. Immutable. The features of example {@code i} are
 * produced on demand by its {@link Examples} source: a float array for small data, 8-bit
 * pixels normalised on the fly for images (a CIFAR-10 training set stays 150 MB of bytes
 * instead of 600 MB of floats), or a generator for synthetic data.
 */
public final class Dataset {
    /** Writes the features of source row {@code row}, row-major in the dataset's shape, at {@code dst[offset..]}. */
    interface Examples {
        void copy(int row, float[] dst, int offset);
    }

    private final String name;
    private final Shape shape;
    private final int classes;
    private final List<String> classNames;
    private final Examples examples;
    private final int[] rows;      // example i is source row rows[i]; null: row i
    private final int[] labels;    // label of example i

    public Dataset(String name, Shape shape, int classes, float[] features, int[] labels) {
        this(name, shape, classes, List.of(), floats(name, shape, features, labels.length), null, labels);
    }

    Dataset(String name, Shape shape, int classes, List<String> classNames, Examples examples, int[] rows, int[] labels) {
        if (classes < 1) throw new IllegalArgumentException(name + ": needs at least one class, got " + classes);
        if (!classNames.isEmpty() && classNames.size() != classes) {
            throw new IllegalArgumentException(name + ": " + classNames.size() + " class names for " + classes + " classes");
        }
        for (int y : labels) {
            if (y < 0 || y >= classes) throw new IllegalArgumentException(name + ": label " + y + " outside 0.." + (classes - 1));
        }
        if (rows != null && rows.length != labels.length) throw new IllegalArgumentException(name + ": rows and labels differ in length");
        this.name = name;
        this.shape = shape;
        this.classes = classes;
        this.classNames = List.copyOf(classNames);
        this.examples = examples;
        this.rows = rows;
        this.labels = labels;
    }

    private static Examples floats(String name, Shape shape, float[] features, int count) {
        if ((long) count * shape.size() != features.length) {
            throw new IllegalArgumentException(name + ": " + count + " labels but "
                    + features.length + " feature values for shape " + shape);
        }
        int d = (int) shape.size();
        return (row, dst, offset) -> System.arraycopy(features, row * d, dst, offset, d);
    }

    public String name() { return name; }
    public Shape shape() { return shape; }
    public int classes() { return classes; }
    public int size() { return labels.length; }
    public int label(int i) { return labels[i]; }

    /** Names of the classes in label order (e.g. "T-shirt/top"), or empty when they are just numbers. */
    public List<String> classNames() { return classNames; }

    /** Copies example {@code i}'s features into {@code dst} at {@code offset}. */
    public void copyFeatures(int i, float[] dst, int offset) {
        examples.copy(rows == null ? i : rows[i], dst, offset);
    }

    /** One feature value; copies the whole example, so loops over many examples should use {@link #copyFeatures}. */
    public float feature(int i, int j) {
        float[] x = new float[(int) shape.size()];
        copyFeatures(i, x, 0);
        return x[j];
    }

    /** The examples at {@code indices}, as a new dataset sharing this one's storage. */
    public Dataset subset(String newName, int[] indices) {
        int[] r = new int[indices.length];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            r[k] = rows == null ? indices[k] : rows[indices[k]];
            y[k] = labels[indices[k]];
        }
        return new Dataset(newName, shape, classes, classNames, examples, r, y);
    }

    /** The same numbers viewed in another shape of equal size (e.g. 1x28x28 as 784). */
    public Dataset withShape(Shape s) {
        if (s.size() != shape.size()) {
            throw new IllegalArgumentException(name + ": cannot view " + shape + " as " + s + " (" + shape.size()
                    + " vs " + s.size() + " values)");
        }
        return new Dataset(name, s, classes, classNames, examples, rows, labels);
    }

    /** The same examples with more classes (a network with more outputs than the data has labels). */
    public Dataset withClasses(int n) {
        if (n < classes) throw new IllegalArgumentException(name + ": has " + classes + " classes, cannot shrink to " + n);
        return new Dataset(name, shape, n, n == classes ? classNames : List.of(), examples, rows, labels);
    }

    Examples examples() { return examples; }

    /** Source row of each example (a copy), for rebuilding the dataset over refitted examples. */
    int[] rows() {
        if (rows != null) return rows.clone();
        int[] r = new int[labels.length];
        for (int i = 0; i < r.length; i++) r[i] = i;
        return r;
    }

    int[] labels() { return labels.clone(); }

    Dataset withExamples(Shape s, Examples e) {
        return new Dataset(name, s, classes, classNames, e, rows, labels);
    }
}
