package dev.digitnet.data.ood;

import dev.digitnet.io.Sha256;
import dev.digitnet.data.DataFiles;
import dev.digitnet.data.DigitImages;
import dev.digitnet.input.ModelInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One out-of-distribution set: {@code count} model inputs (32×32 floats in [0, 1], ink bright on
 * dark, row-major, one after another), exactly what the model sees for such a picture, each with
 * a tag saying what it is.
 *
 * @param name short stable name ({@code fashion}, {@code letters}, …), for reports and flags
 * @param description one line for a report: what the images are and how they were made
 * @param pixels {@code count × 32 × 32} floats
 * @param count number of images
 * @param items one tag per image: the letter for {@code letters}, the clothing class for {@code
 *     fashion}, the kind of picture for the generated sets (e.g. {@code dot}, {@code 2 strokes});
 *     lets a caller report acceptance per letter or per kind
 */
public record OodSet(String name, String description, float[] pixels, int count, List<String> items) {

    /** Side of every image: the model's input. */
    public static final int SIDE = ModelInput.MODEL_SIZE;

    public OodSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        items = List.copyOf(items);
        if (count < 0 || pixels.length != (long) count * SIDE * SIDE || items.size() != count) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixels and " + items.size()
                    + " tags do not make " + count + " images of " + SIDE + "×" + SIDE);
        }
    }

    public int side() {
        return SIDE;
    }

    public int pixelsPerImage() {
        return SIDE * SIDE;
    }

    /** A copy of image {@code i}. */
    public float[] image(int i) {
        int n = pixelsPerImage();
        return Arrays.copyOfRange(pixels, i * n, (i + 1) * n);
    }

    /** The tag of image {@code i}. */
    public String item(int i) {
        return items.get(i);
    }

    /**
     * SHA-256 of the pixels (each float's IEEE 754 bits, little-endian, image after image), lower-case
     * hex: two sets with the same digest hold the same images, so a benchmark's sets can be compared
     * across machines by their digests alone.
     */
    public String pixelsSha256() {
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(pixels);
        return Sha256.of(bytes.array());
    }

    /** The images at the given positions, in that order, as a set of the same name. */
    public OodSet select(int[] indices) {
        int n = pixelsPerImage();
        float[] p = new float[indices.length * n];
        List<String> tags = new ArrayList<>(indices.length);
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, p, i * n, n);
            tags.add(items.get(indices[i]));
        }
        return new OodSet(name, description, p, indices.length, tags);
    }

    /** The images whose tag passes {@code keep}, e.g. the letters not written like a digit. */
    public OodSet where(Predicate<String> keep) {
        return select(java.util.stream.IntStream.range(0, count).filter(i -> keep.test(items.get(i))).toArray());
    }

    /** The first {@code n} images (all of them if there are fewer). */
    public OodSet first(int n) {
        return select(java.util.stream.IntStream.range(0, Math.min(n, count)).toArray());
    }

    /**
     * The images as {@link DigitImages}, for code that batches those through a model. They are
     * no digit, so every label is {@code -1}: never count it as a correct or wrong answer.
     */
    public DigitImages asDigitImages() {
        int[] labels = new int[count];
        Arrays.fill(labels, -1);
        return new DigitImages(pixels, labels, SIDE);
    }

    @Override
    public String toString() {
        return name + " (" + count + " images): " + description;
    }
}
