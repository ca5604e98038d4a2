package reslab.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static reslab.engine.testutil.TestArrays.normal;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import reslab.engine.spec.Padding;
import reslab.engine.testutil.ReferenceLayers;
import reslab.engine.testutil.ReferenceLayers.Axis;
import reslab.engine.testutil.ReferenceLayers.T4;

/**
 * oneDNN called directly: that it runs here, that the geometries of the CIFAR ResNets take it,
 * and that what it computes equals the plain-loop reference (Conv2DTest checks the layer, which
 * may fall back to libnd4j; this calls oneDNN alone, so a fallback cannot hide an error).
 */
class OneDnnConvTest {
    private static boolean linuxX86() {
        return System.getProperty("os.name").toLowerCase().contains("linux") && System.getProperty("os.arch").equals("amd64");
    }

    @Test
    void oneDnnLoadsOnLinuxX86() {
        assumeTrue(linuxX86(), "the build this machine gets");
        assertTrue(OneDnn.available(), () -> "oneDNN did not start: " + OneDnn.problem());
    }

    /**
     * ResNet-20's convolutions: 3x3 same at stride 1 and 2 (at 32 and 64 channels by Winograd's
     * algorithm on AVX-512), and a 1x1 projection at stride 2; then the odd cases.
     */
    static Stream<Conv2DTest.Case> cases() {
        return Stream.concat(Stream.of(
                new Conv2DTest.Case(4, 16, 12, 12, 16, 3, 3, 1, 1, Padding.explicit(1), false),
                new Conv2DTest.Case(4, 32, 10, 10, 32, 3, 3, 1, 1, Padding.explicit(1), false),
                new Conv2DTest.Case(3, 64, 8, 8, 64, 3, 3, 1, 1, Padding.SAME, true),
                new Conv2DTest.Case(2, 32, 7, 9, 48, 3, 3, 1, 1, Padding.VALID, false),
                new Conv2DTest.Case(4, 16, 12, 12, 32, 3, 3, 2, 2, Padding.explicit(1), false),
                new Conv2DTest.Case(4, 16, 12, 12, 32, 1, 1, 2, 2, Padding.VALID, false),
                new Conv2DTest.Case(4, 3, 12, 12, 16, 3, 3, 1, 1, Padding.SAME, true)), Conv2DTest.CASES.stream());
    }

    private static final List<Conv2DTest.Case> MUST_TAKE_ONEDNN = cases().limit(7).toList();

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndBothGradientsEqualThePlainLoopReference(Conv2DTest.Case k) {
        assumeTrue(OneDnn.available(), "oneDNN is not on this computer");
        Axis ah = ReferenceLayers.axis(k.h(), k.kh(), k.sh(), k.mode(), k.padding().h());
        Axis aw = ReferenceLayers.axis(k.w(), k.kw(), k.sw(), k.mode(), k.padding().w());
        Window2D win = Window2D.of(k.kh(), k.kw(), k.sh(), k.sw(), k.padding(), k.h(), k.w());
        INDArray x = normal(1, 1.0, k.n(), k.c(), k.h(), k.w()).castTo(DataType.FLOAT);
        INDArray w = normal(2, 0.5, k.filters(), k.c(), k.kh(), k.kw()).castTo(DataType.FLOAT);
        INDArray b = k.bias() ? normal(3, 0.5, k.filters()).castTo(DataType.FLOAT) : null;
        INDArray dy = normal(4, 1.0, k.n(), k.filters(), ah.out(), aw.out()).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(DataType.FLOAT, dy.shape()), dx = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dw = Nd4j.create(DataType.FLOAT, w.shape()), db = k.bias() ? Nd4j.create(DataType.FLOAT, k.filters()) : null;

        boolean ran = OneDnnConv.forward(x, w, b, y, win);
        assertEquals(ran, OneDnnConv.backward(x, w, dy, dx, dw, db, win), "forward and backward take the same path");
        if (MUST_TAKE_ONEDNN.contains(k)) assertTrue(ran, "a ResNet convolution fell back to libnd4j");
        assumeTrue(ran, "oneDNN has no convolution for this geometry: the layer falls back");

        T4 xr = T4.of(x), wr = T4.of(w);
        double[] bias = k.bias() ? b.castTo(DataType.DOUBLE).toDoubleVector() : null;
        T4 yRef = ReferenceLayers.conv(xr, wr, bias, k.sh(), k.sw(), ah, aw);
        T4[] gRef = ReferenceLayers.convBackward(xr, wr, T4.of(dy), k.sh(), k.sw(), ah, aw);
        assertEquals(0, ReferenceLayers.relativeError(T4.of(y), yRef), 2e-5, "y");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dx), gRef[0]), 2e-5, "dx");
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dw), gRef[1]), 2e-5, "dW");
        if (k.bias()) assertEquals(0, ReferenceLayers.relativeError(T4.of(db.reshape(1, 1, 1, k.filters())), gRef[2]), 2e-5, "db");

        // Without dx (a first layer): dW alone, the same.
        INDArray dw2 = Nd4j.create(DataType.FLOAT, w.shape());
        assertTrue(OneDnnConv.backward(x, w, dy, null, dw2, db, win));
        assertEquals(0, ReferenceLayers.relativeError(T4.of(dw2), gRef[1]), 2e-5, "dW without dx");
    }

    /** With AVX-512, 3x3 convolutions at stride 1 with 32 to 64 channels in and out run by Winograd's algorithm, others directly. */
    @Test
    void winogradWhereItWasFaster() throws java.io.IOException {
        assumeTrue(OneDnn.available() && linuxX86(), "oneDNN is not on this computer");
        assumeTrue(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo")).contains(" avx512f"), "no AVX-512: direct only");
        INDArray x32 = Nd4j.create(DataType.FLOAT, 2, 32, 8, 8), x16 = Nd4j.create(DataType.FLOAT, 2, 16, 8, 8);
        Window2D same = Window2D.of(3, 3, 1, 1, Padding.SAME, 8, 8), strided = Window2D.of(3, 3, 2, 2, Padding.SAME, 8, 8);
        assertTrue(OneDnnConv.byWinograd(x32, Nd4j.create(DataType.FLOAT, 32, 32, 3, 3), same, false));
        assertTrue(OneDnnConv.byWinograd(x32, Nd4j.create(DataType.FLOAT, 64, 32, 3, 3), same, true));
        assertFalse(OneDnnConv.byWinograd(x16, Nd4j.create(DataType.FLOAT, 16, 16, 3, 3), same, false), "16 channels");
        assertFalse(OneDnnConv.byWinograd(x32, Nd4j.create(DataType.FLOAT, 32, 32, 3, 3), strided, false), "stride 2");
        assertFalse(OneDnnConv.byWinograd(x32, Nd4j.create(DataType.FLOAT, 32, 32, 1, 1), Window2D.of(1, 1, 1, 1, Padding.SAME, 8, 8), false));
        assertFalse(OneDnnConv.byWinograd(x32, Nd4j.create(DataType.FLOAT, 128, 32, 3, 3), same, false), "128 channels out");
    }

    /** A view (a batch cut from a larger array) gives what its dense copy gives. */
    @Test
    void aViewGivesWhatItsDenseCopyGives() {
        assumeTrue(OneDnn.available(), "oneDNN is not on this computer");
        INDArray all = normal(5, 1.0, 6, 8, 6, 6).castTo(DataType.FLOAT);
        INDArray view = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4));          // examples 2 and 3
        INDArray copy = view.dup('c');
        INDArray w = normal(6, 0.5, 8, 8, 3, 3).castTo(DataType.FLOAT);
        Window2D win = Window2D.of(3, 3, 1, 1, Padding.SAME, 6, 6);
        INDArray y1 = Nd4j.create(DataType.FLOAT, 2, 8, 6, 6), y2 = Nd4j.create(DataType.FLOAT, 2, 8, 6, 6);
        assertTrue(OneDnnConv.forward(view, w, null, y1, win));
        assertTrue(OneDnnConv.forward(copy, w, null, y2, win));
        assertEquals(0, y1.distance2(y2), 0);
    }
}
