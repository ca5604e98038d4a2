package reslab.engine.bench;

import java.util.List;
import reslab.engine.data.Batches;
import reslab.engine.train.TrainingSession;

/**
 * Another framework that trains the same networks, for {@link PeerBenchmark}. The one there is,
 * DL4J, lives in src/bench/java and is compiled only by the Maven profile {@code bench}, so the
 * normal build neither compiles nor downloads it; {@link #find()} looks it up by name.
 */
public interface PeerFramework {
    /** The implementation the bench profile compiles. */
    String DL4J = "reslab.engine.bench.dl4j.Dl4jPeer";

    /** E.g. "DL4J 1.0.0-M2.1". */
    String name();

    /** Lines for the printout: what was switched on to make it fast, and how that was checked. */
    List<String> setup();

    /**
     * The network of {@code reslab} rebuilt in this framework with the same initial weights and
     * the same update rule and learning rate (as far as the framework offers them).
     */
    Net build(TrainingSession reslab);

    /** One network in the peer framework. */
    interface Net {
        /** One training step on {@code batch}: forward, backward, update. */
        void step(Batches.Batch batch);

        /** The mean loss on {@code batch} in training mode, changing no weights. */
        double loss(Batches.Batch batch);

        /** Lines for the printout, e.g. which layers run in oneDNN; checked after some steps. */
        List<String> checks();
    }

    /** The peer framework if the bench profile compiled it, else null. */
    static PeerFramework find() {
        try {
            return (PeerFramework) Class.forName(DL4J).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start " + DL4J + ": " + e, e);
        }
    }
}
