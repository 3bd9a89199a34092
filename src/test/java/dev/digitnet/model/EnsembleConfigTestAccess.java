package dev.digitnet.model;

/** {@link EnsembleConfigTest}'s random members and pictures, for the export tests of other packages. */
public final class EnsembleConfigTestAccess {

    private EnsembleConfigTestAccess() {}

    public static DigitNetModel randomNetwork(long seed) {
        return EnsembleConfigTest.randomNetwork(seed);
    }

    public static float[][] images(int n, long seed) {
        return EnsembleConfigTest.images(n, seed);
    }
}
