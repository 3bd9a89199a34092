package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.digitnet.data.photos.PhotoStyle;
import org.junit.jupiter.api.Test;

/** The photo benchmark's figures: digits per style, and photographed non-digits per group and kind. */
class PhotoReportTest {

    @Test
    void digitsAreCountedPerStyleAndTogether() {
        PhotoReport r = new PhotoReport(19);
        r.add(PhotoStyle.PLAIN, true, false, true);
        r.add(PhotoStyle.PLAIN, false, true, true);
        r.add(PhotoStyle.LEGAL_PAD, true, true, false);
        assertEquals(0.5, r.style(PhotoStyle.PLAIN).top1(), 1e-12);
        assertEquals(1.0, r.together(true).refused(), 1e-12);
        assertEquals(1 / 3.0, r.overall().correctAndAccepted(), 1e-12);
        assertFalse(r.toJson().has("not_digits"), "no non-digit rows unless some were scored");
        assertFalse(r.toText().contains("Not digits"));
    }

    @Test
    void nonDigitsAreTheShareAcceptedPerGroupAndKind() {
        PhotoReport r = new PhotoReport(19);
        r.addNonDigit("doodles, held-out kinds", "cloud", true);
        r.addNonDigit("doodles, held-out kinds", "cloud", false);
        r.addNonDigit("doodles, held-out kinds", "star", false);
        r.addNonDigit("doodles, held-out kinds", "star", false);
        r.addNonDigit("doodles, trained kinds", "square", false);
        assertEquals(0.25, r.nonDigitsAccepted("doodles, held-out kinds"), 1e-12);
        assertEquals(0.0, r.nonDigitsAccepted("doodles, trained kinds"), 1e-12);
        assertTrue(Double.isNaN(r.nonDigitsAccepted("letters")), "a group never counted has no share");
        JsonObject held = r.toJson().getAsJsonObject("not_digits").getAsJsonObject("doodles, held-out kinds");
        assertEquals(4, held.get("pictures").getAsInt());
        assertEquals(0.25, held.get("accepted").getAsDouble(), 1e-12);
        assertEquals(0.5, held.getAsJsonObject("accepted_per_kind").get("cloud").getAsDouble(), 1e-12);
        assertEquals(0.0, held.getAsJsonObject("accepted_per_kind").get("star").getAsDouble(), 1e-12);
        String text = r.toText();
        assertTrue(text.contains("doodles, held-out kinds") && text.contains("25.0%") && text.contains("cloud 50%"), text);
        // No digits were counted: the digit rows still print, empty, and nothing divides by zero into the non-digit rows.
        assertTrue(text.contains("doodles, trained kinds") && text.contains("square 0%"), text);
    }
}
