package reslab.engine.train;

import java.util.SplittableRandom;
import reslab.engine.spec.Init;

/**
 * Seeded weight initialisation in plain Java, so float and double copies of a network
 * start from the same numbers and adding a node never changes another node's weights:
 * each tensor draws from its own stream, derived from the run seed and its key.
 */
public final class Initializers {
    private Initializers() {}

    public static double[] sample(Init init, long seed, String key, int fanIn, int fanOut, int count) {
        SplittableRandom rng = new SplittableRandom(streamSeed(seed, key));
        double[] v = new double[count];
        switch (init.kind()) {
            case GLOROT_UNIFORM -> fillUniform(v, rng, Math.sqrt(6.0 / (fanIn + fanOut)));
            case GLOROT_NORMAL -> fillNormal(v, rng, Math.sqrt(2.0 / (fanIn + fanOut)));
            case HE_NORMAL -> fillNormal(v, rng, Math.sqrt(2.0 / fanIn));
            case HE_UNIFORM -> fillUniform(v, rng, Math.sqrt(6.0 / fanIn));
            case LECUN_NORMAL -> fillNormal(v, rng, Math.sqrt(1.0 / fanIn));
            case LECUN_UNIFORM -> fillUniform(v, rng, Math.sqrt(3.0 / fanIn));
            case STANDARD_UNIFORM -> fillUniform(v, rng, 1.0 / Math.sqrt(fanIn));
            case CONSTANT -> java.util.Arrays.fill(v, init.value());
        }
        return v;
    }

    static long streamSeed(long seed, String key) {
        // 64-bit FNV-1a over the key: String.hashCode gives equal streams to keys like "Aa.W" and "BB.W".
        long h = seed * 0x9E3779B97F4A7C15L ^ 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) h = (h ^ key.charAt(i)) * 0x100000001b3L;
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        return h;
    }

    private static void fillUniform(double[] v, SplittableRandom rng, double a) {
        for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble(-a, a);
    }

    private static void fillNormal(double[] v, SplittableRandom rng, double std) {
        for (int i = 0; i < v.length; i += 2) {
            // Box-Muller: two independent normals per pair of uniforms.
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            v[i] = std * r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < v.length) v[i + 1] = std * r * Math.sin(2 * Math.PI * u2);
        }
    }
}
