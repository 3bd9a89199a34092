package dev.digitnet.data.ood;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.photos.PhotoBenchmark;
import dev.digitnet.data.photos.PhotoStyle;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * MNIST-style ink photographed on paper, for a not-a-digit fit: {@link PhotoBenchmark}'s pictures of
 * the given 28×28 pictures (MNIST digits to accept, or doodles drawn as MNIST pictures,
 * {@link Doodles#asMnist}, to refuse) in the tuned styles only (the held-out styles stay out of any
 * fit, as they stay out of the cleaning's tuning), each through the input path a user's photo takes
 * ({@link DigitInput#read(byte[])}: decoding, the paper's cleaning, MNIST's normalisation). A gate
 * trained without photographed digits took the cleaned strokes of a photo (a pen's edge, JPEG
 * ripples, pencil grain) for something other than a digit; with photographed digits only, it could
 * learn the opposite shortcut (photo texture means "digit"), which photographed non-digits deny it.
 * Labelled with the picture's label.
 */
public final class Photographed {

    private Photographed() {}

    /**
     * {@code count} photos of pictures from {@code ink} (each a function of the seed, its style and
     * its index: the tuned styles in turn), as model inputs; the rare picture whose cleaning leaves
     * no ink is left out.
     */
    public static DigitImages generate(MnistSplit ink, long seed, int count) {
        PhotoBenchmark photos = new PhotoBenchmark(ink, seed);
        List<PhotoStyle> tuned = PhotoStyle.all().stream().filter(s -> !s.heldOut()).toList();
        float[][] inputs = new float[count][];
        int[] labels = new int[count];
        // Each picture depends only on its own index, so they are made on every core in any order.
        IntStream.range(0, count).parallel().forEach(i -> {
            PhotoBenchmark.Photo photo = photos.make(tuned.get(i % tuned.size()), i / tuned.size());
            ModelInput input = DigitInput.read(photo.jpeg());
            if (!input.empty()) {
                inputs[i] = input.image32();
                labels[i] = photo.label();
            }
        });
        int n = ModelInput.MODEL_SIZE * ModelInput.MODEL_SIZE;
        float[] pixels = new float[count * n];
        int[] kept = new int[count];
        int made = 0;
        for (int i = 0; i < count; i++) {
            if (inputs[i] != null) {
                System.arraycopy(inputs[i], 0, pixels, made * n, n);
                kept[made++] = labels[i];
            }
        }
        return new DigitImages(Arrays.copyOf(pixels, made * n), Arrays.copyOf(kept, made), ModelInput.MODEL_SIZE);
    }
}
