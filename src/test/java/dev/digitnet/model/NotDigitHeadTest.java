package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The not-a-digit head: its arithmetic, its file beside the weights, the logits it leaves
 * untouched, and the one-line refusals of a head file that does not fit.
 */
class NotDigitHeadTest {

    @TempDir Path dir;

    private static NotDigitHead randomHead(int inputs, int hidden, long seed) {
        Random r = new Random(seed);
        float[] w1 = new float[hidden * inputs];
        float[] b1 = new float[hidden];
        float[] w2 = new float[hidden == 0 ? inputs : hidden];
        for (float[] a : new float[][] {w1, b1, w2}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
        }
        return new NotDigitHead(inputs, hidden, w1, b1, w2, 0.25f);
    }

    @Test
    void scoresAsWrittenByHand() {
        // 2 features, 2 hidden units: relu(1·1 + 2·2 − 1) = 4, relu(−1·1 + 0·2 + 0) = 0 → 0.5·4 + 3·0 + 0.1.
        NotDigitHead head = new NotDigitHead(2, 2, new float[] {1, 2, -1, 0}, new float[] {-1, 0}, new float[] {0.5f, 3},
                0.1f);
        assertEquals(2.1f, head.score(new float[] {1, 2}), 1e-6);
        NotDigitHead linear = new NotDigitHead(2, 0, new float[0], new float[0], new float[] {2, -1}, 1);
        assertEquals(2 * 3 - 4 + 1, linear.score(new float[] {3, 4}), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> head.score(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new NotDigitHead(2, 2, new float[3], new float[2], new float[2], 0));
        assertThrows(IllegalArgumentException.class,
                () -> new NotDigitHead(1, 0, new float[0], new float[0], new float[] {Float.NaN}, 0));
    }

    @Test
    void aModelWithAHeadSavesLoadsAndKeepsItsLogits() throws IOException {
        Path folder = dir.resolve("m");
        try (DigitNetModel m = DigitNetModel.create(ModelFamily.config("4/8/16/32"), 1)) {
            NotDigitHead head = randomHead(m.config().features(), 8, 2);
            m.setNotDigitHead(head, new JsonObject());
            m.save(folder);
        }
        assertTrue(Files.isRegularFile(folder.resolve(NotDigitHead.FILE)));
        float[][] inputs = new float[3][32 * 32];
        Random r = new Random(4);
        for (float[] image : inputs) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextFloat();
            }
        }
        try (DigitNetModel m = DigitNetModel.load(folder); ProbabilityModel p = m.newProbabilityModel()) {
            assertTrue(m.notDigitHead().isPresent());
            assertTrue(p.hasNotDigit());
            ProbabilityModel.Outputs out = p.outputs(inputs);
            float[][] logits = p.logits(inputs);
            // The features path gives the very logits of the forward pass: the digit answers are untouched.
            for (int i = 0; i < inputs.length; i++) {
                assertArrayEquals(logits[i], out.logits()[i], "image " + i);
            }
            ProbabilityModel.Features f = p.features(inputs);
            for (int i = 0; i < inputs.length; i++) {
                assertEquals(m.notDigitHead().get().score(f.features()[i]), out.notDigit()[i]);
                assertEquals(m.config().features(), f.features()[i].length);
            }
        }
        // Taken away again: no file, no section, no score.
        try (DigitNetModel m = DigitNetModel.load(folder)) {
            m.setNotDigitHead(null, null);
            m.saveMetadata(folder);
        }
        assertFalse(Files.exists(folder.resolve(NotDigitHead.FILE)));
        try (DigitNetModel m = DigitNetModel.load(folder); ProbabilityModel p = m.newProbabilityModel()) {
            assertFalse(p.hasNotDigit());
            assertTrue(Float.isNaN(p.outputs(inputs).notDigit()[0]));
        }
    }

    @Test
    void aHeadFileThatDoesNotFitIsRefusedInOneLine() throws IOException {
        Path folder = dir.resolve("h");
        try (DigitNetModel m = DigitNetModel.create(ModelFamily.config("4/8/16/32"), 1)) {
            m.setNotDigitHead(randomHead(m.config().features(), 4, 3), new JsonObject());
            m.save(folder);
        }
        Path config = folder.resolve(DigitNetModel.CONFIG_FILE);
        String goodConfig = Files.readString(config);
        byte[] goodHead = Files.readAllBytes(folder.resolve(NotDigitHead.FILE));

        // A head for other features, with its hash updated: the sizes do not match.
        NotDigitHead wide = randomHead(7, 4, 5);
        byte[] wideBytes = wide.toSafetensors();
        Files.write(folder.resolve(NotDigitHead.FILE), wideBytes);
        JsonObject c = JsonParser.parseString(goodConfig).getAsJsonObject();
        c.getAsJsonObject(NotDigitHead.KEY).addProperty("sha256", dev.digitnet.io.Sha256.of(wideBytes));
        Files.writeString(config, c.toString());
        assertOneLine(assertThrows(IOException.class, () -> DigitNetModel.load(folder)), "expected float32");

        // config.json says the model's width but the file holds a wider head.
        c.getAsJsonObject(NotDigitHead.KEY).addProperty("inputs", 7);
        Files.writeString(config, c.toString());
        assertOneLine(assertThrows(IOException.class, () -> DigitNetModel.load(folder)), "features");

        // Another head's file under the right name: its hash gives it away.
        Files.writeString(config, goodConfig);
        Files.write(folder.resolve(NotDigitHead.FILE), randomHead(32, 4, 9).toSafetensors());
        assertOneLine(assertThrows(IOException.class, () -> DigitNetModel.load(folder)), "SHA-256");

        // No file at all.
        Files.delete(folder.resolve(NotDigitHead.FILE));
        assertOneLine(assertThrows(IOException.class, () -> DigitNetModel.load(folder)), "missing");

        // Back to the good file: loads.
        Files.write(folder.resolve(NotDigitHead.FILE), goodHead);
        try (DigitNetModel m = DigitNetModel.load(folder)) {
            assertEquals(4, m.notDigitHead().orElseThrow().hidden());
        }
    }

    private static void assertOneLine(Exception e, String mentions) {
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains(mentions), message);
    }
}
