package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.MnistStore;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;
import org.junit.jupiter.api.Test;

/** Photographed digits for a gate's fit: seeded, of the split they are given, and read as their label by the teacher. */
class PhotoDigitsTest {

    @Test
    void photographedDigitsAreSeededAndReadAsTheirLabel() {
        MnistSplit train = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().train();
        MnistSplit some = train.range(50_000, 50_500);
        DigitImages d = PhotoDigits.generate(some, 11, 60);
        assertTrue(d.count() >= 57, "photos whose cleaning leaves ink: " + d.count() + " of 60");
        DigitImages again = PhotoDigits.generate(some, 11, 60);
        assertArrayEquals(d.pixels(), again.pixels(), "same seed, same pictures, whatever thread made each");
        assertArrayEquals(d.labels(), again.labels());
        int right = 0;
        try (DigitNetModel teacher = DigitNetModel.loadBundled(); ProbabilityModel p = teacher.newProbabilityModel()) {
            float[][] logits = p.outputs(d.pixels(), d.count(), 100).logits();
            for (int i = 0; i < d.count(); i++) {
                int best = 0;
                for (int k = 1; k < logits[i].length; k++) {
                    best = logits[i][k] > logits[i][best] ? k : best;
                }
                right += best == d.labels()[i] ? 1 : 0;
            }
        }
        assertTrue(right >= 0.9 * d.count(), "the teacher reads " + right + " of " + d.count() + " photographed digits as their label");
    }
}
