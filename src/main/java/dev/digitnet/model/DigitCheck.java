package dev.digitnet.model;

import com.google.gson.JsonObject;

/**
 * Whether an input looks like a digit at all, and why not: the answer beside the top-k that lets a
 * caller refuse a letter, a scribble or a photo instead of reading a digit into it.
 *
 * @param digit whether it passed
 * @param score the energy score {@code logsumexp(logits)} (higher: more like the digits the model
 *     was trained on)
 * @param minScore the least score that passes
 * @param thickness half the width of the thickest stroke, in pixels of the model input ({@link
 *     #thickness(float[], int)}: digits are strokes, 2 typical; a dot scaled up is a disk, 8 or more)
 * @param maxThickness the most thickness that passes
 * @param notDigit the not-a-digit head's output (higher: less like a digit), NaN for a model without one
 * @param maxNotDigit the most {@code notDigit} that passes (infinite when the check does not use it)
 * @param reason the verdict in one word
 */
public record DigitCheck(boolean digit, double score, double minScore, double thickness, double maxThickness,
        double notDigit, double maxNotDigit, Reason reason) {

    /** Why the verdict is what it is. */
    public enum Reason {
        /** Looks like a digit. */
        ACCEPTED("accepted"),
        /** The network has not seen inputs like this: its energy score is below the threshold. */
        LOW_SCORE("low_score"),
        /** A solid blob (a dot or a smudge, scaled up by the preprocessing), not strokes. */
        SOLID_BLOB("solid_blob"),
        /** The model's not-a-digit head says it is something else: a drawing, a symbol, a letter. */
        NOT_DIGIT("not_digit"),
        /** No ink at all. */
        BLANK("blank");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        /** The stable name used in JSON. */
        public String id() {
            return id;
        }
    }

    /** A verdict of a check without a not-a-digit head. */
    public DigitCheck(boolean digit, double score, double minScore, double thickness, double maxThickness, Reason reason) {
        this(digit, score, minScore, thickness, maxThickness, Double.NaN, Double.POSITIVE_INFINITY, reason);
    }

    /** The verdict for a picture without ink. */
    public static DigitCheck blank() {
        return new DigitCheck(false, Double.NaN, Double.NaN, 0, Double.NaN, Reason.BLANK);
    }

    /** Ink above this counts as solid. */
    static final float SOLID = 0.5f;

    /**
     * Half the width of the thickest stroke, in pixels: the largest chessboard distance from a
     * solid-ink pixel (above 0.5) to the nearest pixel that is not (outside the image counts as
     * not). Digits are strokes: on the MNIST test set it is 2 for the median digit and at most 6;
     * a single dot from the drawing page, scaled up to 20 pixels by the preprocessing, is 8 to 11
     * (docs/trust.md). Two passes of the classic two-pass distance transform, O(pixels).
     */
    public static int thickness(float[] image, int side) {
        if (image.length != side * side) {
            throw new IllegalArgumentException(image.length + " pixels is not " + side + "×" + side);
        }
        int[] d = new int[side * side];
        int big = side * side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = y * side + x;
                if (!(image[i] > SOLID)) {
                    d[i] = 0;
                    continue;
                }
                // Forward: the neighbours already visited (up-left, up, up-right, left); off-image is 0.
                int m = big;
                m = Math.min(m, y > 0 && x > 0 ? d[i - side - 1] : 0);
                m = Math.min(m, y > 0 ? d[i - side] : 0);
                m = Math.min(m, y > 0 && x < side - 1 ? d[i - side + 1] : 0);
                m = Math.min(m, x > 0 ? d[i - 1] : 0);
                d[i] = m + 1;
            }
        }
        int max = 0;
        for (int y = side - 1; y >= 0; y--) {
            for (int x = side - 1; x >= 0; x--) {
                int i = y * side + x;
                if (d[i] == 0) {
                    continue;
                }
                int m = d[i] - 1;
                m = Math.min(m, y < side - 1 && x < side - 1 ? d[i + side + 1] : 0);
                m = Math.min(m, y < side - 1 ? d[i + side] : 0);
                m = Math.min(m, y < side - 1 && x > 0 ? d[i + side - 1] : 0);
                m = Math.min(m, x < side - 1 ? d[i + 1] : 0);
                d[i] = m + 1;
                max = Math.max(max, d[i]);
            }
        }
        return max;
    }

    /**
     * The check as the HTTP API and {@code predict --json} give it: {@code verdict} ({@link
     * Reason#id()}), {@code score}, {@code min_score}, {@code thickness}, {@code max_thickness}, and
     * for a model with a not-a-digit head {@code not_digit} and {@code max_not_digit}; numbers a
     * model does not set are left out (JSON has no infinity).
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("verdict", reason.id());
        putFinite(json, "score", score);
        putFinite(json, "min_score", minScore);
        putFinite(json, "thickness", thickness);
        putFinite(json, "max_thickness", maxThickness);
        putFinite(json, "not_digit", notDigit);
        putFinite(json, "max_not_digit", maxNotDigit);
        return json;
    }

    private static void putFinite(JsonObject json, String key, double value) {
        if (Double.isFinite(value)) {
            json.addProperty(key, Math.round(value * 1e4) / 1e4);
        }
    }
}
