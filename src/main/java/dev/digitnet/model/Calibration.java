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
 *       becomes a filled disk, which the network reads as a confident 0;
 *   <li>for a model with a {@linkplain NotDigitHead not-a-digit head}, its output {@code not_digit}
 *       must not exceed {@link #maxNotDigit}: the head, trained against pen doodles, letters,
 *       scribbles, clothes and noise, refuses the shapes people draw that the energy lets through
 *       (closed shapes read as 0, crossing strokes as 4); a picture read as a photo of paper
 *       ({@code ModelInput.photo}) is held to {@link #maxNotDigitPhoto} instead, fitted the same
 *       way on photographed calibration digits: a cleaned photo's strokes (a pen's edge, JPEG
 *       ripples, pencil grain) score higher than a canvas's, digit or not, so one threshold for
 *       both would refuse photos of digits or let drawings through.
 * </ul>
 *
 * Every engine computes the same from the raw outputs (logits, {@code not_digit}) and the model
 * input, so PyTorch, ONNX Runtime and a caller outside Java (docs/onnx.md) give the same verdict.
 *
 * @param temperature divides the logits before the softmax; 1 leaves them as trained
 * @param minScore least energy score of an input accepted as a digit
 * @param maxThickness most thickness of an input accepted as a digit
 * @param maxNotDigit most {@code not_digit} output of an input accepted as a digit; infinite for a
 *     model without a head (the check does not use one)
 * @param maxNotDigitPhoto the same for a picture read as a photo of paper; never below {@code
 *     maxNotDigit} (equal to it for a calibration fitted without photos)
 * @param fittedOn which images the values were fitted on, for people
 */
public record Calibration(double temperature, double minScore, double maxThickness, double maxNotDigit, double maxNotDigitPhoto,
        String fittedOn) {

    /** The section of {@code config.json} (and the ONNX metadata key) that holds it. */
    public static final String KEY = "calibration";
    /** A model nobody calibrated: probabilities as trained, and everything with ink passes. */
    public static final Calibration NONE =
            new Calibration(1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "not calibrated");

    /** A calibration whose photos are held to the same not-a-digit threshold as other pictures. */
    public Calibration(double temperature, double minScore, double maxThickness, double maxNotDigit, String fittedOn) {
        this(temperature, minScore, maxThickness, maxNotDigit, maxNotDigit, fittedOn);
    }

    /** A calibration whose check uses no not-a-digit head (a model without one). */
    public Calibration(double temperature, double minScore, double maxThickness, String fittedOn) {
        this(temperature, minScore, maxThickness, Double.POSITIVE_INFINITY, fittedOn);
    }

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
        if (Double.isNaN(maxNotDigit) || maxNotDigit == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("calibration max_not_digit must be a number, got " + maxNotDigit);
        }
        if (Double.isNaN(maxNotDigitPhoto) || maxNotDigitPhoto < maxNotDigit
                || (maxNotDigitPhoto == Double.POSITIVE_INFINITY && maxNotDigit != Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("calibration max_not_digit_photo must be a number at least max_not_digit ("
                    + maxNotDigit + "), got " + maxNotDigitPhoto);
        }
        fittedOn = fittedOn == null ? "" : fittedOn;
    }

    /** Whether this is {@link #NONE}-like: no digit check configured. */
    public boolean calibrated() {
        return minScore != Double.NEGATIVE_INFINITY || maxThickness != Double.POSITIVE_INFINITY || temperature != 1
                || usesNotDigit();
    }

    /** Whether the check needs the model's {@code not_digit} output (a model with a head). */
    public boolean usesNotDigit() {
        return maxNotDigit != Double.POSITIVE_INFINITY;
    }

    /** The same calibration with another not-a-digit threshold for every picture (infinite: the head is not used). */
    public Calibration withMaxNotDigit(double max) {
        return new Calibration(temperature, minScore, maxThickness, max, max, fittedOn);
    }

    /** The same calibration with another not-a-digit threshold for photos of paper. */
    public Calibration withMaxNotDigitPhoto(double max) {
        return new Calibration(temperature, minScore, maxThickness, maxNotDigit, max, fittedOn);
    }

    /** The calibration a picture read as a photo of paper is checked with: {@link #maxNotDigitPhoto} as its threshold. */
    public Calibration forPhotos() {
        return maxNotDigitPhoto == maxNotDigit ? this
                : new Calibration(temperature, minScore, maxThickness, maxNotDigitPhoto, maxNotDigitPhoto, fittedOn);
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
     * The verdict for one input of a model without a not-a-digit head.
     *
     * @param logits the model's raw logits for it
     * @param image the model input, {@code side×side}, ink bright in [0, 1]
     * @throws IllegalStateException if this calibration needs the head's output ({@link #usesNotDigit})
     */
    public DigitCheck check(float[] logits, float[] image, int side) {
        return check(logits, Double.NaN, image, side);
    }

    /**
     * The verdict for one input: a solid blob, then the head's {@code not_digit} above {@link
     * #maxNotDigit}, then an energy below {@link #minScore} is refused, in that order of reasons.
     *
     * @param logits the model's raw logits for it
     * @param notDigit the model's {@code not_digit} output for it, NaN for a model without a head
     * @param image the model input, {@code side×side}, ink bright in [0, 1]
     * @throws IllegalStateException if this calibration needs the head's output and {@code notDigit} is NaN
     */
    public DigitCheck check(float[] logits, double notDigit, float[] image, int side) {
        return check(logits, notDigit, DigitCheck.thickness(image, side));
    }

    /** {@link #check(float[], double, float[], int)} for an input whose {@link DigitCheck#thickness} is known. */
    public DigitCheck check(float[] logits, double notDigit, double thickness) {
        double score = energy(logits);
        if (usesNotDigit() && Double.isNaN(notDigit)) {
            throw new IllegalStateException("this calibration's digit check needs the model's not_digit output, "
                    + "which the model did not give");
        }
        DigitCheck.Reason reason = thickness > maxThickness ? DigitCheck.Reason.SOLID_BLOB
                : usesNotDigit() && notDigit > maxNotDigit ? DigitCheck.Reason.NOT_DIGIT
                : score < minScore ? DigitCheck.Reason.LOW_SCORE
                : DigitCheck.Reason.ACCEPTED;
        return new DigitCheck(reason == DigitCheck.Reason.ACCEPTED, score, minScore, thickness, maxThickness, notDigit,
                maxNotDigit, reason);
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
        if (usesNotDigit()) {
            // The model's second output (ONNX: "not_digit", [N, 1]); refused above this.
            check.addProperty("not_digit_output", NotDigitHead.OUTPUT);
            check.addProperty("max_not_digit", maxNotDigit);
            if (maxNotDigitPhoto != maxNotDigit) {
                check.addProperty("max_not_digit_photo", maxNotDigitPhoto);
            }
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
            double maxNotDigit = number(check.get("max_not_digit"), Double.POSITIVE_INFINITY);
            return Optional.of(new Calibration(t, number(check.get("min_score"), Double.NEGATIVE_INFINITY),
                    number(check.get("max_thickness"), Double.POSITIVE_INFINITY), maxNotDigit,
                    number(check.get("max_not_digit_photo"), maxNotDigit),
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
