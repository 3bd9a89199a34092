package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.serve.SampleDigit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliErrorsTest {

    @Test
    void missingModelFolderGivesOneClearLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("digit.png");
        Files.write(image, SampleDigit.png());
        CliRun r = CliRun.run("predict", "--model", dir.resolve("no-such-model").toString(), image.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("config.json"), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
    }

    @Test
    void missingImageFileIsNamed(@TempDir Path dir) {
        CliRun r = CliRun.run("predict", dir.resolve("nope.png").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("nope.png"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void corruptCachedDataNamesTheFileAndSuggestsForce(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.write(dir.resolve(name), "this is not an IDX file".getBytes(StandardCharsets.UTF_8));
        }
        CliRun r = CliRun.run("data", "--data-dir", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("-ubyte"), r.err());
        assertTrue(r.err().contains("--force"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void resumeWithoutCheckpointIsRefusedClearly(@TempDir Path dir) {
        CliRun r = CliRun.run("train", "--resume", "--out", dir.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("nothing to resume"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void distillRefusesUnknownStudentsAndBadHyperparametersInOneLineBeforeAnyWork(@TempDir Path dir) {
        String data = dir.resolve("data").toString();
        for (String[] args : new String[][] {
                {"distill", "--student", "huge", "--out", dir.resolve("a").toString(), "--data-dir", data},
                {"distill", "--student", "xs", "--alpha", "1.5", "--out", dir.resolve("b").toString(), "--data-dir", data},
                {"distill", "--student", "xs", "--temperature", "0", "--out", dir.resolve("c").toString(), "--data-dir", data},
                {"distill", "--student", "xs", "--transfer-mix", "-1", "--out", dir.resolve("f").toString(), "--data-dir", data},
                {"distill", "--student", "xs", "--transfer-mix", "0.5", "--alpha", "0", "--out", dir.resolve("g").toString(),
                        "--data-dir", data},
                {"distill", "--student", "xs", "--teacher", dir.resolve("no-teacher").toString(), "--out", dir.resolve("d").toString(),
                        "--data-dir", data},
                {"train", "--student", "8/16/x", "--out", dir.resolve("e").toString(), "--data-dir", data},
                {"fit-gate", "--teacher", dir.resolve("t").toString(), "--gate", dir.resolve("g").toString(), "--out",
                        dir.resolve("h").toString(), "--data-dir", data},
                {"fit-gate", "--transfer-mix", "0.5", "--out", dir.resolve("i").toString(), "--data-dir", data},
                {"fit-gate", "--teacher", dir.resolve("t").toString(), "--alpha", "1.5", "--out", dir.resolve("j").toString(),
                        "--data-dir", data},
                {"fit-gate", "--teacher", dir.resolve("no-gate").toString(), "--out", dir.resolve("k").toString(), "--data-dir", data}}) {
            CliRun r = CliRun.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        assertFalse(Files.exists(dir.resolve("data")), "nothing was fetched for refused arguments");
    }

    /** A run whose loss blows up stops in one line with the advice, and keeps its last good checkpoint. */
    @Test
    void aDivergingRunStopsWithOneLine(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun r = CliRun.run("train", "--student", "conv:8/16", "--limit", "512", "--batch-size", "32", "--epochs", "1",
                "--lr", "1e30", "--warmup", "0", "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("training loss is"), r.err());
        assertTrue(r.err().contains("lower --lr"), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("digitnet train:")).count(), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
        assertFalse(Files.exists(out.resolve("model").resolve("model.safetensors")), "no final weights from a diverged run");
    }

    @Test
    void anUnknownBundledModelNameListsTheBundledOnes(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("digit.png");
        Files.write(image, SampleDigit.png());
        CliRun r = CliRun.run("predict", "--model", "lg-nonexistent", image.toString());
        assertEquals(2, r.status());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void hostileModelFilesGiveOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("digit.png");
        Files.write(image, SampleDigit.png());
        Path model = dir.resolve("model");
        try (DigitNetModel m = DigitNetModel.create(ModelFamily.config("conv:8/16/32"), 1)) {
            m.save(model);
        }
        Path config = model.resolve(DigitNetModel.CONFIG_FILE);
        String original = Files.readString(config);
        // A config asking for 100,000 channels: refused before libtorch is asked for the memory.
        String wideConfig = original.replaceFirst("\\[\\s*8,", "[100000,");
        assertNotEquals(original, wideConfig, "the first width was found");
        Files.writeString(config, wideConfig);
        CliRun wide = CliRun.run("predict", "--model", model.toString(), image.toString());
        assertEquals(2, wide.status(), wide.err());
        assertTrue(wide.err().contains("widths[0]"), wide.err());
        assertEquals(1, wide.err().strip().lines().count(), wide.err());
        // A safetensors header length of 2^31 - 1 in a small file.
        Files.writeString(config, original);
        Path weights = model.resolve(DigitNetModel.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, Integer.MAX_VALUE);
        Files.write(weights, bytes);
        CliRun header = CliRun.run("predict", "--model", model.toString(), image.toString());
        assertEquals(2, header.status(), header.err());
        assertTrue(header.err().contains("header length"), header.err());
        assertEquals(1, header.err().strip().lines().count(), header.err());
    }
}
