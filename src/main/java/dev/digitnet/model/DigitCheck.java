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
 * @param solidity share of the ink's bounding box that is solid ink (a dot scaled up is a disk,
 *     near 0.75; digits are strokes, 0.33 typical)
 * @param maxSolidity the most solidity that passes
 * @param reason the verdict in one word
 */
public record DigitCheck(boolean digit, double score, double minScore, double solidity, double maxSolidity, Reason reason) {

    /** Why the verdict is what it is. */
    public enum Reason {
        /** Looks like a digit. */
        ACCEPTED("accepted"),
        /** The network has not seen inputs like this: its energy score is below the threshold. */
        LOW_SCORE("low_score"),
        /** A solid blob (a dot or a smudge, scaled up by the preprocessing), not strokes. */
        SOLID_BLOB("solid_blob"),
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

    /** The verdict for a picture without ink. */
    public static DigitCheck blank() {
        return new DigitCheck(false, Double.NaN, Double.NaN, 0, Double.NaN, Reason.BLANK);
    }

    /** Ink above this counts as solid. */
    static final float SOLID = 0.5f;
    /** Pixels above this bound the ink's box (faint anti-aliasing at the edge does not widen it). */
    static final float INK = 0.2f;

    /**
     * Share of the ink's bounding box (pixels above 0.2) covered by solid ink (above 0.5). On the
     * MNIST test digits its 99.9th percentile is 0.66; a single dot from the drawing page scores
     * 0.67–0.84 (docs/trust.md).
     */
    public static double solidity(float[] image, int side) {
        if (image.length != side * side) {
            throw new IllegalArgumentException(image.length + " pixels is not " + side + "×" + side);
        }
        int x0 = side, y0 = side, x1 = -1, y1 = -1, solid = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float v = image[y * side + x];
                if (v > INK) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
                if (v > SOLID) {
                    solid++;
                }
            }
        }
        if (x1 < 0) {
            return 0;
        }
        return (double) solid / ((x1 - x0 + 1) * (y1 - y0 + 1));
    }

    /**
     * The check as the HTTP API and {@code predict --json} give it: {@code verdict} ({@link
     * Reason#id()}), {@code score}, {@code min_score}, {@code solidity}, {@code max_solidity};
     * numbers a model does not set are left out (JSON has no infinity).
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("verdict", reason.id());
        putFinite(json, "score", score);
        putFinite(json, "min_score", minScore);
        putFinite(json, "solidity", solidity);
        putFinite(json, "max_solidity", maxSolidity);
        return json;
    }

    private static void putFinite(JsonObject json, String key, double value) {
        if (Double.isFinite(value)) {
            json.addProperty(key, Math.round(value * 1e4) / 1e4);
        }
    }
}
