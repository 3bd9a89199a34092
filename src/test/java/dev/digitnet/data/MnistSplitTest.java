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
    void rangeCopiesTheItemsBetween() {
        MnistSplit all = split(5);
        MnistSplit mid = all.range(1, 4);
        assertEquals(3, mid.count());
        assertArrayEquals(new byte[] {1, 2, 3}, mid.labels());
        assertEquals(2, mid.images()[0]);
        assertEquals(4, mid.images()[2 * 784]);
        assertEquals(0, all.range(2, 2).count());
        assertThrows(IllegalArgumentException.class, () -> all.range(3, 6));
        assertThrows(IllegalArgumentException.class, () -> all.range(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> all.range(3, 2));
    }

    @Test
    void inconsistentLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MnistSplit(new byte[784], new byte[2], 2));
        assertThrows(IllegalArgumentException.class, () -> new MnistSplit(new byte[784 * 2], new byte[1], 2));
    }
}
