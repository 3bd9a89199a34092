package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    private static final int SIDE = 32;

    /** A ring (a drawn 0: strokes) and a filled disk (a dot scaled up) of the same size. */
    private static float[] circle(boolean filled) {
        float[] image = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double r = Math.hypot(x - 15.5, y - 15.5);
                image[y * SIDE + x] = r <= 10 && (filled || r >= 7.5) ? 1f : 0f;
            }
        }
        return image;
    }

    private static float[] confident(float top) {
        float[] logits = new float[10];
        logits[3] = top;
        return logits;
    }

    @Test
    void energyIsTheLogSumExpOfTheLogits() {
        float[] logits = {1f, 2f, 3f};
        assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), Calibration.energy(logits), 1e-9);
        // Stable for large logits, where a naive sum overflows.
        assertEquals(1000 + Math.log(2), Calibration.energy(new float[] {1000f, 1000f}), 1e-6);
    }

    @Test
    void thicknessTellsStrokesFromABlob() {
        // Ring of width 2.5 px: its thickest point is one or two pixels from the background.
        int ring = DigitCheck.thickness(circle(false), SIDE);
        int disk = DigitCheck.thickness(circle(true), SIDE);
        assertTrue(ring <= 2, "ring " + ring);
        assertTrue(disk >= 7, "disk " + disk); // radius 10: 7 chessboard steps to the edge along a diagonal
        assertEquals(0, DigitCheck.thickness(new float[SIDE * SIDE], SIDE));
        // A square of side 5 is 3 deep at its centre; one that touches the image's edge is measured to the edge.
        float[] square = new float[SIDE * SIDE];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                square[(10 + y) * SIDE + 10 + x] = 1f;
                square[y * SIDE + x] = 1f;
            }
        }
        assertEquals(3, DigitCheck.thickness(square, SIDE));
        float[] full = new float[SIDE * SIDE];
        java.util.Arrays.fill(full, 1f);
        assertEquals(SIDE / 2, DigitCheck.thickness(full, SIDE));
        assertThrows(IllegalArgumentException.class, () -> DigitCheck.thickness(new float[10], SIDE));
    }

    @Test
    void theCheckRefusesAndAcceptsWhereItShould() {
        Calibration c = new Calibration(1.5, 6.0, 6, "test");
        float[] ring = circle(false);
        // log(e^6.5 + 9) ≥ 6: accepted; log(e^5 + 9) < 6: refused for its score.
        assertTrue(c.check(confident(6.5f), ring, SIDE).digit());
        DigitCheck low = c.check(confident(5f), ring, SIDE);
        assertFalse(low.digit());
        assertEquals(DigitCheck.Reason.LOW_SCORE, low.reason());
        // The threshold itself passes: refused means strictly below.
        float top = (float) Math.log(Math.exp(6.0) - 9);
        assertEquals(DigitCheck.Reason.ACCEPTED, c.check(confident(top + 1e-4f), ring, SIDE).reason());
        // A blob is refused however sure the network is.
        DigitCheck blob = c.check(confident(40f), circle(true), SIDE);
        assertEquals(DigitCheck.Reason.SOLID_BLOB, blob.reason());
        assertFalse(blob.digit());
        // Uncalibrated: everything passes, probabilities as trained.
        assertTrue(Calibration.NONE.check(confident(-50f), circle(true), SIDE).digit());
        assertFalse(Calibration.NONE.calibrated());
    }

    @Test
    void theHeadsThresholdRefusesAboveItInItsPlaceAmongTheReasons() {
        Calibration c = new Calibration(1, 6.0, 6, 0.5, "test");
        float[] ring = circle(false);
        assertTrue(c.usesNotDigit());
        assertTrue(c.check(confident(9f), 0.5, ring, SIDE).digit(), "the threshold itself passes");
        DigitCheck head = c.check(confident(9f), 0.51, ring, SIDE);
        assertEquals(DigitCheck.Reason.NOT_DIGIT, head.reason());
        assertEquals(0.51, head.notDigit(), 1e-12);
        assertEquals("not_digit", head.toJson().get("verdict").getAsString());
        assertEquals(0.5, head.toJson().get("max_not_digit").getAsDouble(), 1e-12);
        // Both refuse: the head's reason; a blob is a blob first.
        assertEquals(DigitCheck.Reason.NOT_DIGIT, c.check(confident(5f), 3, ring, SIDE).reason());
        assertEquals(DigitCheck.Reason.LOW_SCORE, c.check(confident(5f), -3, ring, SIDE).reason());
        assertEquals(DigitCheck.Reason.SOLID_BLOB, c.check(confident(40f), 3, circle(true), SIDE).reason());
        // A check that needs the head's output refuses to guess without it.
        assertThrows(IllegalStateException.class, () -> c.check(confident(9f), ring, SIDE));
        // A calibration without a head ignores a score it is given, and leaves it out of the JSON's thresholds.
        Calibration energyOnly = new Calibration(1, 6.0, 6, "test");
        assertFalse(energyOnly.usesNotDigit());
        assertTrue(energyOnly.check(confident(9f), 100, ring, SIDE).digit());
        assertFalse(energyOnly.toJson().getAsJsonObject("digit_check").has("max_not_digit"));
    }

    @Test
    void temperatureDividesTheLogitsAndKeepsTheRanking() {
        Calibration c = new Calibration(2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "");
        float[] p = c.probabilities(new float[] {2f, 0f});
        assertEquals(Math.E / (Math.E + 1), p[0], 1e-6);
        assertTrue(p[0] > p[1]);
    }

    @Test
    void roundTripsThroughTheModelCard() {
        for (Calibration c : new Calibration[] {new Calibration(1.25, 5.5, 6, "somewhere"),
                new Calibration(1.25, Double.NEGATIVE_INFINITY, 6, -1.75, "with a head")}) {
            JsonObject card = new JsonObject();
            card.add(Calibration.KEY, c.toJson());
            assertEquals(c, Calibration.fromCard(JsonParser.parseString(card.toString()).getAsJsonObject()).orElseThrow());
        }
        assertTrue(Calibration.fromCard(new JsonObject()).isEmpty());
        assertEquals(Calibration.NONE, Calibration.of(new JsonObject()));
    }

    @Test
    void hostileSectionsGiveOneLineErrors() {
        for (String section : new String[] {
                "{\"temperature\": 0}", "{\"temperature\": -1}", "{\"temperature\": 1e9}", "{\"temperature\": \"hot\"}",
                "{\"temperature\": 1, \"digit_check\": {\"score\": \"magic\"}}",
                "{\"temperature\": 1, \"digit_check\": {\"max_thickness\": -1}}", "[1, 2]"}) {
            JsonObject card = JsonParser.parseString("{\"calibration\": " + section + "}").getAsJsonObject();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.fromCard(card), section);
            assertTrue(e.getMessage().startsWith("config.json has an unusable \"calibration\" section"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void photosOfPaperHaveAThresholdOfTheirOwnNeverStricterAndItRoundTrips() {
        Calibration c = new Calibration(1.25, Double.NEGATIVE_INFINITY, 6, -1.75, "with a head").withMaxNotDigitPhoto(0.5);
        assertEquals(-1.75, c.maxNotDigit());
        assertEquals(0.5, c.maxNotDigitPhoto());
        float[] logits = {8f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
        float[] image = new float[32 * 32];
        for (int y = 6; y < 26; y++) {
            image[y * 32 + 15] = 1f;
        }
        assertFalse(c.check(logits, 0.0, image, 32).digit(), "a clean picture at not_digit 0 is over -1.75");
        assertTrue(c.forPhotos().check(logits, 0.0, image, 32).digit(), "a photo at not_digit 0 is within 0.5");
        assertFalse(c.forPhotos().check(logits, 0.6, image, 32).digit());
        assertEquals(0.5, c.forPhotos().maxNotDigit());
        JsonObject card = new JsonObject();
        card.add(Calibration.KEY, c.toJson());
        assertEquals(c, Calibration.fromCard(JsonParser.parseString(card.toString()).getAsJsonObject()).orElseThrow());
        // Without one, photos get the clean threshold, and an older config.json reads the same.
        Calibration plain = c.withMaxNotDigit(-1.75);
        assertEquals(plain, plain.forPhotos());
        assertFalse(plain.toJson().toString().contains("max_not_digit_photo"));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxNotDigitPhoto(-2));
        JsonObject stricter = JsonParser.parseString("{\"calibration\": {\"temperature\": 1, \"digit_check\": "
                + "{\"max_not_digit\": 1, \"max_not_digit_photo\": 0}}}").getAsJsonObject();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.fromCard(stricter));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
