package reslab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ComputeThreadsTest {
    /**
     * Runs in a fresh thread of a JVM where the trainer may call it first: it must work
     * before anything else has touched ND4J (it once failed there with "ND4J is probably
     * missing dependencies").
     */
    @Test
    void limitSetsNd4jThreadCount() {
        ComputeThreads.limit(1);
        assertEquals(1, Nd4j.getEnvironment().maxThreads());
        assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
    }

    @Test
    void leavingOneCoreNeverAsksForZero() {
        assertTrue(ComputeThreads.leavingOneCore() >= 1);
    }
}
