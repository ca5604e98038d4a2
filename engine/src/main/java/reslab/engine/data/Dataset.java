package reslab.engine.data;

import reslab.engine.spec.Shape;

/**
 * Examples as a flat row-major float array ({@code count x shape.size()}) with integer
 * class labels. Immutable after construction: loaders hand over their arrays.
 */
public final class Dataset {
    private final String name;
    private final Shape shape;
    private final int classes;
    private final float[] features;
    private final int[] labels;

    public Dataset(String name, Shape shape, int classes, float[] features, int[] labels) {
        if ((long) labels.length * shape.size() != features.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but "
                    + features.length + " feature values for shape " + shape);
        }
        for (int y : labels) {
            if (y < 0 || y >= classes) throw new IllegalArgumentException(name + ": label " + y + " outside 0.." + (classes - 1));
        }
        this.name = name;
        this.shape = shape;
        this.classes = classes;
        this.features = features;
        this.labels = labels;
    }

    public String name() { return name; }
    public Shape shape() { return shape; }
    public int classes() { return classes; }
    public int size() { return labels.length; }
    public int label(int i) { return labels[i]; }

    /** Copies example {@code i}'s features into {@code dst} at {@code offset}. */
    public void copyFeatures(int i, float[] dst, int offset) {
        int d = (int) shape.size();
        System.arraycopy(features, i * d, dst, offset, d);
    }

    public float feature(int i, int j) {
        return features[i * (int) shape.size() + j];
    }

    /** The examples at {@code indices}, as a new dataset. */
    public Dataset subset(String newName, int[] indices) {
        int d = (int) shape.size();
        float[] f = new float[indices.length * d];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(features, indices[k] * d, f, k * d, d);
            y[k] = labels[indices[k]];
        }
        return new Dataset(newName, shape, classes, f, y);
    }
}
