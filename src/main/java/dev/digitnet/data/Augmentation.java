package dev.digitnet.data;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Applies a {@link RandomAffine} with randomness addressed by (seed, epoch, image index), so an
 * augmented batch is the same whatever thread makes it and whether or not training was resumed.
 */
public final class Augmentation {

    private final RandomAffine affine;
    private final long seed;

    public Augmentation(RandomAffine affine, long seed) {
        this.affine = affine;
        this.seed = seed;
    }

    /** The model card's training augmentation ({@link RandomAffine#modelCard()}), seeded. */
    public static Augmentation modelCard(long seed) {
        return new Augmentation(RandomAffine.modelCard(), seed);
    }

    /** The affine transform and seed, for provenance. */
    public String describe() {
        return affine + ", seed " + seed;
    }

    /** The random source for one image of one epoch. */
    public SplittableRandom randomFor(int epoch, int index) {
        long key = seed * 0x9E3779B97F4A7C15L + ((long) epoch << 32) + index;
        return new SplittableRandom(key);
    }

    /** Writes the augmented image {@code index} of {@code images} into {@code dst} at {@code offset}. */
    public void augmentInto(DigitImages images, int index, int epoch, float[] dst, int offset, float[] scratchIn, float[] scratchOut) {
        int side = images.side();
        int n = side * side;
        System.arraycopy(images.pixels(), index * n, scratchIn, 0, n);
        affine.apply(scratchIn, scratchOut, side, side, affine.sample(randomFor(epoch, index), side, side));
        System.arraycopy(scratchOut, 0, dst, offset, n);
    }

    /**
     * The whole set transformed once, as the model card's "highly augmented" test set: a fixed seed
     * makes its figures reproducible.
     */
    public DigitImages applyToAll(DigitImages images) {
        int n = images.pixelsPerImage();
        float[] out = new float[images.pixels().length];
        IntStream.range(0, images.count()).parallel().forEach(i -> {
            float[] src = images.image(i);
            float[] dst = new float[n];
            affine.apply(src, dst, images.side(), images.side(), affine.sample(randomFor(0, i), images.side(), images.side()));
            System.arraycopy(dst, 0, out, i * n, n);
        });
        return new DigitImages(out, images.labels().clone(), images.side());
    }
}
