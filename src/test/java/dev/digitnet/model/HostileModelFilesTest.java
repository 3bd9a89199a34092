package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files are not trusted for sizes: hostile configurations are refused before anything is
 * built, hostile safetensors headers before anything is read, and non-finite weights at all.
 */
class HostileModelFilesTest {

    @TempDir static Path dir;
    private static Path good;
    private static byte[] weights;

    @BeforeAll
    static void saveASmallModel() throws IOException {
        good = dir.resolve("good");
        // The card's blocks, narrowed: the fields below (hiddenUnits, expansion, ...) are the card's.
        try (DigitNetModel m = DigitNetModel.create(ModelFamily.config("4/8/16/32"), 1)) {
            m.save(good);
        }
        weights = Files.readAllBytes(good.resolve(DigitNetModel.WEIGHTS_FILE));
    }

    /** A model folder with the good config.json and these weights. */
    private static Path withWeights(String name, byte[] bytes) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.copy(good.resolve(DigitNetModel.CONFIG_FILE), folder.resolve(DigitNetModel.CONFIG_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(folder.resolve(DigitNetModel.WEIGHTS_FILE), bytes);
        return folder;
    }

    /** A model folder with the good weights and config.json's architecture changed by {@code edit}. */
    private static Path withArchitecture(String name, String field, String json) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        JsonObject config = JsonParser.parseString(Files.readString(good.resolve(DigitNetModel.CONFIG_FILE))).getAsJsonObject();
        JsonObject architecture = config.getAsJsonObject("architecture");
        if (json == null) {
            architecture.remove(field);
        } else {
            architecture.add(field, JsonParser.parseString(json));
        }
        Files.writeString(folder.resolve(DigitNetModel.CONFIG_FILE), config.toString());
        Files.write(folder.resolve(DigitNetModel.WEIGHTS_FILE), weights);
        return folder;
    }

    private static String refused(Path folder) {
        // The declared sizes are refused before anything is allocated: a file that claimed gigabytes
        // and got them would fail this JVM's heap, not pass; no wall-clock bound is needed.
        Exception e = assertThrows(Exception.class, () -> DigitNetModel.load(folder).close());
        assertTrue(e instanceof IOException || e instanceof IllegalArgumentException, e.toString());
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private static int headerLength() {
        return (int) ByteBuffer.wrap(weights, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] withHeader(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data);
        return out.array();
    }

    @Test
    void hostileConfigsAreRefusedBeforeBuilding() throws IOException {
        assertTrue(refused(withArchitecture("wide", "widths", "[16000, 16000, 16000, 16000]")).contains("widths[0]"));
        assertTrue(refused(withArchitecture("deep", "depths", "[100000, 1, 1, 1]")).contains("depths[0]"));
        assertTrue(refused(withArchitecture("hidden", "hiddenUnits", "1000000000")).contains("hiddenUnits"));
        assertTrue(refused(withArchitecture("kernel", "kernelSize", "-5")).contains("kernelSize"));
        assertTrue(refused(withArchitecture("input", "inputSize", "46336")).contains("inputSize"));
        assertTrue(refused(withArchitecture("dropout", "dropout", "1.5")).contains("dropout"));
        assertTrue(refused(withArchitecture("nowidths", "widths", null)).contains("widths"));
        assertTrue(refused(withArchitecture("nullwidth", "widths", "[4, null, 16, 32]")).contains("widths"));
        // In range field by field, too large together: caught by the estimates.
        String big = refused(withArchitecture("big", "widths", "[4096, 4096, 4096, 4096]"));
        assertTrue(big.contains("parameters"), big);
        String activations = refused(withArchitecture("acts", "widths", "[1024, 8, 8, 8]"));
        assertTrue(activations.contains("activations"), activations);
        // The kind picks the description; an unknown one, or a convolutional student's fields out of
        // range, is refused the same way.
        assertTrue(refused(withArchitecture("kind", "kind", "\"transformer\"")).contains("unknown architecture kind"));
        String conv = refused(withArchitecture("convkind", "kind", "\"convnet\""));
        assertTrue(conv.contains("weights lack parameter 's1conv1.weight'"), conv); // a valid design, other weights
        Path wide = withArchitecture("convhuge", "kind", "\"convnet\"");
        JsonObject config = JsonParser.parseString(Files.readString(wide.resolve(DigitNetModel.CONFIG_FILE))).getAsJsonObject();
        config.getAsJsonObject("architecture").add("widths", JsonParser.parseString("[4096, 4096, 4096, 4096]"));
        Files.writeString(wide.resolve(DigitNetModel.CONFIG_FILE), config.toString());
        assertTrue(refused(wide).contains("too large"));
    }

    @Test
    void hostileCalibrationSectionsAreRefusedAtLoadWithTheFolderName() throws IOException {
        for (String[] c : new String[][] {
                {"cold", "{\"temperature\": 0}", "temperature"},
                {"nan", "{\"temperature\": 1, \"digit_check\": {\"min_score\": \"NaN\"}}", "calibration"},
                {"magic", "{\"temperature\": 1, \"digit_check\": {\"score\": \"magic\"}}", "magic"}}) {
            Path folder = Files.createDirectories(dir.resolve("calibration-" + c[0]));
            JsonObject config = JsonParser.parseString(Files.readString(good.resolve(DigitNetModel.CONFIG_FILE))).getAsJsonObject();
            config.add(Calibration.KEY, JsonParser.parseString(c[1]));
            Files.writeString(folder.resolve(DigitNetModel.CONFIG_FILE), config.toString());
            Files.write(folder.resolve(DigitNetModel.WEIGHTS_FILE), weights);
            String message = refused(folder);
            assertTrue(message.contains("\"calibration\" section") && message.contains(c[2]), message);
        }
    }

    @Test
    void parameterEstimateIsExact() {
        DigitNetConfig card = DigitNetConfig.modelCard();
        assertEquals(531_888, ConfigLimits.size(card.inputSize(), card.layers()).parameters());
        for (String spec : new String[] {"4/8/16/32:1-2-1-1", "conv:4/8:1-2"}) {
            try (DigitNetModel small = DigitNetModel.create(ModelFamily.config(spec), 1)) {
                Architecture config = small.config();
                assertEquals(small.parameterCount(), ConfigLimits.size(config.inputSize(), config.layers()).parameters(), spec);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFamily.config("99999/8/16/32"));
        assertTrue(e.getMessage().contains("widths[0]"), e.getMessage());
    }

    @Test
    void hostileSafetensorsHeadersAreRefusedBeforeReading() throws IOException {
        // Header lengths of 2^31 - 1 and 1 GiB, in files of a few bytes: nothing is allocated for them.
        for (long length : new long[] {Integer.MAX_VALUE, 1L << 30, -1L, 0}) {
            byte[] bytes = Arrays.copyOf(weights, weights.length);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
            assertTrue(refused(withWeights("length" + Long.hashCode(length), bytes)).contains("header length"));
        }
        String header = new String(weights, 8, headerLength(), StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(weights, 8 + headerLength(), weights.length);
        // Offsets past the end of the file.
        JsonObject h = JsonParser.parseString(header).getAsJsonObject();
        String first = h.keySet().stream().filter(k -> !k.equals("__metadata__")).findFirst().orElseThrow();
        JsonObject entry = h.getAsJsonObject(first);
        long end = entry.getAsJsonArray("data_offsets").get(1).getAsLong();
        long begin = entry.getAsJsonArray("data_offsets").get(0).getAsLong();
        JsonObject beyond = h.deepCopy();
        beyond.getAsJsonObject(first).add("data_offsets", JsonParser.parseString("[" + begin + ", " + (end + (1L << 40)) + "]"));
        assertTrue(refused(withWeights("beyond", withHeader(beyond.toString(), data))).contains("needs"));
        // Overlapping tensors (two entries reading the same bytes).
        JsonObject overlap = h.deepCopy();
        overlap.add("extra", entry.deepCopy());
        assertTrue(refused(withWeights("overlap", withHeader(overlap.toString(), data))).contains("back to back"));
        // A file shorter than its header promises.
        assertTrue(refused(withWeights("short", Arrays.copyOf(weights, weights.length - 100))).contains("holds"));
        // Not JSON, and a header that is JSON but not entries.
        assertTrue(refused(withWeights("notjson", withHeader("{\"a\": [1, 2", data))).contains("JSON"));
        assertTrue(refused(withWeights("badentry", withHeader("{\"a\": {\"dtype\": \"F32\"}}", new byte[0]))).contains("'a'"));
    }

    @Test
    void dtypeMustMatchTheByteLength() throws IOException {
        String header = new String(weights, 8, headerLength(), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"F32\""), header.substring(0, 200));
        // The same header length: F32 → F16 changes no size, only what the bytes claim to be.
        byte[] relabelled = Arrays.copyOf(weights, weights.length);
        byte[] h16 = header.replaceFirst("\"F32\"", "\"F16\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h16, 0, relabelled, 8, h16.length);
        String message = refused(withWeights("f16", relabelled));
        assertTrue(message.contains("F16") && message.contains("needs"), message);
    }

    @Test
    void nanAndInfiniteWeightsAreRefused() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            byte[] bytes = Arrays.copyOf(weights, weights.length);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 8 + headerLength(); i + 4 <= bytes.length; i += 4) {
                b.putFloat(i, bad);
            }
            String message = refused(withWeights("nan" + Float.hashCode(bad), bytes));
            assertTrue(message.contains("NaN or infinite"), message);
        }
    }

    @Test
    void goodFilesStillLoad() throws IOException {
        try (DigitNetModel m = DigitNetModel.load(good)) {
            assertEquals(m.config().parameters(), m.parameterCount());
        }
    }
}
