package dev.digitnet.data.ood;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.Shuffle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Outliers to train against (outlier exposure): pictures that are not digits, as model inputs
 * labelled {@code -1}, kept apart from everything the benchmark scores.
 *
 * <ul>
 *   <li>{@value FashionMnist#TRAIN_SET}: a seeded sample of Fashion-MNIST's <em>training</em>
 *       split (the benchmark scores its test split);
 *   <li>scribbles, noise and near-blank pages from the benchmark's generators, but from a
 *       training seed, which may be neither the benchmark's ({@value OodBenchmark#DEFAULT_SEED})
 *       nor the validation seed ({@value #VALIDATION_SEED}): each seed gives other pictures.
 * </ul>
 *
 * <p>Letters are never among them: they stay a held-out kind of outlier, so the benchmark's
 * letters measure how the check does on non-digits unlike anything trained against.
 */
/**
 * @param seed the training seed of the generated sets and of the Fashion-MNIST sample
 * @param sets the outliers, by set
 * @param dataSha256 SHA-256 of the data files read, by {@code fashion-mnist/FILE}
 */
public record OutlierPool(long seed, List<OodSet> sets, Map<String, String> dataSha256) {

    /** The seed {@code evaluate --ood --ood-seed 1} uses to choose between training variants. */
    public static final long VALIDATION_SEED = 1;
    /** The training seed unless told otherwise. */
    public static final long DEFAULT_SEED = 20_261_130L;
    public static final int DEFAULT_FASHION = 20_000;
    public static final int DEFAULT_GENERATED = 10_000;

    public OutlierPool {
        sets = List.copyOf(sets);
        dataSha256 = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dataSha256));
    }

    /** @throws IllegalArgumentException for a seed the benchmark reports with */
    public static void checkSeed(long seed) {
        if (seed == OodBenchmark.DEFAULT_SEED || seed == VALIDATION_SEED) {
            throw new IllegalArgumentException("outlier seed " + seed + " is the benchmark's " + (seed == VALIDATION_SEED
                    ? "validation" : "test") + " seed: training on those pictures would make its figures meaningless");
        }
    }

    /**
     * {@code fashionCount} pictures of Fashion-MNIST's training split and {@code generated} ones
     * from the generators (half scribbles, a quarter noise, a quarter near-blank pages).
     *
     * @param fashionTrain Fashion-MNIST's training split ({@link FashionMnist#trainSplit}); only
     *     read when {@code fashionCount > 0}
     */
    public static OutlierPool build(FashionMnist fashionTrain, int fashionCount, int generated, long seed,
            Consumer<String> log) {
        checkSeed(seed);
        if (fashionCount < 0 || generated < 0) {
            throw new IllegalArgumentException("outlier counts must not be negative");
        }
        List<OodSet> sets = new ArrayList<>();
        Map<String, String> sha = Map.of();
        if (fashionCount > 0) {
            OodSet all = fashionTrain.load();
            if (fashionCount > all.count()) {
                throw new IllegalArgumentException("Fashion-MNIST's training split has " + all.count() + " pictures, not " + fashionCount);
            }
            int[] picked = Arrays.copyOf(Shuffle.permutation(all.count(), new Random(seed)), fashionCount);
            Arrays.sort(picked);
            sets.add(all.select(picked));
            // Named apart from MNIST's files of the same names.
            Map<String, String> named = new java.util.LinkedHashMap<>();
            fashionTrain.checksums().forEach((file, sum) -> named.put("fashion-mnist/" + file, sum));
            sha = named;
        }
        long start = System.nanoTime();
        int scribbles = generated / 2;
        int noise = (generated - scribbles) / 2;
        int nearBlank = generated - scribbles - noise;
        if (scribbles > 0) {
            sets.add(Scribbles.generate(seed, scribbles));
        }
        if (noise > 0) {
            sets.add(Noise.generate(seed, noise));
        }
        if (nearBlank > 0) {
            sets.add(NearBlank.generate(seed, nearBlank));
        }
        OutlierPool pool = new OutlierPool(seed, sets, sha);
        log.accept(String.format(Locale.ROOT, "Outliers to train against (seed %d): %s; generated in %.1f s", seed, pool.summary(),
                (System.nanoTime() - start) / 1e9));
        return pool;
    }

    public int count() {
        return sets.stream().mapToInt(OodSet::count).sum();
    }

    /** All outliers, one after another, every label {@code -1}. */
    public DigitImages images() {
        int n = OodSet.SIDE * OodSet.SIDE;
        float[] pixels = new float[count() * n];
        int at = 0;
        for (OodSet set : sets) {
            System.arraycopy(set.pixels(), 0, pixels, at, set.pixels().length);
            at += set.pixels().length;
        }
        int[] labels = new int[count()];
        Arrays.fill(labels, -1);
        return new DigitImages(pixels, labels, OodSet.SIDE);
    }

    /** {@code digits} followed by the outliers (labelled {@code -1}). */
    public DigitImages appendTo(DigitImages digits) {
        DigitImages outliers = images();
        if (digits.side() != outliers.side()) {
            throw new IllegalArgumentException("digits of side " + digits.side() + " and outliers of side " + outliers.side());
        }
        float[] pixels = Arrays.copyOf(digits.pixels(), digits.pixels().length + outliers.pixels().length);
        System.arraycopy(outliers.pixels(), 0, pixels, digits.pixels().length, outliers.pixels().length);
        int[] labels = Arrays.copyOf(digits.labels(), digits.count() + outliers.count());
        System.arraycopy(outliers.labels(), 0, labels, digits.count(), outliers.count());
        return new DigitImages(pixels, labels, digits.side());
    }

    /** e.g. {@code fashion-train 20000, scribbles 5000, noise 2500, near-blank 2500}. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        sets.forEach(s -> parts.add(s.name() + " " + s.count()));
        return String.join(", ", parts);
    }

    /** For provenance: the seed, each set's size and how it was made, and that letters are held out. */
    public JsonObject describe() {
        JsonObject json = new JsonObject();
        json.addProperty("seed", seed);
        json.addProperty("count", count());
        JsonObject bySet = new JsonObject();
        for (OodSet set : sets) {
            JsonObject s = new JsonObject();
            s.addProperty("count", set.count());
            s.addProperty("description", set.description());
            bySet.add(set.name(), s);
        }
        json.add("sets", bySet);
        json.addProperty("held_out", "letters (never trained against); the benchmark's seeds "
                + OodBenchmark.DEFAULT_SEED + " (test) and " + VALIDATION_SEED + " (validation)");
        return json;
    }
}
