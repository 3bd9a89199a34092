package dev.digitnet.data.photos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.digitnet.data.MnistSplit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Photos of a split's pictures taken in turn share the benchmark's scenes. */
class PhotoBenchmarkTest {

    /** Eight 28×28 pictures: a bar in a different place in each, labelled with its index. */
    private static MnistSplit bars() {
        int n = MnistSplit.SIDE * MnistSplit.SIDE;
        byte[] images = new byte[8 * n];
        byte[] labels = new byte[8];
        for (int i = 0; i < 8; i++) {
            labels[i] = (byte) i;
            for (int y = 6; y < 22; y++) {
                for (int x = 6 + 2 * i; x < 9 + 2 * i; x++) {
                    images[i * n + y * MnistSplit.SIDE + x] = (byte) 255;
                }
            }
        }
        return new MnistSplit(images, labels, 8);
    }

    @Test
    void aChosenPictureIsPhotographedInTheSceneTheBenchmarkDrewForThatIndex() {
        PhotoBenchmark benchmark = new PhotoBenchmark(bars(), 19);
        for (int index = 0; index < 6; index++) {
            PhotoBenchmark.Photo drawn = benchmark.make(PhotoStyle.RULED, index);
            // The same picture chosen by hand: the same photo, byte for byte.
            PhotoBenchmark.Photo chosen = benchmark.make(PhotoStyle.RULED, index, drawn.mnistIndex());
            assertArrayEquals(drawn.jpeg(), chosen.jpeg(), "index " + index);
            // Another picture: the same scene (size), another photo, labelled with that picture's label.
            int other = (drawn.mnistIndex() + 3) % 8;
            PhotoBenchmark.Photo another = benchmark.make(PhotoStyle.RULED, index, other);
            assertEquals(drawn.width(), another.width());
            assertEquals(drawn.height(), another.height());
            assertEquals(other, another.label());
            assertFalse(Arrays.equals(drawn.jpeg(), another.jpeg()));
        }
        assertThrows(IllegalArgumentException.class, () -> benchmark.make(PhotoStyle.PLAIN, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> benchmark.make(PhotoStyle.PLAIN, 0, -1));
    }
}
