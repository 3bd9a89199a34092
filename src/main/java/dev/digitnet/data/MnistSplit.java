package dev.digitnet.data;

import java.util.Arrays;

/** One MNIST split in memory: {@code count} 28×28 unsigned-byte images and their labels. */
public record MnistSplit(byte[] images, byte[] labels, int count) {

    public static final int SIDE = IdxDataset.MNIST.side();

    public MnistSplit {
        if (labels.length != count || images.length != (long) count * SIDE * SIDE) {
            throw new IllegalArgumentException("a split of " + count + " images needs " + count * SIDE * SIDE
                    + " pixels and " + count + " labels, got " + images.length + " and " + labels.length);
        }
    }

    public int label(int i) {
        return labels[i];
    }

    /** A copy of items {@code from} (inclusive) to {@code to} (exclusive). */
    public MnistSplit range(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("items " + from + " to " + to + " of a split of " + count);
        }
        int n = SIDE * SIDE;
        return new MnistSplit(Arrays.copyOfRange(images, from * n, to * n), Arrays.copyOfRange(labels, from, to), to - from);
    }

    /** A copy of the first {@code n} items (all of them if there are fewer). */
    public MnistSplit first(int n) {
        int k = Math.min(n, count);
        return new MnistSplit(Arrays.copyOf(images, k * SIDE * SIDE), Arrays.copyOf(labels, k), k);
    }
}
