package dev.digitnet.eval;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.ood.Letters;
import dev.digitnet.data.ood.OodBenchmark;
import dev.digitnet.data.ood.OodSet;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.ProbabilityModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well a model tells digits from everything else ({@link OodBenchmark}): per set, the AUROC of
 * three scores against the MNIST test digits, and the share its digit check accepts. Immutable.
 *
 * <p>The scores: {@code msp}, the maximum softmax probability (Hendrycks &amp; Gimpel 2017, the
 * baseline); {@code energy}, {@code logsumexp(logits)} (Liu et al. 2020); {@code head}, minus the
 * not-a-digit head's output (models with a head only); {@code check}, the margin the model's
 * {@link Calibration} acts on: the energy (for a model with a head, the smaller of {@code
 * max_not_digit − not_digit} and {@code energy − min_score}), with solid blobs put below everything.
 *
 * <p>{@code fonts} names the font families the letters were drawn in, and {@code pixelsSha256}
 * each set's {@link OodSet#pixelsSha256}, so two reports can be checked to have scored the same
 * pictures.
 */
public record OodReport(Calibration calibration, int digits, double digitsRefused, List<SetResult> sets,
        Map<String, String> unavailable, List<String> fonts, long seed, Map<String, String> pixelsSha256) {

    /** The scores compared, in order ({@code head} only for a model with a not-a-digit head). */
    public static final List<String> SCORES = List.of("msp", "energy", "head", "check");

    /**
     * One set's figures.
     *
     * @param auroc per score name, against the MNIST test digits (1: every digit scores above every
     *     image of the set)
     * @param accepted share of the set the digit check lets through as digits
     * @param perItem per tag (the letter, the kind of scribble or noise): share accepted
     * @param subset for letters, the same figures over the letters not written like a digit
     * @param acceptedAs each picture the check lets through (its index in the set, in order) and
     *     the digit the model reads it as: what still passes, to look at
     */
    public record SetResult(String name, String description, int count, Map<String, Double> auroc, double accepted,
            Map<String, Double> perItem, SetResult subset, Map<Integer, Integer> acceptedAs) {

        SetResult withSubset(SetResult s) {
            return new SetResult(name, description, count, auroc, accepted, perItem, s, acceptedAs);
        }
    }

    /**
     * Scores the model's digit check on the MNIST test digits (their outputs already computed) and
     * on every set of the benchmark.
     */
    public static OodReport of(ProbabilityModel model, Calibration calibration, DigitImages digits,
            ProbabilityModel.Outputs digitOutputs, OodBenchmark benchmark) {
        Scores inDistribution = Scores.of(calibration, digitOutputs, digits.pixels(), digits.side());
        double refused = 1 - inDistribution.acceptedShare();
        List<SetResult> results = new ArrayList<>();
        Map<String, String> digests = new LinkedHashMap<>();
        for (OodSet set : benchmark.sets()) {
            digests.put(set.name(), set.pixelsSha256());
            ProbabilityModel.Outputs outputs = model.outputs(set.pixels(), set.count(), 500);
            Scores scores = Scores.of(calibration, outputs, set.pixels(), set.side());
            SetResult subset = null;
            if (set.name().equals(OodBenchmark.LETTERS)) {
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < set.count(); i++) {
                    if (!Letters.digitLike(set.item(i))) {
                        keep.add(i);
                    }
                }
                Scores notLike = scores.select(keep);
                subset = result(set.name() + " (not digit-like)", "letters except " + String.join(" ", Letters.DIGIT_LIKE),
                        inDistribution, notLike, Map.of(), Map.of());
            }
            Map<String, Double> perItem = new TreeMap<>();
            Map<String, int[]> counts = new LinkedHashMap<>();
            for (int i = 0; i < set.count(); i++) {
                int[] c = counts.computeIfAbsent(set.item(i), k -> new int[2]);
                c[0] += scores.accepted[i] ? 1 : 0;
                c[1]++;
            }
            counts.forEach((item, c) -> perItem.put(item, (double) c[0] / c[1]));
            Map<Integer, Integer> acceptedAs = new LinkedHashMap<>();
            for (int i = 0; i < set.count(); i++) {
                if (scores.accepted[i]) {
                    acceptedAs.put(i, Ranking.argmax(outputs.logits()[i]));
                }
            }
            results.add(result(set.name(), set.description(), inDistribution, scores, perItem, acceptedAs).withSubset(subset));
        }
        return new OodReport(calibration, digits.count(), refused, results, benchmark.unavailable(), benchmark.fonts(),
                benchmark.seed(), digests);
    }

    /**
     * How the check treats real digits drawn with the page's pen ({@code PenDigits}: MNIST test
     * digits redrawn): the share refused, and the network's top-1 on them.
     */
    public record PenDrawnDigits(int count, double refused, double top1) {
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("count", count);
            o.addProperty("refused", refused);
            o.addProperty("top1", top1);
            return o;
        }
    }

    /** {@link PenDrawnDigits} figures of the model on redrawn digits. */
    public static PenDrawnDigits penDigits(ProbabilityModel model, Calibration calibration, DigitImages redrawn) {
        ProbabilityModel.Outputs out = model.outputs(redrawn.pixels(), redrawn.count(), 500);
        int refused = 0;
        int right = 0;
        for (int i = 0; i < redrawn.count(); i++) {
            refused += calibration.check(out.logits()[i], out.notDigit()[i], redrawn.image(i), redrawn.side()).digit() ? 0 : 1;
            right += Ranking.argmax(out.logits()[i]) == redrawn.labels()[i] ? 1 : 0;
        }
        return new PenDrawnDigits(redrawn.count(), (double) refused / redrawn.count(), (double) right / redrawn.count());
    }

    private static SetResult result(String name, String description, Scores digits, Scores set, Map<String, Double> perItem,
            Map<Integer, Integer> acceptedAs) {
        Map<String, Double> auroc = new LinkedHashMap<>();
        auroc.put("msp", Auroc.of(digits.msp, set.msp));
        auroc.put("energy", Auroc.of(digits.energy, set.energy));
        if (digits.head != null) {
            auroc.put("head", Auroc.of(digits.head, set.head));
        }
        auroc.put("check", Auroc.of(digits.check, set.check));
        return new SetResult(name, description, set.msp.length, auroc, set.acceptedShare(), perItem, null,
                java.util.Collections.unmodifiableMap(acceptedAs));
    }

    /** Per image: the scores (the head's null for a model without one) and the verdict. */
    private record Scores(double[] msp, double[] energy, double[] head, double[] check, boolean[] accepted) {

        static Scores of(Calibration calibration, ProbabilityModel.Outputs outputs, float[] pixels, int side) {
            float[][] logits = outputs.logits();
            int n = logits.length;
            int pixelsPerImage = side * side;
            double[] msp = new double[n];
            double[] energy = new double[n];
            boolean hasHead = n > 0 && !Float.isNaN(outputs.notDigit()[0]);
            double[] head = hasHead ? new double[n] : null;
            double[] check = new double[n];
            boolean[] accepted = new boolean[n];
            float[] image = new float[pixelsPerImage];
            for (int i = 0; i < n; i++) {
                float[] p = logits[i].clone();
                ProbabilityModel.softmaxInPlace(p);
                double max = 0;
                for (float v : p) {
                    max = Math.max(max, v);
                }
                msp[i] = max;
                System.arraycopy(pixels, i * pixelsPerImage, image, 0, pixelsPerImage);
                float notDigit = outputs.notDigit()[i];
                var verdict = calibration.check(logits[i], notDigit, image, side);
                energy[i] = verdict.score();
                if (hasHead) {
                    head[i] = -notDigit;
                }
                double margin = verdict.score();
                if (calibration.usesNotDigit()) {
                    margin = calibration.maxNotDigit() - notDigit;
                    if (calibration.minScore() != Double.NEGATIVE_INFINITY) {
                        margin = Math.min(margin, verdict.score() - calibration.minScore());
                    }
                }
                // A blob is refused whatever its score: below every score, in order of score.
                check[i] = verdict.thickness() > calibration.maxThickness() ? margin - 1e6 : margin;
                accepted[i] = verdict.digit();
            }
            return new Scores(msp, energy, head, check, accepted);
        }

        Scores select(List<Integer> indices) {
            int n = indices.size();
            Scores s = new Scores(new double[n], new double[n], head == null ? null : new double[n], new double[n], new boolean[n]);
            for (int j = 0; j < n; j++) {
                int i = indices.get(j);
                s.msp[j] = msp[i];
                s.energy[j] = energy[i];
                if (head != null) {
                    s.head[j] = head[i];
                }
                s.check[j] = check[i];
                s.accepted[j] = accepted[i];
            }
            return s;
        }

        double acceptedShare() {
            int a = 0;
            for (boolean b : accepted) {
                a += b ? 1 : 0;
            }
            return (double) a / accepted.length;
        }
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.add("model_calibration", calibration.toJson());
        json.addProperty("seed", seed);
        json.addProperty("digits", digits);
        json.addProperty("digits_refused", digitsRefused);
        JsonObject sets = new JsonObject();
        for (SetResult r : this.sets) {
            JsonObject set = json(r);
            // Which images were scored: the same digest on two machines, the same pictures.
            set.addProperty("pixels_sha256", pixelsSha256.get(r.name()));
            sets.add(r.name(), set);
        }
        json.add("sets", sets);
        JsonObject missing = new JsonObject();
        unavailable.forEach(missing::addProperty);
        json.add("unavailable", missing);
        com.google.gson.JsonArray fontList = new com.google.gson.JsonArray();
        fonts.forEach(fontList::add);
        json.add("fonts", fontList);
        return json;
    }

    private static JsonObject json(SetResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("description", r.description());
        o.addProperty("count", r.count());
        JsonObject auroc = new JsonObject();
        r.auroc().forEach(auroc::addProperty);
        o.add("auroc", auroc);
        o.addProperty("accepted", r.accepted());
        if (!r.perItem().isEmpty()) {
            JsonObject items = new JsonObject();
            r.perItem().forEach(items::addProperty);
            o.add("accepted_per_item", items);
        }
        if (r.subset() != null) {
            o.add("not_digit_like", json(r.subset()));
        }
        return o;
    }

    /** The check's rule in words, e.g. {@code energy >= 6.027, thickness <= 6.000, not_digit <= 1.234}. */
    public static String rule(Calibration calibration) {
        String rule = (calibration.minScore() == Double.NEGATIVE_INFINITY ? "" : String.format(Locale.ROOT, "energy >= %.3f, ",
                calibration.minScore())) + String.format(Locale.ROOT, "thickness <= %.3f", calibration.maxThickness());
        if (!calibration.usesNotDigit()) {
            return rule;
        }
        rule += String.format(Locale.ROOT, ", not_digit <= %.3f", calibration.maxNotDigit());
        return calibration.maxNotDigitPhoto() == calibration.maxNotDigit() ? rule
                : rule + String.format(Locale.ROOT, " (photos of paper: <= %.3f)", calibration.maxNotDigitPhoto());
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "  MNIST test digits refused: %.2f%% of %,d (%s)%n",
                100 * digitsRefused, digits, rule(calibration)));
        text.append(String.format(Locale.ROOT, "  %-26s %7s %9s %9s %9s %9s %10s%n", "set", "images", "AUROC msp", "energy", "head",
                "check", "accepted"));
        for (SetResult r : sets) {
            line(text, r);
            if (r.subset() != null) {
                line(text, r.subset());
            }
        }
        sets.stream().filter(r -> r.name().equals(OodBenchmark.LETTERS)).findFirst().ifPresent(r -> {
            text.append("  letters accepted as digits, per letter:");
            int i = 0;
            for (Map.Entry<String, Double> e : r.perItem().entrySet()) {
                text.append(i++ % 13 == 0 ? "\n    " : "  ").append(String.format(Locale.ROOT, "%s %3.0f%%", e.getKey(), 100 * e.getValue()));
            }
            text.append('\n');
        });
        for (String doodles : List.of(OodBenchmark.DOODLES, OodBenchmark.DOODLES_TRAINED)) {
            sets.stream().filter(r -> r.name().equals(doodles)).findFirst().ifPresent(r -> {
                text.append("  ").append(doodles).append(" accepted as digits, per kind:");
                int i = 0;
                for (Map.Entry<String, Double> e : r.perItem().entrySet()) {
                    text.append(i++ % 6 == 0 ? "\n    " : "  ").append(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(),
                            100 * e.getValue()));
                }
                text.append('\n');
            });
        }
        unavailable.forEach((name, why) -> text.append("  ").append(name).append(": unavailable (").append(why).append(")\n"));
        return text.toString();
    }

    private static void line(StringBuilder text, SetResult r) {
        text.append(String.format(Locale.ROOT, "  %-26s %7d %9.4f %9.4f %9s %9.4f %9.2f%%%n", r.name(), r.count(), r.auroc().get("msp"),
                r.auroc().get("energy"), r.auroc().containsKey("head") ? String.format(Locale.ROOT, "%.4f", r.auroc().get("head")) : "-",
                r.auroc().get("check"), 100 * r.accepted()));
    }
}
