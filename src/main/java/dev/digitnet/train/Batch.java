package dev.digitnet.train;

/** One training batch as plain arrays: {@code labels.length} images of {@code side×side}. */
public record Batch(float[] pixels, int[] labels, int side) {

    public int size() {
        return labels.length;
    }
}
