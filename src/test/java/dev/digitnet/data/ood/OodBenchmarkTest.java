package dev.digitnet.data.ood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.Fonts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark built once with the default seed and no way to get Fashion-MNIST (a missing
 * {@code apt-get}), then checked set by set; generating costs a few seconds, so it is done once,
 * plus once more for the reproducibility check.
 */
class OodBenchmarkTest {

    @TempDir
    static Path tmp;
    private static OodBenchmark benchmark;

    @BeforeAll
    static void build() {
        FashionMnist noFashion = new FashionMnist(tmp.resolve("cache"), s -> { },
                List.of(tmp.resolve("no-such-apt-get").toString()), List.of("dpkg-deb"), tmp.resolve("not-installed"),
                FashionMnist.DATASET.testImages(), FashionMnist.DATASET.testLabels(), Duration.ofSeconds(5));
        benchmark = OodBenchmark.build(noFashion, OodBenchmark.DEFAULT_SEED, s -> { });
    }

    private static OodSet set(String name) {
        return benchmark.set(name).orElseThrow();
    }

    @Test
    void withoutFashionTheOtherSetsComeInOrderAndFashionIsReportedUnavailable() {
        assertEquals(List.of("letters", "scribbles", "noise", "near-blank", "doodles", "doodles-trained"),
                benchmark.sets().stream().map(OodSet::name).toList());
        assertEquals(Set.of("fashion"), benchmark.unavailable().keySet());
        String why = benchmark.unavailable().get("fashion");
        assertTrue(why.startsWith("Fashion-MNIST unavailable: ") && why.contains("no-such-apt-get"), why);
        assertEquals(OodBenchmark.SET_NAMES.subList(1, OodBenchmark.SET_NAMES.size()),
                benchmark.sets().stream().map(OodSet::name).toList());
    }

    @Test
    void setsHaveTheirDocumentedSizes() {
        assertEquals(Letters.PER_LETTER * 52, set("letters").count());
        assertEquals(Scribbles.COUNT, set("scribbles").count());
        assertEquals(Noise.COUNT, set("noise").count());
        assertEquals(NearBlank.COUNT, set("near-blank").count());
        assertEquals(Doodles.PER_HELD_OUT_KIND * Doodles.kinds(Doodles.Split.HELD_OUT).size(), set("doodles").count());
        assertEquals(Doodles.PER_TRAINED_KIND * Doodles.kinds(Doodles.Split.TRAINED).size(), set("doodles-trained").count());
    }

    @Test
    void everyImageIsANonEmpty32x32ModelInputInTheUnitRange() {
        for (OodSet set : benchmark.sets()) {
            assertEquals(32, set.side());
            assertEquals(set.count() * 32 * 32, set.pixels().length, set.name());
            for (int i = 0; i < set.count(); i++) {
                float max = 0;
                for (float v : set.image(i)) {
                    assertTrue(Float.isFinite(v) && v >= 0f && v <= 1f, set.name() + " image " + i + ": " + v);
                    max = Math.max(max, v);
                }
                // Not above some level: a lone speck, one pixel at 28×28, spreads thinner at 32×32.
                assertTrue(max > 0f, set.name() + " image " + i + " is blank");
            }
        }
    }

    @Test
    void theSameSeedGivesBitwiseIdenticalPixelsAndTags() {
        OodBenchmark again = OodBenchmark.generated(OodBenchmark.DEFAULT_SEED, s -> { });
        assertEquals(benchmark.fonts(), again.fonts());
        for (OodSet set : again.sets()) {
            assertArrayEquals(set(set.name()).pixels(), set.pixels(), set.name());
            assertEquals(set(set.name()).items(), set.items(), set.name());
        }
    }

    @Test
    void anotherSeedGivesOtherPixelsInEverySet() {
        long other = OodBenchmark.DEFAULT_SEED + 1;
        List<OodSet> small = List.of(Letters.generate(other, 1, benchmark.fonts()), Scribbles.generate(other, 40),
                Noise.generate(other, 40), NearBlank.generate(other, 40));
        for (OodSet s : small) {
            OodSet same = set(s.name()).first(s.count());
            if (!s.name().equals("scribbles")) { // the number of strokes is drawn at random
                assertEquals(same.items(), s.items(), "the tags follow the position, not the seed");
            }
            int differing = 0;
            for (int i = 0; i < s.count(); i++) {
                differing += Arrays.equals(same.image(i), s.image(i)) ? 0 : 1;
            }
            assertTrue(differing >= s.count() * 9 / 10, s.name() + ": only " + differing + " of " + s.count() + " differ");
        }
    }

    @Test
    void aSmallerSetIsAPrefixOfTheFullOne() {
        // Each image draws from its own split stream, so a quick test-sized set is the full set's start.
        assertArrayEquals(set("scribbles").first(25).pixels(), Scribbles.generate(OodBenchmark.DEFAULT_SEED, 25).pixels());
        assertArrayEquals(set("near-blank").first(25).pixels(), NearBlank.generate(OodBenchmark.DEFAULT_SEED, 25).pixels());
    }

    @Test
    void lettersCoverAll52EquallyInTheShippedFontsAndRecordThem() {
        Map<String, Long> perLetter = set("letters").items().stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        assertEquals(52, perLetter.size(), perLetter.toString());
        assertEquals(Letters.ALPHABET.chars().mapToObj(c -> String.valueOf((char) c)).sorted().toList(),
                List.copyOf(perLetter.keySet()));
        perLetter.forEach((letter, n) -> assertEquals(Letters.PER_LETTER, n, letter));
        assertEquals(Fonts.families(), benchmark.fonts(), "exactly the shipped families, whatever this machine has");
        assertEquals(benchmark.fonts().stream().sorted().toList(), benchmark.fonts(), "sorted, so the order is fixed");
        benchmark.fonts().forEach(f -> assertTrue(set("letters").description().contains(f), f));
        // Two images of one letter differ (another font, style or jitter).
        List<float[]> as = new java.util.ArrayList<>();
        for (int i = 0; i < set("letters").count(); i++) {
            if (set("letters").item(i).equals("A")) {
                as.add(set("letters").image(i));
            }
        }
        assertEquals(as.size(), as.stream().map(Arrays::toString).distinct().count(), "no two A are the same");
    }

    @Test
    void everyShippedFaceIsUsedForEveryLetter() {
        // 30 rounds over 6 families and 3 styles: each letter meets every family in every style.
        int faces = Fonts.families().size() * Fonts.STYLES.size();
        assertTrue(Letters.PER_LETTER >= faces, Letters.PER_LETTER + " rounds for " + faces + " faces");
        Set<Letters.Face> seen = new java.util.HashSet<>();
        for (int k = 0; k < Letters.PER_LETTER; k++) {
            seen.add(Letters.faceOfRound(k, benchmark.fonts()));
        }
        assertEquals(faces, seen.size(), seen.toString());
    }

    @Test
    void theJsonDigestTellsTheSetsApart() {
        assertEquals(set("letters").pixelsSha256(), set("letters").first(set("letters").count()).pixelsSha256());
        assertEquals(64, set("letters").pixelsSha256().length());
        assertEquals(benchmark.sets().size(), benchmark.sets().stream().map(OodSet::pixelsSha256).distinct().count());
    }

    @Test
    void theDigitLikeLettersAreExactlyTheTwelveListed() {
        assertEquals(List.of("O", "o", "I", "l", "S", "s", "Z", "z", "B", "b", "g", "q"), Letters.DIGIT_LIKE);
        assertTrue(Letters.digitLike("O") && Letters.digitLike("q") && !Letters.digitLike("Q") && !Letters.digitLike("x"));
        List<String> others = Letters.notDigitLike();
        assertEquals(40, others.size());
        assertTrue(others.containsAll(List.of("A", "Q", "x", "L")) && others.stream().noneMatch(Letters::digitLike));
        OodSet notLikeADigit = set("letters").where(l -> !Letters.digitLike(l));
        assertEquals(40 * Letters.PER_LETTER, notLikeADigit.count());
        assertTrue(notLikeADigit.items().stream().noneMatch(Letters.DIGIT_LIKE::contains));
    }

    @Test
    void generatedSetsAreTaggedByKindInTurn() {
        for (OodSet s : List.of(set("noise"), set("near-blank"))) {
            int kinds = (s.name().equals("noise") ? Noise.KINDS : NearBlank.KINDS).length;
            Map<String, Long> perKind = s.items().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(kinds, perKind.size(), s.name() + " " + perKind);
            // In turn: each kind count/kinds times, the first ones once more when it does not divide.
            perKind.forEach((kind, n) -> assertTrue(n == s.count() / kinds || n == (s.count() + kinds - 1) / kinds,
                    s.name() + " " + kind + " " + n));
        }
        assertEquals(Set.of("1 stroke", "2 strokes", "3 strokes", "4 strokes"), Set.copyOf(set("scribbles").items()));
    }

    @Test
    void aSinglePenDotBecomesABigSolidDisk() {
        // The preprocessor fits any ink into the 20×20 box: one click fills it, as the detector's blob check expects.
        OodSet nearBlank = set("near-blank");
        for (int i = 0; i < nearBlank.count(); i++) {
            if (nearBlank.item(i).equals("dot")) {
                int bright = 0;
                for (float v : nearBlank.image(i)) {
                    bright += v > 0.5f ? 1 : 0;
                }
                // A disk of diameter 20·32/28 ≈ 23 pixels covers about 410 of the 1,024.
                assertTrue(bright > 300 && bright < 500, "dot " + i + ": " + bright + " bright pixels");
            }
        }
    }

    @Test
    void fullFrameNoiseSpansTheFrameWhichFittedPicturesNeverDo() {
        // Pictures are fitted into 20×20 within 28×28, so their ink cannot reach both the top and
        // the bottom row; a full-frame grid does.
        OodSet noise = set("noise");
        int fullFrame = 0;
        int spanning = 0;
        for (int i = 0; i < noise.count(); i++) {
            float[] image = noise.image(i);
            float top = 0;
            float bottom = 0;
            for (int k = 0; k < 32; k++) {
                top = Math.max(top, image[k]);
                bottom = Math.max(bottom, image[31 * 32 + k]);
            }
            boolean spans = top > 0 && bottom > 0;
            if (noise.item(i).equals("full-frame")) {
                fullFrame++;
                spanning += spans ? 1 : 0;
            } else {
                assertFalse(spans, noise.item(i) + " " + i);
            }
        }
        assertTrue(spanning > fullFrame * 9 / 10, spanning + " of " + fullFrame);
    }
}
