package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint folder is not trusted when read back, and a resume must continue the same run. */
class CheckpointStoreTest {

    private static JsonObject runInfo(long seed, double lr) {
        return JsonParser.parseString("{\"recipe\": {\"epochs\": 2, \"learningRate\": " + lr + ", \"seed\": " + seed
                + "}, \"architecture\": {\"widths\": [4, 8]}, \"started\": \"" + System.nanoTime() + "\"}").getAsJsonObject();
    }

    private static CheckpointStore saved(Path dir, NDManager manager) throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        NDArray w = manager.create(new float[] {1, 2, 3});
        store.save(new Checkpoint(1, 10, 10, Map.of("model.w", w)), runInfo(42, 0.003));
        return store;
    }

    private static String refused(CheckpointStore store, NDManager manager) {
        IOException e = assertThrows(IOException.class, () -> store.loadLatest(manager));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void hostilePointersGiveOneLineNotAStackTrace(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointStore store = saved(dir, manager);
            assertEquals(1, store.loadLatest(manager).orElseThrow().completedEpochs());
            Path pointer = dir.resolve("latest.json");
            Files.writeString(pointer, "");
            assertTrue(refused(store, manager).contains("empty"));
            Files.writeString(pointer, "{}");
            String missing = refused(store, manager);
            for (String key : List.of("\"file\"", "\"completed_epochs\"", "\"global_step\"", "\"optimizer_steps\"")) {
                assertTrue(missing.contains(key), missing);
            }
            Files.writeString(pointer, "{\"completed_epochs\": 1, \"global_step\": 10, \"optimizer_steps\": 10}");
            assertTrue(refused(store, manager).contains("\"file\""));
            Files.writeString(pointer, "[1, 2]");
            assertTrue(refused(store, manager).contains("not a JSON object"));
            Files.writeString(pointer, "{\"file\": 5, \"completed_epochs\": 1, \"global_step\": 10, \"optimizer_steps\": 10}");
            assertTrue(refused(store, manager).contains("not an epoch-NNN.safetensors"));
            Files.writeString(pointer, "{\"file\": \"epoch-001.safetensors\", \"completed_epochs\": -1, \"global_step\": 10, \"optimizer_steps\": 10}");
            assertTrue(refused(store, manager).contains("completed_epochs"));
        }
    }

    @Test
    void theTensorsFileMustBeInTheRunFolder(@TempDir Path dir) throws IOException {
        Path runs = Files.createDirectories(dir.resolve("run/checkpoints"));
        Path outside = dir.resolve("secret.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointStore store = saved(runs, manager);
            Files.copy(runs.resolve("epoch-001.safetensors"), outside);
            Path pointer = runs.resolve("latest.json");
            String good = Files.readString(pointer);
            Files.writeString(pointer, good.replace("epoch-001.safetensors", "../../secret.safetensors"));
            assertTrue(refused(store, manager).contains("not an epoch-NNN.safetensors"));
            Files.writeString(pointer, good.replace("epoch-001.safetensors", "../../../../../../etc/hostname"));
            assertTrue(refused(store, manager).contains("not an epoch-NNN.safetensors"));
            // A link with an innocent name that leads out of the folder.
            Files.writeString(pointer, good.replace("epoch-001.safetensors", "epoch-002.safetensors"));
            Files.createSymbolicLink(runs.resolve("epoch-002.safetensors"), outside);
            assertTrue(refused(store, manager).contains("outside"));
        }
    }

    @Test
    void resumeRefusesAnotherRecipeUnlessForced(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            CheckpointStore store = saved(dir, manager);
            assertEquals(List.of(), store.checkCompatible(runInfo(42, 0.003), false));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.checkCompatible(runInfo(7, 0.001), false));
            assertTrue(e.getMessage().contains("recipe.seed 42 → 7"), e.getMessage());
            assertTrue(e.getMessage().contains("recipe.learningRate 0.003 → 0.001"), e.getMessage());
            assertTrue(e.getMessage().contains("--force"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertEquals(2, store.checkCompatible(runInfo(7, 0.001), true).size());
            JsonObject otherArchitecture = runInfo(42, 0.003);
            otherArchitecture.add("architecture", JsonParser.parseString("{\"widths\": [8, 16]}"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> store.checkCompatible(otherArchitecture, false))
                    .getMessage().contains("architecture.widths"));
        }
    }

    @Test
    void staleTemporariesAreRemoved(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir);
        Path staleTensors = Files.writeString(dir.resolve(".epoch-001.safetensors4711.tmp"), "half a file");
        Path stalePointer = Files.writeString(dir.resolve(".latest.json815.tmp"), "{");
        try (NDManager manager = NDManager.newBaseManager()) {
            saved(dir, manager);
        }
        assertFalse(Files.exists(staleTensors));
        assertFalse(Files.exists(stalePointer));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("epoch-001.safetensors", "latest.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
