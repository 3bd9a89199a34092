package dev.digitnet.eval;

import dev.digitnet.data.DigitImages;
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
    /** Digits drawn as strokes ({@link StrokeDigits}) among the training digits, and among the validation ones. */
    public static final int STROKE_DIGITS = 10_000;
    public static final int VALIDATION_STROKE_DIGITS = 1_000;
    static final String STROKE_DIGITS_NAME = "digits drawn as strokes";

    private NotDigitGateFit() {}

    /** The gate's design: the {@code xs} student's (3×3 conv + BatchNorm + ReLU, 8/16/32, two per stage), two classes. */
    public static ConvNetConfig architecture(int inputSize) {
        return new ConvNetConfig(inputSize, List.of(8, 16, 32), List.of(2, 2, 2), 3, 0f, 2);
    }

    /**
     * Training: every training group of the pictures, labelled digit or not; validation: the
     * pen-drawn validation digits and the validation non-digits (seed {@link
     * NotDigitHeadFit#VALIDATION_SEED}), so the trainer's validation accuracy is the gate's.
     */
    public static ValidationSplit split(NotDigitHeadFit.Pictures pictures) {
        List<NotDigitHeadFit.Group> training = new ArrayList<>(pictures.trainingGroups());
        training.add(strokeDigits(NotDigitHeadFit.TRAINING_SEED, STROKE_DIGITS));
        List<NotDigitHeadFit.Group> validation = new ArrayList<>();
        validation.add(pictures.validationPenGroup());
        validation.add(strokeDigits(NotDigitHeadFit.VALIDATION_SEED, VALIDATION_STROKE_DIGITS));
        validation.addAll(pictures.validationGroups());
        return new ValidationSplit(labelled(training), labelled(validation));
    }

    /** Digits drawn as a few strokes, as on the page with a mouse ({@link StrokeDigits}), from the seed. */
    static NotDigitHeadFit.Group strokeDigits(long seed, int count) {
        DigitImages d = StrokeDigits.generate(STROKE_DIGITS_NAME, seed, count);
        return new NotDigitHeadFit.Group(STROKE_DIGITS_NAME, true, d.pixels(), d.count());
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
    public static List<Row> validate(ProbabilityModel gate, NotDigitHeadFit.Pictures pictures, double refusal) {
        return rows(scored(gate, pictures), refusal);
    }

    /** A validation set and the gate's score of each of its pictures. */
    private record Scored(NotDigitHeadFit.Group set, float[] scores) {}

    /** Every validation set scored once, the clean calibration split first (what the thresholds are fitted on). */
    private static List<Scored> scored(ProbabilityModel gate, NotDigitHeadFit.Pictures pictures) {
        DigitImages calibration = pictures.calibrationClean();
        DigitImages augmented = pictures.calibrationAugmented();
        List<NotDigitHeadFit.Group> sets = new ArrayList<>();
        sets.add(new NotDigitHeadFit.Group("calibration split, clean", true, calibration.pixels(), calibration.count()));
        sets.add(new NotDigitHeadFit.Group("calibration split, augmented", true, augmented.pixels(), augmented.count()));
        sets.add(pictures.validationPenGroup());
        sets.add(strokeDigits(NotDigitHeadFit.VALIDATION_SEED, VALIDATION_STROKE_DIGITS));
        sets.addAll(pictures.validationGroups());
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
     * The objective {@code fit-head} chooses its heads by, on these rows: the mean share of the
     * validation non-digits accepted plus the share of pen-drawn validation digits refused (MNIST's
     * redrawn; the digits drawn as strokes are a row of their own, not in the objective).
     */
    public static double objective(List<Row> rows, NotDigitHeadFit.Pictures pictures) {
        String pen = pictures.validationPenGroup().name();
        double accepted = rows.stream().filter(r -> !r.digit()).mapToDouble(Row::share).average().orElse(0);
        double penRefused = rows.stream().filter(r -> r.digit() && r.set().equals(pen)).mapToDouble(Row::share).findFirst()
                .orElseThrow(() -> new IllegalStateException("no pen-drawn validation digits"));
        return accepted + penRefused;
    }

    /** One candidate budget (share of the clean calibration split refused) and its validation rows. */
    public record Budget(double refusal, List<Row> rows, double objective) {}

    /** Each candidate budget on validation; the chosen one is the least {@link #objective} (the larger budget on a tie). */
    public static List<Budget> budgets(ProbabilityModel gate, NotDigitHeadFit.Pictures pictures, List<Double> refusals) {
        List<Scored> scored = scored(gate, pictures);
        List<Budget> out = new ArrayList<>();
        for (double r : refusals) {
            List<Row> rows = rows(scored, r);
            out.add(new Budget(r, rows, objective(rows, pictures)));
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
        text.append(String.format(Locale.ROOT, "  %-42s %7s", "objective (mean accepted + pen refused)", ""));
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
