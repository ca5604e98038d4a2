package reslab.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import reslab.engine.spec.Shape;

class DataTest {
    private static LongFunction<Dataset> toy(String kind) {
        return kind.equals("spirals")
                ? seed -> ToyDatasets.twoSpirals(400, 0.02, 1.0, seed)
                : seed -> ToyDatasets.circles(400, 0.05, seed);
    }

    private static float[] features(Dataset d) {
        float[] f = new float[d.size() * (int) d.shape().size()];
        for (int i = 0; i < d.size(); i++) d.copyFeatures(i, f, i * (int) d.shape().size());
        return f;
    }

    private static int[] labels(Dataset d) {
        int[] y = new int[d.size()];
        for (int i = 0; i < y.length; i++) y[i] = d.label(i);
        return y;
    }

    /** Example i has the single feature i, so a batch tells which examples it holds. */
    private static Dataset numbered(int n) {
        float[] f = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            y[i] = i % 3;
        }
        return new Dataset("numbered", Shape.of(1), 3, f, y);
    }

    private static int[] indices(Batches.Batch b) {
        return Arrays.stream(b.x().toDoubleVector()).mapToInt(v -> (int) v).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"spirals", "circles"})
    void toyDatasetsRepeatForTheSameSeed(String kind) {
        Dataset a = toy(kind).apply(9), b = toy(kind).apply(9);
        assertArrayEquals(features(a), features(b));
        assertArrayEquals(labels(a), labels(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spirals", "circles"})
    void toyDatasetsDifferForDifferentSeeds(String kind) {
        assertFalse(Arrays.equals(features(toy(kind).apply(9)), features(toy(kind).apply(10))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spirals", "circles"})
    void toyDatasetsHaveBalancedClasses(String kind) {
        Dataset d = toy(kind).apply(9);
        assertEquals(2, d.classes());
        assertEquals(d.size() / 2, Arrays.stream(labels(d)).filter(y -> y == 0).count());
        assertEquals(d.size() / 2, Arrays.stream(labels(d)).filter(y -> y == 1).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spirals", "circles"})
    void catalogSplitPutsAQuarterInTheTestSetWithoutOverlap(String id) {
        Split s = DatasetCatalog.load(id).orElseThrow();
        int total = s.train().size() + s.test().size();
        assertEquals(1200, total);
        assertEquals(300, s.test().size());
        Set<String> train = new HashSet<>();
        for (int i = 0; i < s.train().size(); i++) train.add(s.train().feature(i, 0) + "," + s.train().feature(i, 1));
        for (int i = 0; i < s.test().size(); i++) {
            assertFalse(train.contains(s.test().feature(i, 0) + "," + s.test().feature(i, 1)), "test example " + i + " is also in train");
        }
    }

    @Test
    void splitKeepsEveryExampleExactlyOnce() {
        Dataset all = numbered(101);
        Split s = Split.of(all, 0.25, 3);
        assertEquals(25, s.test().size());
        assertEquals(76, s.train().size());
        List<Integer> seen = new ArrayList<>();
        for (Dataset d : List.of(s.train(), s.test())) {
            for (int i = 0; i < d.size(); i++) {
                int idx = (int) d.feature(i, 0);
                seen.add(idx);
                assertEquals(all.label(idx), d.label(i), "label travels with its example");
            }
        }
        seen.sort(null);
        for (int i = 0; i < 101; i++) assertEquals(i, seen.get(i));
    }

    @Test
    void batchesHaveTheConfiguredSizeAndMatchingLabels() {
        Dataset d = numbered(12);
        Batches b = new Batches(d, 4, 1, DataType.FLOAT);
        for (int k = 0; k < 7; k++) {
            Batches.Batch batch = b.next();
            assertArrayEquals(new long[] {4, 1}, batch.x().shape());
            assertArrayEquals(new long[] {4, 3}, batch.oneHot().shape());
            int[] idx = indices(batch);
            for (int i = 0; i < 4; i++) {
                assertEquals(d.label(idx[i]), batch.labels()[i]);
                assertEquals(1.0, batch.oneHot().getDouble(i, batch.labels()[i]), 0.0);
                assertEquals(1.0, batch.oneHot().getRow(i).sumNumber().doubleValue(), 0.0);
            }
        }
    }

    @Test
    void everyEpochIsAPermutationCoveringEachExampleOnce() {
        Batches b = new Batches(numbered(12), 4, 1, DataType.FLOAT);
        List<List<Integer>> epochs = new ArrayList<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            List<Integer> seen = new ArrayList<>();
            for (int k = 0; k < 3; k++) for (int i : indices(b.next())) seen.add(i);
            epochs.add(new ArrayList<>(seen));
            seen.sort(null);
            for (int i = 0; i < 12; i++) assertEquals(i, seen.get(i), "epoch " + epoch);
        }
        assertNotEquals(epochs.get(0), epochs.get(1), "each epoch is shuffled afresh");
    }

    @Test
    void aPartialLastBatchIsDroppedAndNoExampleRepeatsWithinAnEpoch() {
        Batches b = new Batches(numbered(10), 4, 2, DataType.FLOAT);
        for (int epoch = 0; epoch < 3; epoch++) {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < 2; k++) {
                int[] idx = indices(b.next());
                assertEquals(4, idx.length);
                for (int i : idx) assertTrue(seen.add(i), "example " + i + " twice in epoch " + epoch);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
        Batches a = new Batches(numbered(50), 5, 7, DataType.FLOAT);
        Batches b = new Batches(numbered(50), 5, 7, DataType.FLOAT);
        Batches c = new Batches(numbered(50), 5, 8, DataType.FLOAT);
        boolean differs = false;
        for (int k = 0; k < 25; k++) {
            int[] ia = indices(a.next());
            assertArrayEquals(ia, indices(b.next()), "batch " + k);
            differs |= !Arrays.equals(ia, indices(c.next()));
        }
        assertTrue(differs);
    }

    @Test
    void batchesComeInTheRequestedDataType() {
        assertEquals(DataType.DOUBLE, new Batches(numbered(8), 4, 1, DataType.DOUBLE).next().x().dataType());
        assertEquals(DataType.FLOAT, new Batches(numbered(8), 4, 1, DataType.FLOAT).next().oneHot().dataType());
    }

    @Test
    void datasetRejectsLabelsOutsideItsClasses() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Dataset("bad", Shape.of(1), 2, new float[] {0, 1}, new int[] {0, 2}));
    }
}
