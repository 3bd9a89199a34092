package dev.digitnet.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digitnet.data.Augmentation;
import dev.digitnet.data.DataException;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.Shuffle;
import dev.digitnet.data.ood.Doodles;
import dev.digitnet.data.ood.FashionMnist;
import dev.digitnet.data.ood.Letters;
import dev.digitnet.data.ood.NearBlank;
import dev.digitnet.data.ood.Noise;
import dev.digitnet.data.ood.OodBenchmark;
import dev.digitnet.data.ood.OodSet;
import dev.digitnet.data.ood.OutlierPool;
import dev.digitnet.data.ood.PenDigits;
import dev.digitnet.data.ood.Scribbles;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitCheck;
import dev.digitnet.model.NotDigitHead;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.train.NotDigitHeadTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Fits a model's {@link NotDigitHead} and its thresholds ({@code digitnet fit-head}): outlier
 * exposure on the model's features, chosen on validation, never on what the benchmark reports.
 *
 * <p><b>Training</b> (seed {@value #TRAINING_SEED}, the outlier pool's): digits are MNIST training
 * images 0–49,999 (a seeded sample as they are, the same under the card's random affine, and
 * images 0–{@code penDigits} redrawn with the page's pen, {@link PenDigits}); non-digits are pen
 * doodles of the {@linkplain Doodles.Split#TRAINED trained kinds}, rendered letters not written
 * like a digit, a sample of Fashion-MNIST's training split, and scribbles, noise and near-blank
 * pages ({@link OutlierPool}). Never the held-out doodle kinds, never a benchmark seed.
 *
 * <p><b>Validation</b>: the calibration split (MNIST training images 50,000–59,999, clean and
 * augmented, {@link CalibrationFit}) and images 50,000– redrawn with the pen; non-digits drawn
 * with the validation seed {@value #VALIDATION_SEED}: doodles of the trained kinds, letters,
 * scribbles, noise, near-blank pages, and Fashion-MNIST training images the head did not see. Each
 * candidate (hidden width × the energy's share of the refusal budget) gets its thresholds from
 * {@link CalibrationFit} on the clean calibration digits; the one with the lowest mean share of
 * validation non-digits accepted plus share of pen-drawn validation digits refused is kept.
 *
 * <p>The features are extracted once (one forward pass per picture); each candidate head then
 * trains in seconds.
 */
public final class NotDigitHeadFit {

    public static final long TRAINING_SEED = OutlierPool.DEFAULT_SEED;
    public static final long VALIDATION_SEED = OutlierPool.VALIDATION_SEED;
    /** First MNIST training image of the calibration split; training digits come from before it. */
    static final int TRAINING_DIGITS_END = 50_000;
    private static final int BATCH = 256;
    /** The validation set of the doodle kinds a fit left out. */
    public static final String LEFT_OUT_KINDS = "doodles of kinds left out";

    /**
     * How many pictures of each kind.
     *
     * @param digits MNIST training digits, and as many again augmented
     * @param penDigits MNIST training digits redrawn with the pen
     * @param doodles pen doodles of the trained kinds
     * @param fashion Fashion-MNIST training images (0 without it)
     * @param generated scribbles, noise and near-blank pages together ({@link OutlierPool}'s mix)
     * @param validationPenDigits calibration-split digits redrawn with the pen, for validation
     * @param validationFashion other Fashion-MNIST training images, for validation
     */
    public record Sizes(int digits, int penDigits, int doodles, int fashion, int generated, int validationPenDigits,
            int validationFashion) {
        public static final Sizes DEFAULT = new Sizes(20_000, 10_000, 12_000, 10_000, 10_000, 2_500, 2_000);

        public Sizes {
            if (digits < 1 || penDigits < 0 || doodles < 1 || fashion < 0 || generated < 0 || validationPenDigits < 1
                    || validationFashion < 0 || digits > TRAINING_DIGITS_END || penDigits > TRAINING_DIGITS_END) {
                throw new IllegalArgumentException("bad sizes for the head's data: " + this);
            }
        }
    }

    /** One candidate and how it did on validation. */
    public record Candidate(int hidden, double energyRefusal, Calibration calibration, double meanAccepted,
            double penDigitsRefused, double cleanRefused, double augmentedRefused, List<double[]> perSet) {
        double objective() {
            return meanAccepted + penDigitsRefused;
        }
    }

    /**
     * What the fit chose.
     *
     * @param head the chosen head
     * @param result its calibration, fitted on the calibration split
     * @param candidates every candidate, the chosen one included
     * @param chosen the index of the chosen one
     * @param baseline the model's calibration as it was, on the same validation sets
     * @param setNames the validation sets, in the order of {@link Candidate#perSet}
     * @param provenance what it was trained on and how, for config.json
     */
    public record Outcome(NotDigitHead head, CalibrationFit.Result result, List<Candidate> candidates, int chosen,
            Candidate baseline, List<String> setNames, JsonObject provenance) {}

    /** Features of one set of pictures. */
    private record Part(String name, boolean digit, float[][] logits, float[][] features, int[] thickness) {
        int count() {
            return logits.length;
        }
    }

    private NotDigitHeadFit() {}

    /** A set of pictures the fit runs a model on: model inputs one after another. */
    record Group(String name, boolean digit, float[] pixels, int count) {}

    /**
     * The pictures of a fit, made once and shared by every model fitted on them (the features differ
     * per model; the pictures do not).
     */
    public static final class Pictures {
        private final List<Group> training = new ArrayList<>();
        private final List<Group> validationOutliers = new ArrayList<>();
        private Group validationPen;
        private DigitImages calibrationClean;
        private DigitImages calibrationAugmented;
        private final Sizes sizes;
        private final java.util.Set<String> trainingDoodleKinds = new java.util.TreeSet<>();
        private MnistSplit mnistTrain;
        private List<Doodles.Kind> trainedKinds;

        private Pictures(Sizes sizes) {
            this.sizes = sizes;
        }

        /** The kinds of the doodles trained against (their tags): for checking the held-out kinds stay out. */
        public java.util.Set<String> trainingDoodleKinds() {
            return java.util.Collections.unmodifiableSet(trainingDoodleKinds);
        }

        /** The training groups, digits and non-digits (for the pixel-gate experiment's dump). */
        List<Group> trainingGroups() {
            return List.copyOf(training);
        }

        List<Group> validationGroups() {
            return List.copyOf(validationOutliers);
        }

        Group validationPenGroup() {
            return validationPen;
        }

        /** The doodle kinds trained against (the trained split's, less any left out). */
        List<Doodles.Kind> trainedKinds() {
            return trainedKinds;
        }

        /** MNIST's training split, for sets a fit makes of its own (digits before {@link #TRAINING_DIGITS_END} to train on, the rest to validate). */
        MnistSplit mnistTrain() {
            return mnistTrain;
        }

        DigitImages calibrationClean() {
            return calibrationClean;
        }

        DigitImages calibrationAugmented() {
            return calibrationAugmented;
        }

        /** The names and sizes of the training sets, digits and non-digits. */
        public String training() {
            return names(training);
        }
    }

    /**
     * Makes the training and validation pictures.
     *
     * @param fashionTrain Fashion-MNIST's training split, or null to train and validate without it
     */
    public static Pictures pictures(MnistData mnist, FashionMnist fashionTrain, Sizes sizes, Consumer<String> log) {
        return pictures(mnist, fashionTrain, sizes, java.util.Set.of(), log);
    }

    /**
     * {@link #pictures(MnistData, FashionMnist, Sizes, Consumer)} with some trained doodle kinds left
     * out of training and of the trained kinds' validation set, and validated on as a set of their
     * own ({@value #LEFT_OUT_KINDS}, {@link Doodles#PER_HELD_OUT_KIND} of each): how a fit does on kinds it
     * never saw, measured without the benchmark's held-out kinds, so a fit's design can be chosen on it.
     *
     * @param leftOut trained kinds to leave out (none: the usual fit)
     */
    public static Pictures pictures(MnistData mnist, FashionMnist fashionTrain, Sizes sizes, java.util.Set<Doodles.Kind> leftOut,
            Consumer<String> log) {
        for (Doodles.Kind k : leftOut) {
            if (k.split() != Doodles.Split.TRAINED) {
                throw new IllegalArgumentException("only trained doodle kinds can be left out of a fit; " + k.id()
                        + " is held out already");
            }
        }
        List<Doodles.Kind> trained = Doodles.kinds(Doodles.Split.TRAINED).stream().filter(k -> !leftOut.contains(k)).toList();
        List<Doodles.Kind> out = Doodles.kinds(Doodles.Split.TRAINED).stream().filter(leftOut::contains).toList();
        String which = leftOut.isEmpty() ? "trained" : "trained (some left out)";
        long start = System.nanoTime();
        Pictures p = new Pictures(sizes);
        p.mnistTrain = mnist.train();
        p.trainedKinds = trained;
        DigitImages train = DigitImages.of(mnist.train());

        // Training digits: a seeded sample of images 0-49,999, as they are and augmented; pen-drawn ones.
        int[] picked = Arrays.copyOf(Shuffle.permutation(TRAINING_DIGITS_END, new Random(TRAINING_SEED)), sizes.digits());
        DigitImages sample = train.select(picked);
        p.training.add(new Group("digits", true, sample.pixels(), sample.count()));
        DigitImages augmented = Augmentation.modelCard(TRAINING_SEED).applyToAll(sample);
        p.training.add(new Group("digits augmented", true, augmented.pixels(), augmented.count()));
        if (sizes.penDigits() > 0) {
            DigitImages pen = PenDigits.redraw(mnist.train(), 0, sizes.penDigits(), TRAINING_SEED);
            p.training.add(new Group("pen digits", true, pen.pixels(), pen.count()));
        }

        // Training non-digits: trained doodle kinds, Fashion-MNIST's training split, the pool's generated kinds.
        OodSet doodles = Doodles.generate(OodBenchmark.DOODLES_TRAINED, TRAINING_SEED, trained, which, sizes.doodles());
        p.training.add(new Group("doodles (trained kinds)", false, doodles.pixels(), doodles.count()));
        p.trainingDoodleKinds.addAll(doodles.items());
        // Rendered letters not written like a digit, from the training seed (the benchmark's are other pictures).
        OodSet letters = Letters.generate(TRAINING_SEED).where(l -> !Letters.digitLike(l));
        p.training.add(new Group("letters (rendered, not digit-like)", false, letters.pixels(), letters.count()));
        OodSet fashionAll = null;
        int[] fashionOrder = null;
        if (fashionTrain != null && sizes.fashion() + sizes.validationFashion() > 0) {
            try {
                fashionAll = fashionTrain.load();
                fashionOrder = Shuffle.permutation(fashionAll.count(), new Random(TRAINING_SEED));
            } catch (DataException e) {
                log.accept("Fashion-MNIST is unavailable, trained and validated without it: " + e.getMessage());
            }
        }
        if (fashionAll != null && sizes.fashion() > 0) {
            OodSet f = fashionAll.select(Arrays.copyOfRange(fashionOrder, 0, sizes.fashion()));
            p.training.add(new Group("fashion-train", false, f.pixels(), f.count()));
        }
        if (sizes.generated() > 0) {
            OutlierPool pool = OutlierPool.build(null, 0, sizes.generated(), TRAINING_SEED, log);
            for (OodSet set : pool.sets()) {
                p.training.add(new Group(set.name(), false, set.pixels(), set.count()));
            }
        }

        // Validation: the calibration split, pen-drawn digits after it, non-digits of the validation seed.
        p.calibrationClean = CalibrationFit.clean(train);
        p.calibrationAugmented = CalibrationFit.augmented(p.calibrationClean);
        DigitImages valPen = PenDigits.redraw(mnist.train(), TRAINING_DIGITS_END, sizes.validationPenDigits(), VALIDATION_SEED);
        p.validationPen = new Group("pen digits", true, valPen.pixels(), valPen.count());
        // Letters written like a digit (O, I, S, ...) may fairly pass: validated on the others.
        List<OodSet> validation = new ArrayList<>(List.of(
                Doodles.generate(OodBenchmark.DOODLES_TRAINED, VALIDATION_SEED, trained, which, Doodles.PER_TRAINED_KIND * trained.size()),
                Letters.generate(VALIDATION_SEED).where(l -> !Letters.digitLike(l)),
                Scribbles.generate(VALIDATION_SEED), Noise.generate(VALIDATION_SEED), NearBlank.generate(VALIDATION_SEED)));
        if (!out.isEmpty()) {
            validation.add(Doodles.generate(LEFT_OUT_KINDS, VALIDATION_SEED, out, "left-out", Doodles.PER_HELD_OUT_KIND * out.size()));
        }
        for (OodSet set : validation) {
            p.validationOutliers.add(new Group(set.name(), false, set.pixels(), set.count()));
        }
        if (fashionAll != null && sizes.validationFashion() > 0) {
            OodSet f = fashionAll.select(Arrays.copyOfRange(fashionOrder, sizes.fashion(), sizes.fashion() + sizes.validationFashion()));
            p.validationOutliers.add(new Group("fashion-train (unseen)", false, f.pixels(), f.count()));
        }
        log.accept(String.format(Locale.ROOT, "Pictures for the head made in %.0f s: training %s; validation %s, pen digits %d",
                (System.nanoTime() - start) / 1e9, names(p.training), names(p.validationOutliers), valPen.count()));
        return p;
    }

    private static String names(List<Group> sets) {
        List<String> parts = new ArrayList<>();
        sets.forEach(s -> parts.add(s.name() + " " + s.count()));
        return String.join(", ", parts);
    }

    /**
     * Extracts the model's features of the pictures (once), trains one head per hidden width, fits
     * each with each energy share and keeps the best on validation.
     */
    public static Outcome fit(ProbabilityModel model, Calibration current, Pictures pictures, List<Integer> hiddens,
            List<Double> energyRefusals, double refusal, Consumer<String> log) {
        long start = System.nanoTime();
        List<Part> inliers = new ArrayList<>();
        List<Part> outliers = new ArrayList<>();
        for (Group s : pictures.training) {
            (s.digit() ? inliers : outliers).add(part(model, s, log));
        }
        DigitImages calClean = pictures.calibrationClean;
        DigitImages calAugmented = pictures.calibrationAugmented;
        Part valClean = part(model, new Group("calibration split, clean", true, calClean.pixels(), calClean.count()), log);
        Part valAugmented = part(model, new Group("calibration split, augmented", true, calAugmented.pixels(),
                calAugmented.count()), log);
        Part valPenDigits = part(model, pictures.validationPen, log);
        List<Part> valOutliers = new ArrayList<>();
        for (Group s : pictures.validationOutliers) {
            valOutliers.add(part(model, s, log));
        }
        List<String> setNames = new ArrayList<>(valOutliers.stream().map(Part::name).toList());
        log.accept(String.format(Locale.ROOT, "Features of %,d pictures extracted in %.0f s", total(inliers) + total(outliers)
                + valClean.count() + valAugmented.count() + valPenDigits.count() + total(valOutliers),
                (System.nanoTime() - start) / 1e9));

        float[][] digitFeatures = features(inliers);
        float[][] outlierFeatures = features(outliers);
        Candidate baseline = evaluate(-1, Double.NaN, current, null, valClean, valAugmented, valPenDigits, valOutliers);
        List<Candidate> candidates = new ArrayList<>();
        List<NotDigitHead> heads = new ArrayList<>();
        List<CalibrationFit.Result> results = new ArrayList<>();
        for (int hidden : hiddens) {
            long t0 = System.nanoTime();
            NotDigitHead head = NotDigitHeadTrainer.train(digitFeatures, outlierFeatures,
                    NotDigitHeadTrainer.Settings.defaults(hidden, TRAINING_SEED), log);
            log.accept(String.format(Locale.ROOT, "  head with %d hidden units trained in %.1f s", hidden, (System.nanoTime() - t0) / 1e9));
            for (double energyRefusal : energyRefusals) {
                CalibrationFit.Result result = CalibrationFit.fit(calClean, outputs(valClean, head), calAugmented,
                        outputs(valAugmented, head), refusal, energyRefusal, CalibrationFit.describe());
                candidates.add(evaluate(hidden, energyRefusal, result.calibration(), head, valClean, valAugmented, valPenDigits,
                        valOutliers));
                heads.add(head);
                results.add(result);
            }
        }
        int best = 0;
        for (int i = 1; i < candidates.size(); i++) {
            if (candidates.get(i).objective() < candidates.get(best).objective()) {
                best = i;
            }
        }
        JsonObject provenance = new JsonObject();
        provenance.addProperty("trained_with", "digitnet fit-head: outlier exposure on the features, binary cross-entropy, "
                + "classes weighted equally, AdamW (" + NotDigitHeadTrainer.Settings.defaults(heads.get(best).hidden(), TRAINING_SEED)
                + ")");
        provenance.addProperty("training_seed", TRAINING_SEED);
        provenance.addProperty("sizes", pictures.sizes.toString());
        provenance.add("digits", describe(inliers));
        provenance.add("non_digits", describe(outliers));
        provenance.addProperty("held_out", "doodle kinds " + String.join(", ", Doodles.kinds(Doodles.Split.HELD_OUT).stream()
                .map(Doodles.Kind::id).toList()) + "; the benchmark's seeds " + OodBenchmark.DEFAULT_SEED
                + " (test) and " + VALIDATION_SEED + " (validation only)");
        provenance.addProperty("chosen_on", "validation (seed " + VALIDATION_SEED + "): least mean share of non-digits accepted "
                + "plus share of pen-drawn calibration-split digits refused");
        return new Outcome(heads.get(best), results.get(best), candidates, best, baseline, setNames, provenance);
    }

    /** The figures of one candidate (or of the model's current calibration: {@code head} null). */
    private static Candidate evaluate(int hidden, double energyRefusal, Calibration calibration, NotDigitHead head,
            Part clean, Part augmented, Part pen, List<Part> outliers) {
        List<double[]> perSet = new ArrayList<>();
        double sum = 0;
        for (Part p : outliers) {
            double a = acceptedShare(calibration, head, p);
            perSet.add(new double[] {a});
            sum += a;
        }
        return new Candidate(hidden, energyRefusal, calibration, sum / outliers.size(), 1 - acceptedShare(calibration, head, pen),
                1 - acceptedShare(calibration, head, clean), 1 - acceptedShare(calibration, head, augmented), perSet);
    }

    private static double acceptedShare(Calibration calibration, NotDigitHead head, Part p) {
        Calibration c = head == null ? calibration.withMaxNotDigit(Double.POSITIVE_INFINITY) : calibration;
        int accepted = 0;
        for (int i = 0; i < p.count(); i++) {
            double notDigit = head == null ? Double.NaN : head.score(p.features()[i]);
            accepted += c.check(p.logits()[i], notDigit, p.thickness()[i]).digit() ? 1 : 0;
        }
        return (double) accepted / p.count();
    }

    private static ProbabilityModel.Outputs outputs(Part p, NotDigitHead head) {
        return new ProbabilityModel.Outputs(p.logits(), head.scores(p.features()));
    }

    private static Part part(ProbabilityModel model, Group set, Consumer<String> log) {
        String name = set.name();
        boolean digit = set.digit();
        float[] pixels = set.pixels();
        int count = set.count();
        long t0 = System.nanoTime();
        ProbabilityModel.Features f = model.features(pixels, count, BATCH);
        int side = model.inputSize();
        int n = side * side;
        int[] thickness = new int[count];
        for (int i = 0; i < count; i++) {
            thickness[i] = DigitCheck.thickness(Arrays.copyOfRange(pixels, i * n, (i + 1) * n), side);
        }
        log.accept(String.format(Locale.ROOT, "  %-32s %,7d pictures, features in %.1f s", name, count, (System.nanoTime() - t0) / 1e9));
        return new Part(name, digit, f.logits(), f.features(), thickness);
    }

    private static int total(List<Part> parts) {
        return parts.stream().mapToInt(Part::count).sum();
    }

    private static float[][] features(List<Part> parts) {
        List<float[]> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(Arrays.asList(p.features())));
        return all.toArray(new float[0][]);
    }

    private static JsonObject describe(List<Part> parts) {
        JsonObject json = new JsonObject();
        parts.forEach(p -> json.addProperty(p.name(), p.count()));
        return json;
    }

    /** The validation table: one row per candidate (the current calibration first), as text. */
    public static String table(Outcome o) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "  %-22s %8s %8s %8s", "candidate", "clean", "augm.", "pen"));
        for (String s : o.setNames()) {
            text.append(String.format(Locale.ROOT, " %9s", s.length() > 9 ? s.substring(0, 9) : s));
        }
        text.append(String.format(Locale.ROOT, " %9s%n", "mean acc."));
        row(text, "current (no head)", o.baseline(), false);
        for (int i = 0; i < o.candidates().size(); i++) {
            Candidate c = o.candidates().get(i);
            row(text, String.format(Locale.ROOT, "hidden %d, energy %.2f%%", c.hidden(), 100 * c.energyRefusal()), c,
                    i == o.chosen());
        }
        text.append("  (digits: share refused; non-digits: share accepted; * chosen)\n");
        return text.toString();
    }

    private static void row(StringBuilder text, String name, Candidate c, boolean chosen) {
        text.append(String.format(Locale.ROOT, "%s %-22s %7.2f%% %7.2f%% %7.2f%%", chosen ? "*" : " ", name, 100 * c.cleanRefused(),
                100 * c.augmentedRefused(), 100 * c.penDigitsRefused()));
        for (double[] s : c.perSet()) {
            text.append(String.format(Locale.ROOT, " %8.2f%%", 100 * s[0]));
        }
        text.append(String.format(Locale.ROOT, " %8.2f%%%n", 100 * c.meanAccepted()));
    }

    /** The validation table as JSON. */
    public static JsonObject toJson(Outcome o) {
        JsonObject json = new JsonObject();
        json.add("baseline", json(o.baseline(), o.setNames()));
        JsonArray all = new JsonArray();
        o.candidates().forEach(c -> all.add(json(c, o.setNames())));
        json.add("candidates", all);
        json.addProperty("chosen", o.chosen());
        return json;
    }

    private static JsonObject json(Candidate c, List<String> names) {
        JsonObject j = new JsonObject();
        if (c.hidden() >= 0) {
            j.addProperty("hidden", c.hidden());
            j.addProperty("energy_refusal", c.energyRefusal());
        }
        j.add("calibration", c.calibration().toJson());
        j.addProperty("clean_refused", c.cleanRefused());
        j.addProperty("augmented_refused", c.augmentedRefused());
        j.addProperty("pen_digits_refused", c.penDigitsRefused());
        JsonObject accepted = new JsonObject();
        for (int i = 0; i < names.size(); i++) {
            accepted.addProperty(names.get(i), c.perSet().get(i)[0]);
        }
        j.add("accepted", accepted);
        j.addProperty("mean_accepted", c.meanAccepted());
        return j;
    }
}
