package reslab.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The direct BLAS call against ND4J's mmul, for both types, both transposes, views and beta. */
class BlasTest {
    private static INDArray random(DataType dt, long... shape) {
        return Nd4j.rand(dt, shape).subi(0.5);
    }

    @Test
    void gemmMatchesMmulWithTransposesAndBeta() {
        Nd4j.getRandom().setSeed(3);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    INDArray a = ta ? random(dt, 7, 5) : random(dt, 5, 7);
                    INDArray b = tb ? random(dt, 3, 7) : random(dt, 7, 3);
                    INDArray c = random(dt, 5, 3);
                    INDArray expected = (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b).muli(2).addi(c.mul(0.5));
                    Blas.gemm(a, b, c, ta, tb, 2.0, 0.5);
                    assertArrayEquals(expected.reshape(15).toDoubleVector(), c.reshape(15).toDoubleVector(), tol, dt + " ta=" + ta + " tb=" + tb);
                }
            }
        }
    }

    @Test
    void gemmReadsAndWritesViewsAtAnOffset() {
        Nd4j.getRandom().setSeed(4);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray big = random(dt, 6, 4);
            INDArray a = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());     // rows 2..4: dense, offset 8
            INDArray b = random(dt, 4, 2);
            INDArray out = Nd4j.zeros(dt, 5, 2);
            INDArray c = out.get(NDArrayIndex.interval(1, 4), NDArrayIndex.all());     // offset 2
            Blas.gemm(a, b, c, false, false, 1.0, 0.0);
            assertArrayEquals(a.mmul(b).reshape(6).toDoubleVector(), c.dup().reshape(6).toDoubleVector(), 1e-6, dt.toString());
            assertArrayEquals(new double[] {0, 0}, out.getRow(0).toDoubleVector(), 0.0, "row before the view untouched");
            assertArrayEquals(new double[] {0, 0}, out.getRow(4).toDoubleVector(), 0.0, "row after the view untouched");
        }
    }

    @Test
    void nonDenseOperandsFallBackToNd4j() {
        INDArray a = random(DataType.FLOAT, 4, 6).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)); // strided rows
        INDArray b = random(DataType.FLOAT, 3, 2);
        INDArray c = Nd4j.zeros(DataType.FLOAT, 4, 2);
        Blas.gemm(a, b, c, false, false, 1.0, 0.0);
        assertArrayEquals(a.mmul(b).reshape(8).toDoubleVector(), c.reshape(8).toDoubleVector(), 1e-6);
    }
}
