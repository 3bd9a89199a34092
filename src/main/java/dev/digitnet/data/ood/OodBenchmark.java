package dev.digitnet.data.ood;

import dev.digitnet.data.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The out-of-distribution benchmark: pictures that are not digits, as model inputs, for measuring
 * how well a "that is not a digit" detector rejects them. Seven sets, always in this order:
 * {@value #FASHION} (Fashion-MNIST's test set), {@value #LETTERS}, {@value #SCRIBBLES},
 * {@value #NOISE}, {@value #NEAR_BLANK}, {@value #DOODLES} (pen doodles of held-out kinds) and
 * {@value #DOODLES_TRAINED} (fresh pen doodles of the kinds a detector may train against), all
 * but the first generated here.
 *
 * <p>The generated sets come from one seed: the same seed gives bitwise-identical pixels on every
 * machine (the letters are drawn in the fonts DigitNet ships, not the machine's); each set draws
 * from its own stream derived from the seed and its name. Fashion-MNIST is fixed data and needs its package; when it cannot be had, the benchmark
 * has the other sets and says why in {@link #unavailable()}.
 *
 * @param seed the seed the generated sets came from
 * @param sets the sets built, in the fixed order
 * @param unavailable set name → one-line reason, for each set that could not be built
 * @param fonts the font families the letters were drawn in (the shipped ones)
 */
public record OodBenchmark(long seed, List<OodSet> sets, Map<String, String> unavailable, List<String> fonts) {

    public static final String FASHION = "fashion";
    public static final String LETTERS = "letters";
    public static final String SCRIBBLES = "scribbles";
    public static final String NOISE = "noise";
    public static final String NEAR_BLANK = "near-blank";
    /** Pen doodles of the kinds a detector may never train against ({@link Doodles.Split#HELD_OUT}). */
    public static final String DOODLES = "doodles";
    /** Fresh pen doodles of the kinds a detector may train against, reported apart from the held-out ones. */
    public static final String DOODLES_TRAINED = "doodles-trained";
    /** Every set's name, in the order the sets come. */
    public static final List<String> SET_NAMES = List.of(FASHION, LETTERS, SCRIBBLES, NOISE, NEAR_BLANK, DOODLES,
            DOODLES_TRAINED);
    /** The seed reports use unless told otherwise. */
    public static final long DEFAULT_SEED = 20_240_607L;

    public OodBenchmark {
        sets = List.copyOf(sets);
        unavailable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
        fonts = List.copyOf(fonts);
    }

    /** All seven sets, Fashion-MNIST cached in (or fetched into) {@code fashionDir}. */
    public static OodBenchmark build(Path fashionDir, long seed, Consumer<String> log) {
        return build(new FashionMnist(fashionDir, log), seed, log);
    }

    /**
     * All seven sets, Fashion-MNIST from {@code fashion}. Any failure to get it (including an
     * unwritable cache) leaves it out, with the reason, rather than failing the benchmark.
     */
    public static OodBenchmark build(FashionMnist fashion, long seed, Consumer<String> log) {
        List<OodSet> sets = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        try {
            sets.add(fashion.load());
        } catch (DataException e) {
            log.accept("Fashion-MNIST is unavailable: " + e.getMessage());
            unavailable.put(FASHION, e.getMessage());
        }
        OodBenchmark generated = generated(seed, log);
        sets.addAll(generated.sets());
        return new OodBenchmark(seed, sets, unavailable, generated.fonts());
    }

    /** The six generated sets only: nothing fetched, nothing cached. */
    public static OodBenchmark generated(long seed, Consumer<String> log) {
        long start = System.nanoTime();
        List<String> fonts = Letters.fontFamilies();
        List<OodSet> sets = List.of(
                Letters.generate(seed, Letters.PER_LETTER, fonts),
                Scribbles.generate(seed),
                Noise.generate(seed),
                NearBlank.generate(seed),
                Doodles.heldOut(seed),
                Doodles.trainedKinds(seed));
        log.accept(String.format(Locale.ROOT, "Generated %s (seed %d) in %.1f s; letters in %s", describe(sets), seed,
                (System.nanoTime() - start) / 1e9, String.join(", ", fonts)));
        return new OodBenchmark(seed, sets, Map.of(), fonts);
    }

    /** The set called {@code name}, if it was built. */
    public Optional<OodSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static String describe(List<OodSet> sets) {
        List<String> parts = new ArrayList<>();
        sets.forEach(s -> parts.add(s.name() + " " + s.count()));
        return String.join(", ", parts);
    }
}
