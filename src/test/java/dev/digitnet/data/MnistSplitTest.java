package dev.digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MnistSplitTest {

    private static MnistSplit split(int count) {
        byte[] images = new byte[count * 784];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            images[i * 784] = (byte) (i + 1);
            labels[i] = (byte) (i % 10);
        }
        return new MnistSplit(images, labels, count);
    }

    @Test
    void firstCopiesTheLeadingItems() {
        MnistSplit all = split(5);
        MnistSplit two = all.first(2);
        assertEquals(2, two.count());
        assertArrayEquals(new byte[] {0, 1}, two.labels());
        assertEquals(2, two.images()[784]);
        assertEquals(2 * 784, two.images().length);
        assertNotSame(all.labels(), all.first(5).labels(), "a copy, even of everything");
        assertEquals(5, all.first(99).count());
    }

    @Test
    void inconsistentLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MnistSplit(new byte[784], new byte[2], 2));
        assertThrows(IllegalArgumentException.class, () -> new MnistSplit(new byte[784 * 2], new byte[1], 2));
    }
}
