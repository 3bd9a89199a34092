package dev.digitnet.eval;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.ood.Doodles;
import dev.digitnet.data.ood.Photographed;
import dev.digitnet.data.ood.StrokeDigits;
import dev.digitnet.input.ModelInput;
import dev.digitnet.model.NotDigitGate;
import dev.digitnet.model.ConvNetConfig;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.train.ValidationSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A not-a-digit gate: a small convolutional network of its own that reads the model's input
 * pixels and tells digits from non-digits, trained on the pictures {@code fit-head} trains its
 * heads on ({@link NotDigitHeadFit#pictures}), digits as class {@link NotDigitGate#DIGIT} and non-digits as
 * class {@link NotDigitGate#NOT_DIGIT}. Its score is {@code logit[1] − logit[0]} (higher: less like a digit),
 * the quantity a head's {@code not_digit} is.
 *
 * <p>Why a network of its own: a head on a classifier's pooled features can only separate what
 * those features, learnt for telling ten digits apart, keep; a star and a 4 share most of them. A
 * gate learns features for the question itself. In the experiment behind it (scripts/gate-experiment.py,
 * docs/trust.md) it refused far more doodles of kinds it never saw than any feature head.
 */
public final class NotDigitGateFit {

    /** Images per forward pass when scoring. */
    private static final int BATCH = 500;
    static final String STROKE_DIGITS_NAME = "digits drawn as strokes";
    static final String PHOTO_DIGITS_NAME = "digits photographed on paper";
    static final String PHOTO_DOODLES_NAME = "doodles photographed on paper";

    /**
     * How many of the gate's own pictures, beside the fit's.
     *
     * @param strokeDigits digits drawn as strokes ({@link StrokeDigits}) among the training digits
     * @param validationStrokeDigits and among the validation digits
     * @param photoDigits MNIST training digits photographed on paper ({@link Photographed}, the tuned styles) among the training digits
     * @param validationPhotoDigits calibration-split digits photographed, among the validation digits
     *     (0: none, and the objective counts the pen-drawn digits alone)
     * @param photoDoodles doodles of the trained kinds photographed on paper ({@link Doodles#asMnist}
     *     through {@link Photographed}), among the training non-digits: so that a photo's texture
     *     is no sign of a digit
     * @param validationPhotoDoodles and among the validation non-digits (other doodles, validation seed)
     */
    public record Counts(int strokeDigits, int validationStrokeDigits, int photoDigits, int validationPhotoDigits,
            int photoDoodles, int validationPhotoDoodles) {
        /**
         * The shipped gate's: no photographed pictures, since a photo is checked against a threshold
         * of its own (fitting photographed digits and doodles into the gate did worse on doodle kinds
         * left out of the fit: docs/runs/trust/gate/photo-doodles/).
         */
        public static final Counts DEFAULT = new Counts(10_000, 1_000, 0, 0, 0, 0);
        /** Photographed digits, and doodles, validated on when any are trained on. */
        public static final int VALIDATION_PHOTOS = 1_200;

        public Counts {
            if (strokeDigits < 0 || validationStrokeDigits < 1 || photoDigits < 0 || validationPhotoDigits < 0
                    || photoDoodles < 0 || validationPhotoDoodles < 0) {
                throw new IllegalArgumentException("bad counts for the gate's own pictures: " + this);
            }
        }
    }

    /**
     * What a gate is trained and validated on: the fit's pictures ({@link NotDigitHeadFit#pictures})
     * and the gate's own digit sets, each made once and shared by the training split and every
     * validation.
     */
    public static final class Data {
        private final NotDigitHeadFit.Pictures pictures;
        private final NotDigitHeadFit.Group strokes;
        private final NotDigitHeadFit.Group validationStrokes;
        private final NotDigitHeadFit.Group photos;
        private final NotDigitHeadFit.Group validationPhotos;
        private final NotDigitHeadFit.Group photoDoodles;
        private final NotDigitHeadFit.Group validationPhotoDoodles;

        private Data(NotDigitHeadFit.Pictures pictures, Counts counts) {
            this.pictures = pictures;
            this.strokes = strokeDigits(NotDigitHeadFit.TRAINING_SEED, counts.strokeDigits());
            this.validationStrokes = strokeDigits(NotDigitHeadFit.VALIDATION_SEED, counts.validationStrokeDigits());
            MnistSplit train = pictures.mnistTrain();
            this.photos = photoDigits(train.range(0, NotDigitHeadFit.TRAINING_DIGITS_END), NotDigitHeadFit.TRAINING_SEED,
                    counts.photoDigits());
            this.validationPhotos = photoDigits(train.range(NotDigitHeadFit.TRAINING_DIGITS_END, train.count()),
                    NotDigitHeadFit.VALIDATION_SEED, counts.validationPhotoDigits());
            this.photoDoodles = photoDoodles(pictures.trainedKinds(), NotDigitHeadFit.TRAINING_SEED, counts.photoDoodles());
            this.validationPhotoDoodles = photoDoodles(pictures.trainedKinds(), NotDigitHeadFit.VALIDATION_SEED,
                    counts.validationPhotoDoodles());
        }

        public NotDigitHeadFit.Pictures pictures() {
            return pictures;
        }

        /** The training digits and non-digits: the fit's pictures', then the gate's own digits. */
        List<NotDigitHeadFit.Group> training() {
            List<NotDigitHeadFit.Group> training = new ArrayList<>(pictures.trainingGroups());
            training.add(strokes);
            // A fit without photographed pictures (counts of 0) leaves their groups out.
            for (NotDigitHeadFit.Group g : List.of(photos, photoDoodles)) {
                if (g.count() > 0) {
                    training.add(g);
                }
            }
            return training;
        }

        /** The validation digits beyond the calibration split (pen-drawn, stroke-drawn, photographed), then the non-digits. */
        List<NotDigitHeadFit.Group> validation() {
            List<NotDigitHeadFit.Group> validation = new ArrayList<>();
            validation.add(pictures.validationPenGroup());
            validation.add(validationStrokes);
            if (validationPhotos.count() > 0) {
                validation.add(validationPhotos);
            }
            validation.addAll(pictures.validationGroups());
            if (validationPhotoDoodles.count() > 0) {
                validation.add(validationPhotoDoodles);
            }
            return validation;
        }
    }

    /** The gate's data: the fit's pictures and its own digits, {@code counts} of them. */
    public static Data data(NotDigitHeadFit.Pictures pictures, Counts counts) {
        return new Data(pictures, counts);
    }

    private NotDigitGateFit() {}

    /** The gate's widths by default: the {@code xs} student's. */
    public static final List<Integer> DEFAULT_WIDTHS = List.of(8, 16, 32);
    /**
     * Doodles of the trained kinds the shipped gate trains against: twice fit-head's, which did
     * better on doodle kinds left out of the fit (docs/runs/trust/gate/leave-kinds-out/); neither
     * more (48,000) nor more kinds did (docs/runs/trust/gate/more-kinds/).
     */
    public static final int DEFAULT_DOODLES = 24_000;

    /** The gate's design: the {@code xs} student's (3×3 conv + BatchNorm + ReLU, 8/16/32, two per stage), two classes. */
    public static ConvNetConfig architecture(int inputSize) {
        return architecture(inputSize, DEFAULT_WIDTHS);
    }

    /**
     * The gate's design at other widths (one per stage, two convolutions each): it runs on every
     * request beside the model, so a wider gate is weighed against its cost per request.
     */
    public static ConvNetConfig architecture(int inputSize, List<Integer> widths) {
        return new ConvNetConfig(inputSize, widths, java.util.Collections.nCopies(widths.size(), 2), 3, 0f, 2);
    }

    /**
     * Training: every training group, labelled digit or not; validation: the validation digits
     * beyond the calibration split and the validation non-digits (seed {@link
     * NotDigitHeadFit#VALIDATION_SEED}), so the trainer's validation accuracy is the gate's.
     */
    public static ValidationSplit split(Data data) {
        return new ValidationSplit(labelled(data.training()), labelled(data.validation()));
    }

    /** Digits drawn as a few strokes, as on the page with a mouse ({@link StrokeDigits}), from the seed. */
    static NotDigitHeadFit.Group strokeDigits(long seed, int count) {
        DigitImages d = StrokeDigits.generate(STROKE_DIGITS_NAME, seed, count);
        return new NotDigitHeadFit.Group(STROKE_DIGITS_NAME, true, d.pixels(), d.count());
    }

    /** Photos of digits of {@code digits} on paper ({@link Photographed}), from the seed. */
    static NotDigitHeadFit.Group photoDigits(MnistSplit digits, long seed, int count) {
        if (count == 0) {
            return new NotDigitHeadFit.Group(PHOTO_DIGITS_NAME, true, new float[0], 0);
        }
        DigitImages d = Photographed.generate(digits, seed, count);
        return new NotDigitHeadFit.Group(PHOTO_DIGITS_NAME, true, d.pixels(), d.count());
    }

    /**
     * Photos on paper of {@code count} doodles of the kinds (drawn for this set's name and the seed,
     * so other pictures than the fit's doodles), from the seed.
     */
    static NotDigitHeadFit.Group photoDoodles(List<Doodles.Kind> kinds, long seed, int count) {
        if (count == 0) {
            return new NotDigitHeadFit.Group(PHOTO_DOODLES_NAME, false, new float[0], 0);
        }
        DigitImages d = Photographed.generate(Doodles.asMnist(PHOTO_DOODLES_NAME, seed, kinds, count), seed, count);
        return new NotDigitHeadFit.Group(PHOTO_DOODLES_NAME, false, d.pixels(), d.count());
    }

    private static DigitImages labelled(List<NotDigitHeadFit.Group> groups) {
        int side = ModelInput.MODEL_SIZE;
        int count = groups.stream().mapToInt(NotDigitHeadFit.Group::count).sum();
        float[] pixels = new float[count * side * side];
        int[] labels = new int[count];
        int at = 0;
        for (NotDigitHeadFit.Group g : groups) {
            System.arraycopy(g.pixels(), 0, pixels, at * side * side, g.count() * side * side);
            Arrays.fill(labels, at, at + g.count(), g.digit() ? NotDigitGate.DIGIT : NotDigitGate.NOT_DIGIT);
            at += g.count();
        }
        return new DigitImages(pixels, labels, side);
    }

    /** The gate's score of each of {@code count} pictures stored one after another. */
    public static float[] scores(ProbabilityModel gate, float[] pixels, int count) {
        return NotDigitGate.scores(gate.outputs(pixels, count, BATCH).logits());
    }

    /**
     * The least threshold that refuses ({@code score > threshold}) at most {@code refusal} of
     * {@code digitScores}.
     */
    public static float threshold(float[] digitScores, double refusal) {
        float[] sorted = digitScores.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(refusal * sorted.length);
        return sorted[sorted.length - 1 - Math.min(allowed, sorted.length - 1)];
    }

    /** One validation row: the share of a set's digits refused, or of its non-digits accepted. */
    public record Row(String set, boolean digit, int count, double share) {}

    /**
     * The gate on validation at a threshold that refuses {@code refusal} of the clean calibration
     * split: each validation set's share refused (digits) or accepted (non-digits).
     */
    public static List<Row> validate(ProbabilityModel gate, Data data, double refusal) {
        return rows(scored(gate, data), refusal);
    }

    /** A validation set and the gate's score of each of its pictures. */
    private record Scored(NotDigitHeadFit.Group set, float[] scores) {}

    /** Every validation set scored once, the clean calibration split first (what the thresholds are fitted on). */
    private static List<Scored> scored(ProbabilityModel gate, Data data) {
        NotDigitHeadFit.Pictures pictures = data.pictures();
        DigitImages calibration = pictures.calibrationClean();
        DigitImages augmented = pictures.calibrationAugmented();
        List<NotDigitHeadFit.Group> sets = new ArrayList<>();
        sets.add(new NotDigitHeadFit.Group("calibration split, clean", true, calibration.pixels(), calibration.count()));
        sets.add(new NotDigitHeadFit.Group("calibration split, augmented", true, augmented.pixels(), augmented.count()));
        sets.addAll(data.validation());
        List<Scored> out = new ArrayList<>();
        for (NotDigitHeadFit.Group g : sets) {
            out.add(new Scored(g, scores(gate, g.pixels(), g.count())));
        }
        return out;
    }

    /** Each set's share refused (digits) or accepted (non-digits) at the threshold refusing {@code refusal} of the first. */
    private static List<Row> rows(List<Scored> scored, double refusal) {
        float threshold = threshold(scored.get(0).scores(), refusal);
        List<Row> rows = new ArrayList<>();
        for (Scored sc : scored) {
            NotDigitHeadFit.Group g = sc.set();
            int refused = 0;
            for (float v : sc.scores()) {
                refused += v > threshold ? 1 : 0;
            }
            double share = g.digit() ? refused / (double) g.count() : 1 - refused / (double) g.count();
            rows.add(new Row(g.name(), g.digit(), g.count(), share));
        }
        return rows;
    }

    /**
     * The objective the budget is chosen by, on these rows: the mean share of the validation
     * non-digits accepted plus the mean share refused of the two kinds of digit a user hands the
     * model outside MNIST, pen-drawn (MNIST's redrawn; {@code fit-head}'s objective has this one
     * only) and photographed on paper (when the fit validates on photos: a gate fitted without them
     * is chosen on the pen-drawn digits alone, as {@code fit-head} chooses). The digits drawn as
     * strokes are a row of their own, not in it.
     */
    public static double objective(List<Row> rows, Data data) {
        String pen = data.pictures().validationPenGroup().name();
        double accepted = rows.stream().filter(r -> !r.digit()).mapToDouble(Row::share).average().orElse(0);
        double[] refused = rows.stream().filter(r -> r.digit() && (r.set().equals(pen) || r.set().equals(PHOTO_DIGITS_NAME)))
                .mapToDouble(Row::share).toArray();
        if (refused.length == 0) {
            throw new IllegalStateException("the objective needs the pen-drawn validation digits, got " + rows);
        }
        return accepted + java.util.Arrays.stream(refused).average().orElseThrow();
    }

    /** One candidate budget (share of the clean calibration split refused) and its validation rows. */
    public record Budget(double refusal, List<Row> rows, double objective) {}

    /** Each candidate budget on validation; the chosen one is the least {@link #objective} (the larger budget on a tie). */
    public static List<Budget> budgets(ProbabilityModel gate, Data data, List<Double> refusals) {
        List<Scored> scored = scored(gate, data);
        List<Budget> out = new ArrayList<>();
        for (double r : refusals) {
            List<Row> rows = rows(scored, r);
            out.add(new Budget(r, rows, objective(rows, data)));
        }
        return out;
    }

    /** The budget {@link #budgets} chooses. */
    public static Budget chosen(List<Budget> budgets) {
        Budget best = budgets.get(0);
        for (Budget b : budgets) {
            if (b.objective() < best.objective() || (b.objective() == best.objective() && b.refusal() > best.refusal())) {
                best = b;
            }
        }
        return best;
    }

    /** The budgets side by side: a column per budget, a row per validation set, the objective last. */
    public static String table(List<Budget> budgets, Budget chosen) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "  %-42s %7s", "budget (clean calibration refused)", ""));
        budgets.forEach(b -> text.append(String.format(Locale.ROOT, " %s%6.2f%%", b == chosen ? " *" : "  ", 100 * b.refusal())));
        text.append('\n');
        List<Row> first = budgets.get(0).rows();
        for (int i = 0; i < first.size(); i++) {
            Row r = first.get(i);
            text.append(String.format(Locale.ROOT, "  %-42s %7s", r.set() + (r.digit() ? " (refused)" : " (accepted)"),
                    String.format(Locale.ROOT, "%,d", r.count())));
            for (Budget b : budgets) {
                text.append(String.format(Locale.ROOT, "  %6.2f%%", 100 * b.rows().get(i).share()));
            }
            text.append('\n');
        }
        text.append(String.format(Locale.ROOT, "  %-42s %7s", "objective (mean accepted + pen/photo refused)", ""));
        budgets.forEach(b -> text.append(String.format(Locale.ROOT, "  %6.2f%%", 100 * b.objective())));
        return text.append('\n').toString();
    }

    /** The rows as a table: digits refused, non-digits accepted. */
    public static String table(List<Row> rows) {
        StringBuilder text = new StringBuilder();
        for (Row r : rows) {
            text.append(String.format(Locale.ROOT, "  %-34s %,7d  %s %6.2f%%%n", r.set(), r.count(),
                    r.digit() ? "refused " : "accepted", 100 * r.share()));
        }
        return text.toString();
    }
}
