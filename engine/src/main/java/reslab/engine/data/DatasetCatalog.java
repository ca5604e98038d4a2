package reslab.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import reslab.engine.shape.NetworkAnalysis;
import reslab.engine.shape.ShapeInference;
import reslab.engine.spec.InputSpec;
import reslab.engine.spec.NetworkSpec;
import reslab.engine.spec.NodeSpec;
import reslab.engine.spec.Shape;

/**
 * Datasets by id, and from the user's files.
 *
 * <p>Built in ({@link #ids()}): {@code spirals}, {@code circles} (2-D toys generated from a
 * fixed seed: they are the problem, not the run), {@code mnist}, {@code fashion-mnist} (the
 * bundled 10,000 + 2,000 image subsets, read from the classpath, never from the network),
 * {@code synthetic} (seeded noise with a learnable class signal; it takes the shape and class
 * count of whatever network it is fitted to).
 *
 * <p>From files ({@link #open(String, Path)}): {@code cifar10} (a folder of the CIFAR-10 binary
 * version), {@code idx} (a folder with the four MNIST-style IDX files, raw or .gz),
 * {@code csv} (one file; 20% of its rows, chosen with a fixed seed, become the test split).
 *
 * <p>Normalisation: images are scaled to [0, 1], then (x - mean) / std per channel with the
 * training split's statistics: MNIST 0.1307 / 0.3081 and Fashion-MNIST 0.2860 / 0.3530 for the
 * bundled subsets (the published full-set figures), computed from the files for a user's
 * folder (the full MNIST training set gives the same figures). CSV features are standardised
 * per column. {@link #fit} then lays images out for a network's input (pad, resize, repeat a
 * grey channel, or flatten).
 */
public final class DatasetCatalog {
    private DatasetCatalog() {}

    public static final long DATA_SEED = 7;
    /** Examples of the built-in synthetic set: train, test. */
    public static final int SYNTHETIC_TRAIN = 2048, SYNTHETIC_TEST = 512;
    /** Fraction of a CSV file's rows held out for testing. */
    public static final double CSV_TEST_FRACTION = 0.2;

    private static final String BUNDLE = "/reslab/datasets/";
    private static final Map<String, ImageSet[]> BUNDLED = new ConcurrentHashMap<>();
    private static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The built-in dataset ids, in the order a chooser lists them. */
    public static List<String> ids() {
        return List.of("spirals", "circles", "mnist", "fashion-mnist", "synthetic");
    }

    /** The kinds {@link #open(String, Path)} reads. */
    public static List<String> fileKinds() {
        return List.of("cifar10", "idx", "csv");
    }

    /**
     * A built-in dataset, or empty for an unknown id. {@code synthetic} comes as 3x32x32 with
     * 10 classes until {@link #fit} gives it a network's shape.
     *
     * @throws IllegalStateException if a bundled file is missing or damaged (a broken build)
     */
    public static Optional<Split> load(String id) {
        return switch (id) {
            case "spirals" -> Optional.of(Split.of(ToyDatasets.twoSpirals(1200, 0.02, 1.0, DATA_SEED), 0.25, DATA_SEED));
            case "circles" -> Optional.of(Split.of(ToyDatasets.circles(1200, 0.05, DATA_SEED), 0.25, DATA_SEED));
            case "mnist" -> Optional.of(bundled("mnist", 0.1307, 0.3081, List.of()));
            case "fashion-mnist" -> Optional.of(bundled("fashion-mnist", 0.2860, 0.3530, FASHION_CLASSES));
            case "synthetic" -> Optional.of(new Split(
                    SyntheticExamples.dataset("synthetic/train", Shape.of(3, 32, 32), 10, SYNTHETIC_TRAIN, DATA_SEED),
                    SyntheticExamples.dataset("synthetic/test", Shape.of(3, 32, 32), 10, SYNTHETIC_TEST, DATA_SEED + 1)));
            default -> Optional.empty();
        };
    }

    /**
     * Reads a dataset from the user's files.
     *
     * @param kind one of {@link #fileKinds()}
     * @param path a folder for {@code cifar10} and {@code idx}, a file for {@code csv}
     */
    public static Split open(String kind, Path path) throws DatasetException {
        switch (kind) {
            case "cifar10" -> {
                ImageSet[] s = Cifar10Format.readFolder(path);
                return images("cifar10", s[0], s[1], null, null, Cifar10Format.CLASS_NAMES);
            }
            case "idx" -> {
                ImageSet[] s = IdxFormat.readFolder(path);
                return images(String.valueOf(path.toAbsolutePath().normalize().getFileName()), s[0], s[1], null, null, List.of());
            }
            case "csv" -> {
                if (!Files.exists(path)) throw new DatasetException(path.toString(), "no such file");
                if (!Files.isRegularFile(path)) throw new DatasetException(path.toString(), "not a file");
                Dataset all = CsvFormat.read(path);
                return CsvFormat.standardise(Split.of(all, CSV_TEST_FRACTION, DATA_SEED));
            }
            default -> throw new IllegalArgumentException("unknown dataset kind '" + kind + "' (" + String.join(", ", fileKinds()) + ")");
        }
    }

    /**
     * A built-in id, {@code kind:path} (e.g. {@code csv:data/iris.txt}), or a path whose kind is
     * recognised: a folder with {@code data_batch_1.bin}/{@code test_batch.bin} is CIFAR-10, a
     * folder with {@code *-idx3-ubyte[.gz]} files is IDX, a {@code .csv}/{@code .tsv}/{@code .txt}
     * file is CSV.
     */
    public static Split resolve(String idOrPath) throws DatasetException {
        Optional<Split> builtIn = load(idOrPath);
        if (builtIn.isPresent()) return builtIn.get();
        for (String kind : fileKinds()) {
            if (idOrPath.startsWith(kind + ":")) return open(kind, Path.of(idOrPath.substring(kind.length() + 1)));
            if (idOrPath.equals(kind)) {
                throw new DatasetException(kind, "is read from your files: give " + kind + ":" + (kind.equals("csv") ? "FILE" : "FOLDER")
                        + (kind.equals("cifar10") ? " (the folder of the CIFAR-10 binary version, cifar-10-batches-bin)" : ""));
            }
        }
        Path p = Path.of(idOrPath);
        if (!Files.exists(p)) {
            throw new DatasetException(idOrPath, "no such dataset or file (built in: " + String.join(", ", ids()) + ")");
        }
        return open(kindOf(p), p);
    }

    /** The kind of dataset at {@code p}, judged by its file names. */
    public static String kindOf(Path p) throws DatasetException {
        if (Files.isDirectory(p)) {
            if (Files.exists(p.resolve("test_batch.bin")) || Files.exists(p.resolve("data_batch_1.bin"))
                    || Files.isDirectory(p.resolve("cifar-10-batches-bin"))) {
                return "cifar10";
            }
            try (Stream<Path> files = Files.list(p)) {
                if (files.anyMatch(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*idx[13]-ubyte(\\.gz)?"))) {
                    return "idx";
                }
            } catch (IOException e) {
                throw new DatasetException(p.toString(), "cannot list the folder: " + e.getMessage(), e);
            }
        } else {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt")) return "csv";
        }
        throw new DatasetException(p.toString(), "cannot tell which dataset this is: expected a CIFAR-10 folder "
                + "(data_batch_1.bin ... test_batch.bin), an IDX folder (train-images-idx3-ubyte[.gz] ...) or a .csv file");
    }

    /** {@link #fit(Split, Shape, int)} to the input shape and output width of {@code network}. */
    public static Split fit(Split data, NetworkSpec network) throws DatasetException {
        Shape input = null;
        for (NodeSpec n : network.nodes()) if (n.layer() instanceof InputSpec in) input = in.shape();
        NetworkAnalysis a = ShapeInference.analyze(network);
        Shape out = a.node(network.output()).filter(i -> i.valid()).map(i -> i.outputShape()).orElse(null);
        if (input == null || out == null) {
            throw new DatasetException(network.name(), "the network has no valid input or output to fit data to");
        }
        return fit(data, input, (int) out.size());
    }

    /**
     * The same examples laid out for a network that takes {@code input} and outputs
     * {@code classes} scores: images are flattened, padded, resized or get their grey channel
     * repeated as {@link ImageExamples} describes; other data must have as many values per
     * example; synthetic data takes any shape and class count. A dataset with fewer classes
     * than outputs keeps its labels (the extra outputs are never the answer).
     */
    public static Split fit(Split data, Shape input, int classes) throws DatasetException {
        return new Split(fit(data.train(), input, classes), fit(data.test(), input, classes));
    }

    private static Dataset fit(Dataset d, Shape input, int classes) throws DatasetException {
        if (d.examples() instanceof SyntheticExamples) return SyntheticExamples.refit(d, input, classes);
        if (d.classes() > classes) {
            throw new DatasetException(d.name(), d.classes() + " classes but the network has " + classes
                    + " output" + (classes == 1 ? "" : "s") + "; give its last layer at least " + d.classes() + " units");
        }
        Dataset out = d.withClasses(classes);
        if (d.shape().equals(input)) return out;
        if (d.examples() instanceof ImageExamples im) return out.withExamples(input, ImageExamples.fit(im.images(), input));
        if (d.shape().size() == input.size()) return out.withShape(input);
        throw new DatasetException(d.name(), "examples of " + d.shape() + " (" + d.shape().size()
                + " values) do not fit a network input of " + input + " (" + input.size() + " values)");
    }

    private static Split bundled(String id, double mean, double std, List<String> classNames) {
        ImageSet[] s = BUNDLED.computeIfAbsent(id, DatasetCatalog::readBundled);
        try {
            return images(id, s[0], s[1], new double[] {mean}, new double[] {std}, classNames);
        } catch (DatasetException e) {
            throw new IllegalStateException("bundled dataset " + id + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Reads a bundled set from the classpath, bypassing the cache. */
    static ImageSet[] readBundled(String id) {
        String dir = BUNDLE + id + "/";
        try {
            return new ImageSet[] {
                    readResource(id, dir + "train-images-idx3-ubyte.gz", dir + "train-labels-idx1-ubyte.gz"),
                    readResource(id, dir + "t10k-images-idx3-ubyte.gz", dir + "t10k-labels-idx1-ubyte.gz")};
        } catch (DatasetException | IOException e) {
            throw new IllegalStateException("bundled dataset " + id + " is damaged: " + e.getMessage(), e);
        }
    }

    private static ImageSet readResource(String id, String images, String labels) throws DatasetException, IOException {
        try (InputStream im = DatasetCatalog.class.getResourceAsStream(images);
             InputStream lb = DatasetCatalog.class.getResourceAsStream(labels)) {
            if (im == null || lb == null) {
                throw new IllegalStateException("bundled dataset " + id + " is missing " + (im == null ? images : labels)
                        + " (is reslab-resources on the classpath?)");
            }
            return IdxFormat.read(images, im, labels, lb);
        }
    }

    /** Train and test datasets of 8-bit images; mean/std null: the training split's own. */
    private static Split images(String name, ImageSet train, ImageSet test, double[] mean, double[] std, List<String> classNames)
            throws DatasetException {
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
            throw new DatasetException(test.name(), "test images are " + test.channels() + "x" + test.height() + "x" + test.width()
                    + ", training images " + train.channels() + "x" + train.height() + "x" + train.width());
        }
        if (mean == null) {
            double[][] ms = ImageSet.stats(train.pixels(), train.count(), train.channels(), train.height() * train.width());
            mean = ms[0];
            std = ms[1];
        }
        int classes = Math.max(classNames.size(), max(train.labels()) + 1);
        int[] testLabels = test.labels();
        for (int i = 0; i < testLabels.length; i++) {
            if (testLabels[i] >= classes) {
                throw new DatasetException(test.name(), "label " + testLabels[i] + " of test image " + i
                        + " is out of range: the training labels are 0.." + (classes - 1));
            }
        }
        List<String> names = classNames.size() == classes ? classNames : List.of();
        return new Split(ImageExamples.dataset(name + "/train", train.named(name + "/train", mean, std), classes, names),
                ImageExamples.dataset(name + "/test", test.named(name + "/test", mean, std), classes, names));
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) m = Math.max(m, v);
        return m;
    }
}
