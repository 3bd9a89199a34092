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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with a not-a-digit gate: stored beside its weights, loaded, scored, and refused when it does not fit. */
class NotDigitGateTest {

    @TempDir Path dir;

    static DigitNetModel gateNetwork(long seed) {
        return DigitNetModel.create(new ConvNetConfig(32, List.of(4, 8), List.of(1, 1), 3, 0f, 2), seed);
    }

    private static float[][] randomImages(int n, long seed) {
        float[][] inputs = new float[n][32 * 32];
        Random r = new Random(seed);
        for (float[] image : inputs) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextFloat();
            }
        }
        return inputs;
    }

    @Test
    void aModelWithAGateSavesLoadsAndScoresWithItsLogitsUntouched() throws IOException {
        Path folder = dir.resolve("m");
        float[][] inputs = randomImages(3, 4);
        float[][] plain;
        try (DigitNetModel m = DigitNetModel.create(ModelFamily.config("conv:4/8/16"), 1);
                DigitNetModel network = gateNetwork(2); NotDigitGate gate = NotDigitGate.of(network)) {
            try (ProbabilityModel p = m.newProbabilityModel()) {
                plain = p.logits(inputs);
            }
            JsonObject extra = new JsonObject();
            extra.addProperty("trained_with", "test");
            m.setNotDigitGate(gate, extra);
            m.save(folder);
        }
        assertTrue(Files.isRegularFile(folder.resolve(NotDigitGate.FILE)));
        try (DigitNetModel m = DigitNetModel.load(folder); ProbabilityModel p = m.newProbabilityModel();
                ProbabilityModel g = m.notDigitGate().orElseThrow().network().newProbabilityModel()) {
            assertFalse(m.notDigitHead().isPresent());
            assertEquals("test", m.metadata().getAsJsonObject(NotDigitGate.KEY).get("trained_with").getAsString());
            assertTrue(p.hasNotDigit());
            ProbabilityModel.Outputs out = p.outputs(inputs);
            float[][] gateLogits = g.logits(inputs);
            for (int i = 0; i < inputs.length; i++) {
                assertArrayEquals(plain[i], out.logits()[i], "the model's answers are untouched, image " + i);
                assertEquals(gateLogits[i][1] - gateLogits[i][0], out.notDigit()[i], "image " + i);
            }
        }
        // A head takes the gate's place (a model has one or the other), and back.
        try (DigitNetModel m = DigitNetModel.load(folder)) {
            m.setNotDigitHead(new NotDigitHead(m.config().features(), 0, new float[0], new float[0],
                    new float[m.config().features()], 0.5f), new JsonObject());
            assertFalse(m.notDigitGate().isPresent());
            assertFalse(m.metadata().has(NotDigitGate.KEY));
            m.saveMetadata(folder);
        }
        assertFalse(Files.exists(folder.resolve(NotDigitGate.FILE)));
        try (DigitNetModel m = DigitNetModel.load(folder)) {
            assertTrue(m.notDigitHead().isPresent());
            assertFalse(m.notDigitGate().isPresent());
        }
    }

    @Test
    void aGateThatDoesNotFitIsRefusedInOneLine() throws IOException {
        Path folder = dir.resolve("g");
        try (DigitNetModel m = DigitNetModel.create(ModelFamily.config("conv:4/8/16"), 1);
                DigitNetModel network = gateNetwork(3); NotDigitGate gate = NotDigitGate.of(network)) {
            m.setNotDigitGate(gate, null);
            m.save(folder);
            // A network of ten classes is no gate.
            assertThrows(IllegalArgumentException.class, () -> NotDigitGate.of(m));
        }
        Path config = folder.resolve(DigitNetModel.CONFIG_FILE);
        String good = Files.readString(config);
        byte[] goodGate = Files.readAllBytes(folder.resolve(NotDigitGate.FILE));

        // Another gate's weights under the right name: the hash gives them away.
        try (DigitNetModel other = gateNetwork(9); NotDigitGate g = NotDigitGate.of(other)) {
            Files.write(folder.resolve(NotDigitGate.FILE), g.safetensors());
        }
        assertOneLine(assertThrows(IOException.class, () -> DigitNetModel.load(folder)), "SHA-256");

        // No file at all.
        Files.delete(folder.resolve(NotDigitGate.FILE));
        assertOneLine(assertThrows(IOException.class, () -> DigitNetModel.load(folder)), "missing");
        Files.write(folder.resolve(NotDigitGate.FILE), goodGate);

        // Both a head and a gate described.
        JsonObject c = JsonParser.parseString(good).getAsJsonObject();
        c.add(NotDigitHead.KEY, new JsonObject());
        Files.writeString(config, c.toString());
        assertThrows(IOException.class, () -> DigitNetModel.load(folder));

        // A gate whose architecture says other weights than the file holds.
        c = JsonParser.parseString(good).getAsJsonObject();
        c.getAsJsonObject(NotDigitGate.KEY).getAsJsonObject("architecture").add("widths", JsonParser.parseString("[4, 16]"));
        Files.writeString(config, c.toString());
        assertOneLine(assertThrows(IOException.class, () -> DigitNetModel.load(folder)), NotDigitGate.FILE);

        Files.writeString(config, good);
        try (DigitNetModel m = DigitNetModel.load(folder)) {
            assertTrue(m.notDigitGate().isPresent());
        }
    }

    private static void assertOneLine(Exception e, String mentions) {
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains(mentions), message);
    }
}
