package reslab.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** One-pass Java statistics against ND4J's own reductions, on plain arrays and on views. */
class BufferStatsTest {
    private static INDArray random(DataType dt, long... shape) {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(dt, shape).subi(0.5).muli(4);
    }

    @Test
    void sumOfSquaresMatchesNd4jForFloatDoubleAndViews() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = random(dt, 7, 9);
            INDArray[] cases = {a, a.transpose(), a.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()),
                    a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)), a.reshape('f', 9, 7)};
            for (INDArray c : cases) {
                double expected = c.norm2Number().doubleValue();
                assertEquals(expected, BufferStats.norm2(c), 1e-5 * expected, dt + " " + java.util.Arrays.toString(c.shape()));
            }
        }
    }

    /** A million float squares summed in double: a float sum would be off by about 1e-4 here. */
    @Test
    void floatSquaresAreSummedInDouble() {
        INDArray a = random(DataType.FLOAT, 1 << 20);
        double expected = 0;
        for (float v : a.data().asFloat()) expected += (double) v * v;
        assertEquals(expected, BufferStats.sumOfSquares(a), 1e-10 * expected);
    }

    @Test
    void momentsMatchMeanPopulationStdAndThresholdCount() {
        INDArray a = random(DataType.DOUBLE, 16, 5);
        BufferStats.Moments m = BufferStats.moments(a, 0.5, 1.2);
        assertEquals(a.meanNumber().doubleValue(), m.mean(), 1e-12);
        assertEquals(a.std(false).getDouble(0), m.std(), 1e-12);
        double beyond = a.sub(0.5).norm1Number().doubleValue(); // just to touch the data differently
        assertTrue(beyond > 0);
        long count = 0;
        for (double v : a.data().asDouble()) if (Math.abs(v - 0.5) > 1.2) count++;
        assertEquals((double) count / a.length(), m.fractionBeyond(), 1e-12);
        assertTrue(Double.isNaN(BufferStats.moments(a, 0, Double.NaN).fractionBeyond()));
    }

    /**
     * A sigmoid's saturated fraction, |y - 0.5| > 0.495, counted on floats over several chunks
     * of a view inside its buffer, compared in double as a plain loop does, the floats next
     * to 0.995 and 0.005 included.
     */
    @Test
    void floatSaturationCountsAsADoubleLoop() {
        int n = 3 * 2048 + 7;
        INDArray whole = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(random(DataType.FLOAT, 2, n).muli(6), false);
        INDArray a = whole.get(NDArrayIndex.point(1), NDArrayIndex.all());
        assertTrue(a.offset() > 0);
        float[] edges = {0.995f, Math.nextUp(0.995f), Math.nextDown(0.995f), 0.005f, Math.nextUp(0.005f), Math.nextDown(0.005f)};
        for (int i = 0; i < edges.length; i++) a.putScalar(100L * i, edges[i]);
        float[] y = a.dup().data().asFloat();
        long count = 0;
        for (float v : y) if (Math.abs((double) v - 0.5) > 0.495) count++;
        assertTrue(count > n / 10 && count < n, "a fair share saturated: " + count);
        BufferStats.Moments m = BufferStats.moments(a, 0.5, 0.495);
        assertEquals((double) count / n, m.fractionBeyond(), 0.0);
        assertEquals(a.meanNumber().doubleValue(), m.mean(), 1e-6);
    }

    /**
     * Float moments without a count and float differences go through OpenBLAS in runs of
     * 8,192 values: over several runs and a last short one, on a view that starts inside its
     * buffer, they equal plain double loops.
     */
    @Test
    void floatMomentsAndDifferencesOverSeveralRunsMatchDoubleLoops() {
        int n = 3 * 8192 + 5;
        INDArray whole = random(DataType.FLOAT, 2, n).addi(1.5);    // mean away from 0
        INDArray a = whole.get(NDArrayIndex.point(1), NDArrayIndex.all());
        INDArray b = random(DataType.FLOAT, n);
        assertTrue(a.offset() > 0);
        float[] x = a.dup().data().asFloat(), y = b.data().asFloat();
        double sum = 0, squares = 0, differences = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
            squares += (double) x[i] * x[i];
            differences += ((double) x[i] - y[i]) * ((double) x[i] - y[i]);
        }
        double mean = sum / n, variance = squares / n - mean * mean;
        BufferStats.Moments m = BufferStats.moments(a, 0, Double.NaN);
        // OpenBLAS's dsdot rounds within runs of values here: about 1e-9 of the sum, not double's 1e-16.
        assertEquals(mean, m.mean(), 1e-8 * Math.abs(mean));
        assertEquals(variance, m.std() * m.std(), 1e-7 * variance);
        assertEquals(Math.sqrt(differences / n), BufferStats.rmsOfDifference(a, b), 1e-6 * Math.sqrt(differences / n));
        b.putScalar(n - 1, Float.NaN);
        assertTrue(Double.isNaN(BufferStats.rmsOfDifference(a, b)));
        assertTrue(Double.isNaN(BufferStats.moments(b, 0, Double.NaN).mean()));
    }

    @Test
    void deadFractionCountsUnitsZeroForTheWholeBatch() {
        INDArray y = Nd4j.create(new double[][] {{0, 1, 0, 0}, {0, 0, 0, 2}, {0, 3, 0, 0}});
        assertEquals(0.5, BufferStats.deadFraction(y), 1e-12); // units 0 and 2 never fire
        INDArray images = Nd4j.zeros(DataType.FLOAT, 2, 3, 2, 2);
        images.putScalar(new long[] {1, 2, 1, 1}, 1f);
        assertEquals(11.0 / 12, BufferStats.deadFraction(images), 1e-12);
    }

    @Test
    void nonFiniteValuesShowInTheSumOfSquares() {
        INDArray a = Nd4j.create(new float[] {1, 2, Float.NaN}, new long[] {3});
        assertFalse(Double.isFinite(BufferStats.sumOfSquares(a)));
        INDArray b = Nd4j.create(new float[] {1, Float.POSITIVE_INFINITY}, new long[] {2});
        assertFalse(Double.isFinite(BufferStats.sumOfSquares(b)));
    }
}
