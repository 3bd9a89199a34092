package dev.digitnet.train;

import dev.digitnet.data.Augmentation;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.Shuffle;
import java.util.Arrays;
import java.util.Random;

/**
 * The batches of one epoch: a seeded shuffle of the training images, cut into batches, each
 * augmented on demand. Everything depends only on (seed, epoch), so a resumed run sees the same
 * batches as an uninterrupted one.
 */
public final class BatchPlan {

    private final DigitImages images;
    private final int batchSize;
    private final int epoch;
    private final Augmentation augmentation;
    private final MixedDigits transfer;
    private final long seed;
    private final int[] order;

    /**
     * @param augmentation the random affine to apply, or {@code null} for clean images
     */
    public BatchPlan(DigitImages images, int batchSize, int epoch, long seed, Augmentation augmentation) {
        this(images, batchSize, epoch, seed, augmentation, null);
    }

    /**
     * @param augmentation the random affine to apply, or {@code null} for clean images
     * @param transfer unlabelled transfer images to append to each batch, or {@code null} for none
     */
    public BatchPlan(DigitImages images, int batchSize, int epoch, long seed, Augmentation augmentation,
            MixedDigits transfer) {
        this.images = images;
        this.batchSize = batchSize;
        this.epoch = epoch;
        this.augmentation = augmentation;
        this.transfer = transfer;
        this.seed = seed;
        this.order = Shuffle.permutation(images.count(), new Random(seed * 1_000_003L + epoch));
    }

    /** Batches in this epoch; the last one may be smaller. */
    public int batches() {
        return (images.count() + batchSize - 1) / batchSize;
    }

    /**
     * Builds batch {@code b} (0-based) in new arrays: its digits, then any transfer images
     * (labelled {@link MixedDigits#UNLABELLED}).
     */
    public Batch batch(int b) {
        return batch(b, null);
    }

    /**
     * Builds batch {@code b} (0-based) into {@code reuse} when it has exactly the batch's size (the
     * caller must be done with the batch it held), otherwise into a new array.
     *
     * <p>Why reuse: a batch of 128 images of 32×32 floats is 512 KB, a "humongous" object for G1
     * with the launcher's heap; allocating one per step started a concurrent marking cycle nearly
     * every step (about 300 in 300 steps), which took a core from libtorch.
     */
    public Batch batch(int b, float[] reuse) {
        int from = b * batchSize;
        int size = Math.min(batchSize, images.count() - from);
        int n = images.pixelsPerImage();
        int extra = transfer == null ? 0 : transfer.count(size);
        int total = size + extra;
        float[] pixels = reuse != null && reuse.length == total * n ? reuse : new float[total * n];
        int[] labels = new int[total];
        float[] in = new float[n];
        float[] out = new float[n];
        for (int i = 0; i < size; i++) {
            int index = order[from + i];
            labels[i] = images.labels()[index];
            if (augmentation == null) {
                System.arraycopy(images.pixels(), index * n, pixels, i * n, n);
            } else {
                augmentation.augmentInto(images, index, epoch, pixels, i * n, in, out);
            }
        }
        if (extra > 0) {
            transfer.mixInto(pixels, size, n, seed, epoch, b);
            Arrays.fill(labels, size, total, MixedDigits.UNLABELLED);
        }
        return new Batch(pixels, labels, images.side());
    }
}
