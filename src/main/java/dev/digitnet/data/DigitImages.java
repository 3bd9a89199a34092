package dev.digitnet.data;

import java.util.Arrays;

/**
 * Model-ready digits: {@code count} square images of {@code side×side} floats in [0, 1] (ink bright
 * on dark, row-major, one after another) with their labels. Plain data shared by training,
 * evaluation and benchmarks.
 */
public record DigitImages(float[] pixels, int[] labels, int side) {

    public DigitImages {
        if (pixels.length != labels.length * side * side) {
            throw new IllegalArgumentException(
                    pixels.length + " pixels do not make " + labels.length + " images of " + side + "×" + side);
        }
    }

    /** Resizes an MNIST split to the model's 32×32 input, as the model card prescribes. */
    public static DigitImages of(MnistSplit split) {
        int[] labels = new int[split.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.label(i);
        }
        return new DigitImages(Images.mnistTo32(split), labels, Images.MODEL_SIZE);
    }

    public int count() {
        return labels.length;
    }

    public int pixelsPerImage() {
        return side * side;
    }

    /** A copy of image {@code i}. */
    public float[] image(int i) {
        int n = pixelsPerImage();
        return Arrays.copyOfRange(pixels, i * n, (i + 1) * n);
    }

    /** The images at the given positions, in that order. */
    public DigitImages select(int[] indices) {
        int n = pixelsPerImage();
        float[] p = new float[indices.length * n];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, p, i * n, n);
            l[i] = labels[indices[i]];
        }
        return new DigitImages(p, l, side);
    }

    /** The first {@code n} images (all of them if there are fewer). */
    public DigitImages first(int n) {
        int k = Math.min(n, count());
        return new DigitImages(Arrays.copyOf(pixels, k * pixelsPerImage()), Arrays.copyOf(labels, k), side);
    }
}
