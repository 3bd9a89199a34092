package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.serve.SampleDigit;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} marks what is not a digit; {@code calibrate} fits and writes a model folder's calibration. */
class TrustCliTest {

    @Test
    void predictMarksADotAsNotADigitAndKeepsItsReading(@TempDir Path dir) throws Exception {
        BufferedImage dot = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dot.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.setColor(Color.BLACK);
        g.fillOval(128, 128, 24, 24);
        g.dispose();
        Path dotFile = dir.resolve("dot.png");
        ImageIO.write(dot, "png", dotFile.toFile());
        Path seven = dir.resolve("seven.png");
        Files.write(seven, SampleDigit.png());

        CliRun text = CliRun.run("predict", seven.toString(), dotFile.toString());
        assertEquals(0, text.status(), text.err());
        String[] lines = text.out().strip().split("\n");
        assertTrue(lines[0].startsWith(seven + ":  7 ("), lines[0]);
        assertTrue(lines[1].startsWith(dotFile + ":  not a digit (solid_blob, score "), lines[1]);
        assertTrue(lines[1].contains("), else:  0 ("), lines[1]);

        CliRun json = CliRun.run("predict", "--json", dotFile.toString());
        JsonObject answer = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals(false, answer.get("is_digit").getAsBoolean());
        assertEquals("solid_blob", answer.getAsJsonObject("digit_check").get("verdict").getAsString());
    }

    @Test
    void calibrateFitsAndWritesAModelFolderAndRefusesTheJar(@TempDir Path dir) throws Exception {
        // A copy of xs without its calibration and without its not-a-digit gate: the energy alone.
        Path folder = dir.resolve("xs");
        try (DigitNetModel xs = DigitNetModel.loadBundled("xs")) {
            xs.metadata().remove(Calibration.KEY);
            xs.setNotDigitHead(null, null);
            xs.setNotDigitGate(null, null);
            xs.save(folder);
        }
        CliRun jar = CliRun.run("calibrate", "--model", "xs");
        assertEquals(2, jar.status(), "a bundled model cannot be written");
        assertTrue(jar.err().contains("--dry-run"), jar.err());

        CliRun fit = CliRun.run("calibrate", "--model", folder.toString(), "--refusal", "0.01");
        assertEquals(0, fit.status(), fit.err());
        assertTrue(fit.out().contains("written to"), fit.out());
        try (DigitNetModel written = DigitNetModel.load(folder); DigitNetModel bundled = DigitNetModel.loadBundled("xs")) {
            Calibration c = Calibration.fromCard(written.card()).orElseThrow();
            Calibration shipped = Calibration.of(bundled.card());
            // Same split and model: the same temperature as the shipped fit; another budget: another threshold.
            assertEquals(shipped.temperature(), c.temperature(), 1e-6);
            assertEquals(shipped.maxThickness(), c.maxThickness());
            assertFalse(c.usesNotDigit(), "no head, no head threshold");
            // The shipped energy threshold spends only part of 0.8 % (the head the rest); alone at 1 % it is higher.
            assertTrue(c.minScore() > shipped.minScore(), "refusing 1 % needs a higher threshold than 0.8 %");
            assertNotEquals(shipped.minScore(), c.minScore());
        }

        // A copy with its head: the energy keeps the share its fit chose, the head's threshold spends the larger budget.
        Path withHead = dir.resolve("xs-head");
        try (DigitNetModel xs = DigitNetModel.loadBundled("xs")) {
            xs.save(withHead);
        }
        CliRun refit = CliRun.run("calibrate", "--model", withHead.toString(), "--refusal", "0.01");
        assertEquals(0, refit.status(), refit.err());
        try (DigitNetModel written = DigitNetModel.load(withHead); DigitNetModel bundled = DigitNetModel.loadBundled("xs")) {
            Calibration c = Calibration.of(written.card());
            Calibration shipped = Calibration.of(bundled.card());
            assertTrue(c.usesNotDigit());
            assertEquals(shipped.temperature(), c.temperature(), 1e-6);
            assertEquals(shipped.minScore(), c.minScore(), 1e-9, "the same share for the energy");
            assertTrue(c.maxNotDigit() < shipped.maxNotDigit(), "refusing 1 % needs a lower head threshold than 0.8 %");
            // The new budget is the gate's from now on (a plain `calibrate` keeps it), and says where it came from.
            assertEquals(0.01, dev.digitnet.eval.CalibrationFit.gateRefusalOf(written.card()).orElseThrow());
            String chosenOn = written.card().getAsJsonObject(dev.digitnet.model.NotDigitGate.KEY).get("chosen_on").getAsString();
            assertTrue(chosenOn.startsWith("digitnet calibrate --refusal 0.01; before: "
                    + dev.digitnet.eval.CalibrationFit.gateRefusalOf(bundled.card()).orElseThrow()), chosenOn);
        }
    }

    @Test
    void calibrateKeepsTheGatesBudgetAndReproducesTheShippedThresholdsPhotosIncluded() throws Exception {
        // No --refusal: the budget the gate was attached with (recorded beside it), not the default 0.8 %.
        CliRun fit = CliRun.run("calibrate", "--model", "xs", "--dry-run", "--json");
        assertEquals(0, fit.status(), fit.err());
        JsonObject json = JsonParser.parseString(fit.out()).getAsJsonObject();
        Calibration c = Calibration.fromCard(wrap(json)).orElseThrow();
        double budget;
        try (DigitNetModel bundled = DigitNetModel.loadBundled("xs")) {
            budget = dev.digitnet.eval.CalibrationFit.gateRefusalOf(bundled.card()).orElseThrow();
            assertTrue(budget < dev.digitnet.eval.CalibrationFit.DEFAULT_REFUSAL, "a budget of its own: " + budget);
            Calibration shipped = Calibration.of(bundled.card());
            assertTrue(shipped.maxNotDigitPhoto() > shipped.maxNotDigit(), "the bundled model has a photo threshold");
            assertEquals(shipped.maxNotDigit(), c.maxNotDigit(), 1e-6);
            assertEquals(shipped.maxNotDigitPhoto(), c.maxNotDigitPhoto(), 1e-6, "the photos are made the same way again");
        }
        JsonObject split = json.getAsJsonObject("split");
        assertEquals(dev.digitnet.eval.CalibrationFit.PHOTOS, split.get("photos").getAsInt());
        assertTrue(split.get("refused_photos").getAsDouble() <= budget + 1e-9, split.toString());
    }

    private static JsonObject wrap(JsonObject calibration) {
        JsonObject card = new JsonObject();
        card.add(Calibration.KEY, calibration);
        return card;
    }
}
