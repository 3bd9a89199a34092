package dev.digitnet.eval;

import com.google.gson.JsonObject;
import dev.digitnet.data.Augmentation;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.RandomAffine;
import dev.digitnet.data.ood.Photographed;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitCheck;
import dev.digitnet.model.ProbabilityModel;
import java.util.Arrays;

/**
 * Fits a model's {@link Calibration} on the calibration split and says how it did there.
 *
 * <p><b>The split.</b> The last {@value #SIZE} images of MNIST's training file, as they are and
 * once more under the card's random affine with seed {@value #SEED}: images {@code evaluate} never
 * reports. The bundled models trained on all 60,000 training images, so none are strictly unseen;
 * but the teacher was trained under heavy augmentation and scores no better on these clean
 * training images than on the test set (99.57 % against 99.58 %, docs/trust.md), so for it they
 * behave like held-out digits. A model trained with a held-out validation split should be
 * calibrated on that split instead.
 *
 * <p><b>The fit.</b> The temperature minimises the NLL over both halves ({@link
 * TemperatureScaling}). The blob limit is the thickest stroke among the clean digits (a digit
 * thicker than every one of 10,000 is not one); the energy threshold then refuses just enough
 * clean digits to reach the refusal budget. For a model with a not-a-digit head the energy
 * threshold spends only its share of the budget ({@code energyRefusal}, possibly none), and the
 * head's threshold refuses the rest: the clean digits with the highest {@code not_digit} of those
 * the energy let through.
 *
 * <p><b>Photos.</b> A model with a head also gets a threshold for pictures read as photos of paper
 * ({@link Calibration#maxNotDigitPhoto}), fitted the same way on {@value #PHOTOS} photos of the
 * split's digits ({@link Photographed}: the photo benchmark's tuned styles, seed {@value #SEED},
 * through the input path), so that photos spend the same refusal budget as clean pictures. It is
 * never stricter than the clean threshold.
 */
public final class CalibrationFit {

    public static final int SIZE = 10_000;
    public static final long SEED = 20_261_129L;
    /** Share of clean calibration digits refused; under the 1 % promised on the test set, for margin. */
    public static final double DEFAULT_REFUSAL = 0.008;
    /** For a model with a head: the energy's share of {@link #DEFAULT_REFUSAL} (chosen on validation, docs/trust.md). */
    public static final double DEFAULT_ENERGY_REFUSAL = 0;
    private static final int BATCH = 500;
    /** Photographed calibration digits the photo threshold is fitted on. */
    public static final int PHOTOS = 3_000;

    private CalibrationFit() {}

    /**
     * What the fit found, on the split.
     *
     * @param calibration the fitted values
     * @param before calibration metrics at temperature 1, clean and augmented together
     * @param after the same at the fitted temperature
     * @param accuracy top-1 on the split (to compare with the test set: a model that memorised
     *     its training images would score clearly higher here)
     * @param refusedClean share of the split's clean digits the check refuses
     * @param refusedAugmented share of its augmented digits the check refuses
     * @param energyRefusal for a model with a head, the share of clean digits the energy threshold
     *     was fitted to refuse (NaN without a head: the energy spends the whole budget)
     * @param photos photographed digits the photo threshold was fitted on (0: none)
     * @param refusedPhotos share of them the check refuses (NaN without photos)
     */
    public record Result(Calibration calibration, CalibrationMetrics before, CalibrationMetrics after, double accuracy,
            double refusedClean, double refusedAugmented, double energyRefusal, int photos, double refusedPhotos) {

        Result(Calibration calibration, CalibrationMetrics before, CalibrationMetrics after, double accuracy,
                double refusedClean, double refusedAugmented, double energyRefusal) {
            this(calibration, before, after, accuracy, refusedClean, refusedAugmented, energyRefusal, 0, Double.NaN);
        }

        public JsonObject toJson() {
            JsonObject json = calibration.toJson();
            JsonObject split = new JsonObject();
            split.addProperty("images", before.count());
            split.addProperty("top1", accuracy);
            split.addProperty("refused_clean", refusedClean);
            split.addProperty("refused_augmented", refusedAugmented);
            if (!Double.isNaN(energyRefusal)) {
                split.addProperty("energy_refusal", energyRefusal);
            }
            if (photos > 0) {
                split.addProperty("photos", photos);
                split.addProperty("refused_photos", refusedPhotos);
            }
            split.add("before", summary(before));
            split.add("after", summary(after));
            json.add("split", split);
            return json;
        }

        private static JsonObject summary(CalibrationMetrics m) {
            JsonObject o = new JsonObject();
            o.addProperty("ece", m.ece());
            o.addProperty("nll", m.nll());
            o.addProperty("brier", m.brier());
            return o;
        }
    }

    /** The split's clean half: the last {@value #SIZE} training images. */
    public static DigitImages clean(DigitImages train) {
        int[] last = new int[Math.min(SIZE, train.count())];
        for (int i = 0; i < last.length; i++) {
            last[i] = train.count() - last.length + i;
        }
        return train.select(last);
    }

    /** The split's augmented half. */
    public static DigitImages augmented(DigitImages clean) {
        return new Augmentation(RandomAffine.modelCard(), SEED).applyToAll(clean);
    }

    /** Describes the split, for {@link Calibration#fittedOn()}. */
    public static String describe() {
        return "MNIST training images 50,000-59,999, clean and under the card's random affine (seed " + SEED + ")";
    }

    /**
     * {@link #fit(ProbabilityModel, DigitImages, double, double)}, and for a model with a head the
     * photo threshold on {@value #PHOTOS} photographed digits of the split.
     */
    public static Result fit(ProbabilityModel model, MnistSplit train, double refusal, double energyRefusal) {
        return fit(model, DigitImages.of(train), model.hasNotDigit() ? photos(train) : null, refusal, energyRefusal);
    }

    /** {@value #PHOTOS} photos of the split's digits on paper, as model inputs: what the photo threshold is fitted on. */
    public static DigitImages photos(MnistSplit train) {
        int from = Math.max(0, train.count() - SIZE);
        return Photographed.generate(train.range(from, train.count()), SEED, PHOTOS);
    }

    /**
     * {@link #fit(ProbabilityModel, DigitImages, double, double)}, then for a model with a head the
     * photo threshold on {@code photos} ({@link #photos}, made once for several models; null: none).
     */
    public static Result fit(ProbabilityModel model, DigitImages train, DigitImages photos, double refusal, double energyRefusal) {
        Result result = fit(model, train, refusal, energyRefusal);
        if (photos == null || !model.hasNotDigit()) {
            return result;
        }
        return withPhotos(result, photos, model.outputs(photos.pixels(), photos.count(), BATCH), refusal);
    }

    /**
     * The result with a photo threshold: of the photographed digits that the blob limit and the
     * energy let through, it refuses what is left of {@code refusal} of them, those strictly above
     * the (rest+1)-th highest {@code not_digit}; at least the clean threshold.
     */
    static Result withPhotos(Result result, DigitImages photos, ProbabilityModel.Outputs out, double refusal) {
        Calibration c = result.calibration();
        int n = photos.count();
        if (n == 0 || !c.usesNotDigit()) {
            return result;
        }
        float[] nd = out.notDigit();
        double[] passing = java.util.stream.IntStream.range(0, n)
                .filter(i -> DigitCheck.thickness(photos.image(i), photos.side()) <= c.maxThickness()
                        && !(Calibration.energy(out.logits()[i]) < c.minScore()))
                .mapToDouble(i -> nd[i]).sorted().toArray();
        int rest = Math.max(0, (int) Math.floor(refusal * n) - (n - passing.length));
        Calibration withPhotos = c.withMaxNotDigitPhoto(Math.max(c.maxNotDigit(), refusing(passing, rest, c.maxNotDigit())));
        double refused = refusedShare(withPhotos.forPhotos(), photos, out.logits(), nd);
        return new Result(withPhotos, result.before(), result.after(), result.accuracy(), result.refusedClean(),
                result.refusedAugmented(), result.energyRefusal(), n, refused);
    }

    /** Runs the model on both halves of the split and fits (the energy alone, or with the model's head). */
    public static Result fit(ProbabilityModel model, DigitImages train, double refusal, double energyRefusal) {
        DigitImages clean = clean(train);
        DigitImages augmented = augmented(clean);
        ProbabilityModel.Outputs c = model.outputs(clean.pixels(), clean.count(), BATCH);
        ProbabilityModel.Outputs a = model.outputs(augmented.pixels(), augmented.count(), BATCH);
        if (!model.hasNotDigit()) {
            return fit(clean, c.logits(), augmented, a.logits(), refusal, describe());
        }
        return fit(clean, c, augmented, a, refusal, energyRefusal, describe());
    }

    /** Fits the energy alone on logits already computed (tests use synthetic ones). */
    public static Result fit(DigitImages clean, float[][] cleanLogits, DigitImages augmented, float[][] augmentedLogits,
            double refusal, String fittedOn) {
        return fit(clean, new ProbabilityModel.Outputs(cleanLogits, nan(cleanLogits.length)), augmented,
                new ProbabilityModel.Outputs(augmentedLogits, nan(augmentedLogits.length)), refusal, refusal, fittedOn);
    }

    /**
     * Fits on outputs already computed. With {@code not_digit} scores (not NaN), the energy
     * threshold refuses {@code energyRefusal} of the clean digits and the head's the rest of {@code
     * refusal}; without, the energy spends all of {@code refusal}.
     */
    public static Result fit(DigitImages clean, ProbabilityModel.Outputs cleanOut, DigitImages augmented,
            ProbabilityModel.Outputs augmentedOut, double refusal, double energyRefusal, String fittedOn) {
        if (!(refusal >= 0 && refusal < 0.5)) {
            throw new IllegalArgumentException("the refusal budget must be in [0, 0.5), got " + refusal);
        }
        float[][] cleanLogits = cleanOut.logits();
        float[][] augmentedLogits = augmentedOut.logits();
        boolean head = cleanOut.notDigit().length > 0 && !Float.isNaN(cleanOut.notDigit()[0]);
        if (head && !(energyRefusal >= 0 && energyRefusal <= refusal)) {
            throw new IllegalArgumentException("the energy's share of the refusal budget must be in [0, " + refusal + "], got "
                    + energyRefusal);
        }
        float[][] logits = concat(cleanLogits, augmentedLogits);
        int[] labels = concat(clean.labels(), augmented.labels());
        double t = TemperatureScaling.fit(logits, labels);

        int n = clean.count();
        int maxThickness = 0;
        double[] energy = new double[n];
        for (int i = 0; i < n; i++) {
            maxThickness = Math.max(maxThickness, DigitCheck.thickness(clean.image(i), clean.side()));
            energy[i] = Calibration.energy(cleanLogits[i]);
        }
        // No calibration digit is over the blob limit, so the thresholds alone spend the budget:
        // refuse the k lowest-scoring digits, those strictly below the (k+1)-th lowest score.
        double[] sortedEnergy = energy.clone();
        Arrays.sort(sortedEnergy);
        int budget = (int) Math.floor(refusal * n);
        int k = head ? (int) Math.floor(energyRefusal * n) : budget;
        double minScore = k == 0 ? Double.NEGATIVE_INFINITY : sortedEnergy[Math.min(k, n - 1)];
        double maxNotDigit = Double.POSITIVE_INFINITY;
        if (head) {
            // Of the digits the energy lets through, the head refuses the rest of the budget: those
            // strictly above the (rest+1)-th highest not_digit.
            float[] nd = cleanOut.notDigit();
            double[] passing = java.util.stream.IntStream.range(0, n).filter(i -> !(energy[i] < minScore))
                    .mapToDouble(i -> nd[i]).sorted().toArray();
            int refusedByEnergy = n - passing.length;
            maxNotDigit = refusing(passing, Math.max(0, budget - refusedByEnergy), Double.POSITIVE_INFINITY);
        }
        Calibration calibration = new Calibration(t, minScore, maxThickness, maxNotDigit, fittedOn);
        return new Result(calibration, CalibrationMetrics.of(logits, labels, 1), CalibrationMetrics.of(logits, labels, t),
                accuracy(logits, labels), refusedShare(calibration, clean, cleanLogits, cleanOut.notDigit()),
                refusedShare(calibration, augmented, augmentedLogits, augmentedOut.notDigit()), head ? energyRefusal : Double.NaN);
    }

    /**
     * The threshold ({@code score > threshold} refused) that refuses the {@code count} highest of
     * {@code sortedScores} (all but one at most), or {@code none} when there are no scores.
     */
    private static double refusing(double[] sortedScores, int count, double none) {
        return sortedScores.length == 0 ? none : sortedScores[Math.max(0, sortedScores.length - 1 - count)];
    }

    /** Where {@code fit-gate --attach} records the refusal budget it chose, in the {@code not_digit_gate} section. */
    public static final String GATE_REFUSAL_KEY = "refusal_budget";

    /** The refusal budget a model's not-a-digit gate was attached with ({@value #GATE_REFUSAL_KEY}), if recorded. */
    public static java.util.OptionalDouble gateRefusalOf(JsonObject card) {
        try {
            return java.util.OptionalDouble.of(card.getAsJsonObject(dev.digitnet.model.NotDigitGate.KEY).get(GATE_REFUSAL_KEY)
                    .getAsDouble());
        } catch (RuntimeException e) {
            return java.util.OptionalDouble.empty();
        }
    }

    /**
     * Records {@code refusal} as the budget of the model's not-a-digit gate, when it has one and the
     * budget differs, so that a later {@code calibrate} without {@code --refusal} keeps it and the
     * card says where it came from. Returns whether anything changed.
     */
    public static boolean recordGateRefusal(JsonObject card, double refusal) {
        if (!card.has(dev.digitnet.model.NotDigitGate.KEY)) {
            return false;
        }
        JsonObject gate = card.getAsJsonObject(dev.digitnet.model.NotDigitGate.KEY);
        java.util.OptionalDouble before = gateRefusalOf(card);
        if (before.isPresent() && before.getAsDouble() == refusal) {
            return false;
        }
        String was = before.isPresent() ? "; before: " + before.getAsDouble()
                + (gate.has("chosen_on") ? ", chosen on " + gate.get("chosen_on").getAsString() : "") : "";
        gate.addProperty(GATE_REFUSAL_KEY, refusal);
        gate.addProperty("chosen_on", "digitnet calibrate --refusal " + refusal + was);
        return true;
    }

    /** The energy's share a model's calibration was fitted with ({@code split.energy_refusal}), if recorded. */
    public static java.util.OptionalDouble energyRefusalOf(JsonObject card) {
        try {
            return java.util.OptionalDouble.of(card.getAsJsonObject(Calibration.KEY).getAsJsonObject("split")
                    .get("energy_refusal").getAsDouble());
        } catch (RuntimeException e) {
            return java.util.OptionalDouble.empty();
        }
    }

    /** Share of the images the calibration's digit check refuses (a model without a head). */
    public static double refusedShare(Calibration calibration, DigitImages images, float[][] logits) {
        return refusedShare(calibration, images, logits, nan(logits.length));
    }

    /** Share of the images the calibration's digit check refuses, given the head's scores (NaN without one). */
    public static double refusedShare(Calibration calibration, DigitImages images, float[][] logits, float[] notDigit) {
        int refused = 0;
        for (int i = 0; i < images.count(); i++) {
            refused += calibration.check(logits[i], notDigit[i], images.image(i), images.side()).digit() ? 0 : 1;
        }
        return (double) refused / images.count();
    }

    private static float[] nan(int n) {
        float[] out = new float[n];
        Arrays.fill(out, Float.NaN);
        return out;
    }

    private static double accuracy(float[][] logits, int[] labels) {
        int right = 0;
        for (int i = 0; i < logits.length; i++) {
            right += Ranking.argmax(logits[i]) == labels[i] ? 1 : 0;
        }
        return (double) right / logits.length;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
