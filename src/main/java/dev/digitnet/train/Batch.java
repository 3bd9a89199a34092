package dev.digitnet.train;

/**
 * One training batch as plain arrays: {@code labels.length} images of {@code side×side}, the
 * digits first, then any transfer images, labelled {@link MixedDigits#UNLABELLED}.
 */
public record Batch(float[] pixels, int[] labels, int side) {

    /** Images in the batch, transfer images included. */
    public int size() {
        return labels.length;
    }

    /** The images with a true label: the batch's digits. */
    public int labelled() {
        int n = 0;
        for (int label : labels) {
            n += label == MixedDigits.UNLABELLED ? 0 : 1;
        }
        return n;
    }
}
