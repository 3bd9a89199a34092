package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pen doodles: the held-out split is really held out, and the sets are what they say. */
class DoodlesTest {

    @Test
    void noKindIsBothTrainedAndHeldOut() {
        List<Doodles.Kind> trained = Doodles.kinds(Doodles.Split.TRAINED);
        List<Doodles.Kind> heldOut = Doodles.kinds(Doodles.Split.HELD_OUT);
        assertFalse(trained.isEmpty());
        assertFalse(heldOut.isEmpty());
        Set<Doodles.Kind> both = new HashSet<>(trained);
        both.retainAll(heldOut);
        assertEquals(Set.of(), both, "kinds in both splits");
        assertEquals(Doodles.Kind.values().length, trained.size() + heldOut.size(), "every kind is in one split");
        // Tags too: a tag names one kind, so per-kind figures cannot mix the splits.
        Set<String> ids = new HashSet<>();
        Arrays.stream(Doodles.Kind.values()).forEach(k -> assertTrue(ids.add(k.id()), "tag used twice: " + k.id()));
        // The examples of held-out kinds.
        assertTrue(heldOut.containsAll(List.of(Doodles.Kind.STAR, Doodles.Kind.SMILEY)));
        // The letters of the two letter kinds are apart, and none is written like a digit.
        Set<Character> trainedLetters = chars(Doodles.TRAINED_LETTERS);
        Set<Character> heldOutLetters = chars(Doodles.HELD_OUT_LETTERS);
        trainedLetters.retainAll(heldOutLetters);
        assertEquals(Set.of(), trainedLetters);
        for (char c : (Doodles.TRAINED_LETTERS + Doodles.HELD_OUT_LETTERS).toCharArray()) {
            assertFalse(Letters.digitLike(String.valueOf(c)), c + " is written like a digit");
            assertFalse(Doodles.letter(c).isEmpty());
        }
    }

    @Test
    void aSplitsSetHoldsOnlyItsKindsInTurn() {
        OodSet trained = Doodles.generate("doodles-train-test", 7, Doodles.Split.TRAINED, 2 * Doodles.kinds(Doodles.Split.TRAINED).size());
        Set<String> trainedIds = ids(Doodles.Split.TRAINED);
        assertTrue(trainedIds.containsAll(trained.items()), "trained set " + Set.copyOf(trained.items()));
        assertEquals(trainedIds, Set.copyOf(trained.items()), "every trained kind drawn");
        OodSet heldOut = Doodles.heldOut(OodBenchmark.DEFAULT_SEED).first(3 * Doodles.kinds(Doodles.Split.HELD_OUT).size());
        assertEquals(ids(Doodles.Split.HELD_OUT), Set.copyOf(heldOut.items()));
        Set<String> overlap = new HashSet<>(heldOut.items());
        overlap.retainAll(trained.items());
        assertEquals(Set.of(), overlap);
    }

    @Test
    void theSameSeedGivesTheSamePicturesAndAnotherOthers() {
        OodSet a = Doodles.generate("doodles", 11, Doodles.Split.HELD_OUT, 16);
        OodSet b = Doodles.generate("doodles", 11, Doodles.Split.HELD_OUT, 16);
        OodSet c = Doodles.generate("doodles", 12, Doodles.Split.HELD_OUT, 16);
        assertArrayEquals(a.pixels(), b.pixels());
        assertEquals(a.items(), c.items(), "tags follow the position");
        int differing = 0;
        for (int i = 0; i < a.count(); i++) {
            differing += Arrays.equals(a.image(i), c.image(i)) ? 0 : 1;
        }
        assertTrue(differing >= 15, "only " + differing + " of 16 differ");
        // And the training seed's pictures are not the benchmark's.
        OodSet test = Doodles.trainedKinds(OodBenchmark.DEFAULT_SEED).first(18);
        OodSet train = Doodles.generate(OodBenchmark.DOODLES_TRAINED, OutlierPool.DEFAULT_SEED, Doodles.Split.TRAINED, 18);
        for (int i = 0; i < 18; i++) {
            assertFalse(Arrays.equals(test.image(i), train.image(i)), "picture " + i);
        }
    }

    @Test
    void doodlesAreDrawnWithThePagesPenAndStayOnThePage() {
        SplittableRandom r = new SplittableRandom(3);
        for (Doodles.Kind kind : Doodles.Kind.values()) {
            for (int k = 0; k < 5; k++) {
                List<double[][]> strokes = Doodles.place(Doodles.strokes(kind, r), kind == Doodles.Kind.ARROW, r);
                for (double[][] stroke : strokes) {
                    for (double[] p : stroke) {
                        assertTrue(p[0] >= Pictures.PEN / 2.0 && p[0] <= Pictures.PAGE - Pictures.PEN / 2.0, kind + " x " + p[0]);
                        assertTrue(p[1] >= Pictures.PEN / 2.0 && p[1] <= Pictures.PAGE - Pictures.PEN / 2.0, kind + " y " + p[1]);
                    }
                }
            }
        }
        // Every pixel of the page is white or the pen's black (antialiased edges in between), never anything else.
        var image = Doodles.draw(Doodles.Kind.STAR, new SplittableRandom(5));
        assertEquals(Pictures.PAGE, image.getWidth());
        assertEquals(255, image.getRaster().getSample(0, 0, 0), "the page is white");
    }

    private static Set<String> ids(Doodles.Split split) {
        Set<String> ids = new HashSet<>();
        Doodles.kinds(split).forEach(k -> ids.add(k.id()));
        return ids;
    }

    private static Set<Character> chars(String s) {
        Set<Character> out = new HashSet<>();
        for (char c : s.toCharArray()) {
            out.add(c);
        }
        return out;
    }

    @Test
    void asMnistDrawsTheSameDoodlesAsTheSetOfTheSameNameAndSeed() {
        List<Doodles.Kind> kinds = List.of(Doodles.Kind.values()[0], Doodles.Kind.values()[1], Doodles.Kind.values()[2]);
        int count = 12;
        dev.digitnet.data.MnistSplit ink = Doodles.asMnist("some doodles", 5, kinds, count);
        OodSet set = Doodles.generate("some doodles", 5, kinds, "trained", count);
        assertEquals(count, ink.count());
        int n28 = dev.digitnet.input.ModelInput.MNIST_SIZE * dev.digitnet.input.ModelInput.MNIST_SIZE;
        int n32 = OodSet.SIDE * OodSet.SIDE;
        for (int i = 0; i < count; i++) {
            assertEquals(kinds.get(i % kinds.size()).ordinal(), ink.label(i), "labelled with its kind");
            assertEquals(kinds.get(i % kinds.size()).id(), set.items().get(i));
            float[] image28 = new float[n28];
            for (int p = 0; p < n28; p++) {
                image28[p] = (ink.images()[i * n28 + p] & 0xff) / 255f;
            }
            float[] image32 = dev.digitnet.input.ModelInput.to32(image28);
            float[] expected = Arrays.copyOfRange(set.pixels(), i * n32, (i + 1) * n32);
            // The bytes round the 28x28 to 1/255; the 32x32 interpolates them.
            assertArrayEquals(expected, image32, 0.5f / 255 + 1e-6f, "doodle " + i);
        }
        assertFalse(Arrays.equals(ink.images(), Doodles.asMnist("other doodles", 5, kinds, count).images()), "another name, other doodles");
    }
}
