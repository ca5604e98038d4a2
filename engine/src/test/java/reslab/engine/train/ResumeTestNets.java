package reslab.engine.train;

import reslab.engine.spec.NetworkSpec;

/** The designs of {@link ResumeTest}, for the project-file tests of another package. */
public final class ResumeTestNets {
    private ResumeTestNets() {}

    public static NetworkSpec convNet() {
        return ResumeTest.convNet();
    }
}
