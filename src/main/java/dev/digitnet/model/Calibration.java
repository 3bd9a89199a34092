package dev.digitnet.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * What makes a model's answers trustworthy, fitted after training on images {@code evaluate}
 * never reports ({@code digitnet calibrate}) and kept in {@code config.json} under {@code
 * "calibration"}:
 *
 * <ul>
 *   <li>a <b>temperature</b> (Guo et al. 2017): probabilities are {@code softmax(logits / T)}, so
 *       that "90 % sure" is right about 90 % of the time. One number, so the top-1 never changes;
 *   <li>a <b>digit check</b>: the energy score {@code logsumexp(logits)} (Liu et al. 2020; it beat
 *       the maximum softmax probability of Hendrycks &amp; Gimpel here, docs/trust.md) must reach
 *       {@link #minScore}, and the ink must be strokes, not a solid blob ({@link DigitCheck#thickness}
 *       at most {@link #maxThickness}): preprocessing scales any mark to 20 pixels, so a single click
 *       becomes a filled disk, which the network reads as a confident 0.
 * </ul>
 *
 * Every engine computes the same from the raw logits and the model input, so PyTorch, ONNX Runtime
 * and a caller outside Java (docs/onnx.md) give the same verdict.
 *
 * @param temperature divides the logits before the softmax; 1 leaves them as trained
 * @param minScore least energy score of an input accepted as a digit
 * @param maxThickness most thickness of an input accepted as a digit
 * @param fittedOn which images the values were fitted on, for people
 */
public record Calibration(double temperature, double minScore, double maxThickness, String fittedOn) {

    /** The section of {@code config.json} (and the ONNX metadata key) that holds it. */
    public static final String KEY = "calibration";
    /** A model nobody calibrated: probabilities as trained, and everything with ink passes. */
    public static final Calibration NONE =
            new Calibration(1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "not calibrated");

    public Calibration {
        // config.json may come from anywhere: a zero or absurd temperature would turn every answer
        // into 0 %/100 % or NaN, so only the range a fit can produce is taken.
        if (!(temperature >= 0.05 && temperature <= 20)) {
            throw new IllegalArgumentException("calibration temperature must be in [0.05, 20], got " + temperature);
        }
        if (Double.isNaN(minScore) || minScore == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("calibration min_score must be a number, got " + minScore);
        }
        if (Double.isNaN(maxThickness) || maxThickness <= 0) {
            throw new IllegalArgumentException("calibration max_thickness must be positive, got " + maxThickness);
        }
        fittedOn = fittedOn == null ? "" : fittedOn;
    }

    /** Whether this is {@link #NONE}-like: no digit check configured. */
    public boolean calibrated() {
        return minScore != Double.NEGATIVE_INFINITY || maxThickness != Double.POSITIVE_INFINITY || temperature != 1;
    }

    /** Calibrated probabilities: {@code softmax(logits / temperature)}, a new array. */
    public float[] probabilities(float[] logits) {
        float[] p = new float[logits.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (logits[k] / temperature);
        }
        ProbabilityModel.softmaxInPlace(p);
        return p;
    }

    /**
     * The verdict for one input.
     *
     * @param logits the model's raw logits for it
     * @param image the model input, {@code side×side}, ink bright in [0, 1]
     */
    public DigitCheck check(float[] logits, float[] image, int side) {
        double score = energy(logits);
        double thickness = DigitCheck.thickness(image, side);
        DigitCheck.Reason reason = thickness > maxThickness ? DigitCheck.Reason.SOLID_BLOB
                : score < minScore ? DigitCheck.Reason.LOW_SCORE
                : DigitCheck.Reason.ACCEPTED;
        return new DigitCheck(reason == DigitCheck.Reason.ACCEPTED, score, minScore, thickness, maxThickness, reason);
    }

    /**
     * The energy score {@code logsumexp(logits)} (the negative free energy): high where the network
     * has seen inputs like this one. Computed stably in double precision.
     */
    public static double energy(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** The section as written to {@code config.json}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("temperature", temperature);
        JsonObject check = new JsonObject();
        check.addProperty("score", "energy");
        if (minScore != Double.NEGATIVE_INFINITY) {
            check.addProperty("min_score", minScore);
        }
        if (maxThickness != Double.POSITIVE_INFINITY) {
            check.addProperty("max_thickness", maxThickness);
        }
        json.add("digit_check", check);
        json.addProperty("fitted_on", fittedOn);
        return json;
    }

    /**
     * The calibration a model card ({@code config.json}, or an ONNX file's metadata) records.
     *
     * @return empty when it has none
     * @throws IllegalArgumentException when the section is there but unusable
     */
    public static Optional<Calibration> fromCard(JsonObject card) {
        if (card == null || !card.has(KEY) || card.get(KEY).isJsonNull()) {
            return Optional.empty();
        }
        try {
            JsonObject c = card.getAsJsonObject(KEY);
            double t = number(c.get("temperature"), 1);
            JsonObject check = c.has("digit_check") ? c.getAsJsonObject("digit_check") : new JsonObject();
            if (check.has("score") && !"energy".equals(check.get("score").getAsString())) {
                throw new IllegalArgumentException("unknown digit_check score \"" + check.get("score").getAsString()
                        + "\" (this build knows \"energy\")");
            }
            return Optional.of(new Calibration(t, number(check.get("min_score"), Double.NEGATIVE_INFINITY),
                    number(check.get("max_thickness"), Double.POSITIVE_INFINITY),
                    c.has("fitted_on") ? c.get("fitted_on").getAsString() : ""));
        } catch (ClassCastException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException("config.json has an unusable \"calibration\" section: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.json has an unusable \"calibration\" section: " + e.getMessage(), e);
        }
    }

    /** {@link #fromCard} or {@link #NONE}. */
    public static Calibration of(JsonObject card) {
        return fromCard(card).orElse(NONE);
    }

    private static double number(JsonElement e, double absent) {
        if (e == null || e.isJsonNull()) {
            return absent;
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + e);
        }
        return v;
    }
}
