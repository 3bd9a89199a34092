package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.MnistStore;
import org.junit.jupiter.api.Test;

/** Photographed digits for a gate's fit: seeded, of the split they are given, and read as their label by the teacher. */
class PhotographedTest {

    @Test
    void photographedDigitsAreSeededAndReadAsTheirLabel() {
        MnistSplit train = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().train();
        MnistSplit some = train.range(50_000, 50_500);
        DigitImages d = Photographed.generate(some, 11, 60);
        assertTrue(d.count() >= 57, "photos whose cleaning leaves ink: " + d.count() + " of 60");
        DigitImages again = Photographed.generate(some, 11, 60);
        assertArrayEquals(d.pixels(), again.pixels(), "same seed, same pictures, whatever thread made each");
        assertArrayEquals(d.labels(), again.labels());
        int right = TeacherReads.asTheirLabel(d);
        assertTrue(right >= 0.9 * d.count(), "the teacher reads " + right + " of " + d.count() + " photographed digits as their label");
    }
}
