package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A folder of checkpoints: {@code epoch-NNN.safetensors} holds the tensors and {@code latest.json}
 * points at the newest one with the run's position and recipe.
 *
 * <p>Both are written to a temporary file and renamed into place, and the pointer moves only after
 * its tensors are complete, so a run killed at any moment leaves the previous checkpoint usable.
 */
public final class CheckpointStore {

    private static final String POINTER = "latest.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path folder;

    public CheckpointStore(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** Saves the checkpoint, then moves the pointer to it and removes older tensor files. */
    public Path save(Checkpoint checkpoint, JsonObject runInfo) throws IOException {
        String fileName = String.format("epoch-%03d.safetensors", checkpoint.completedEpochs());
        Path tensors = folder.resolve(fileName);
        DigitNetModel.writeAtomically(tensors, out -> ModelWeights.write(checkpoint.tensors(), out));
        JsonObject pointer = runInfo.deepCopy();
        pointer.addProperty("file", fileName);
        pointer.addProperty("completed_epochs", checkpoint.completedEpochs());
        pointer.addProperty("global_step", checkpoint.globalStep());
        pointer.addProperty("optimizer_steps", checkpoint.optimizerSteps());
        byte[] json = GSON.toJson(pointer).getBytes(StandardCharsets.UTF_8);
        DigitNetModel.writeAtomically(folder.resolve(POINTER), out -> out.write(json));
        deleteOlderThan(fileName);
        return tensors;
    }

    private void deleteOlderThan(String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "epoch-*.safetensors")) {
            for (Path file : files) {
                if (!file.getFileName().toString().equals(keep)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Whether a checkpoint exists to resume from. */
    public boolean hasCheckpoint() {
        return Files.isRegularFile(folder.resolve(POINTER));
    }

    /** The run information saved with the latest checkpoint. */
    public JsonObject latestInfo() throws IOException {
        Path pointer = folder.resolve(POINTER);
        try {
            return GSON.fromJson(Files.readString(pointer), JsonObject.class);
        } catch (JsonParseException e) {
            throw new IOException(pointer + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Loads the latest checkpoint's tensors into {@code manager}. */
    public Optional<Checkpoint> loadLatest(NDManager manager) throws IOException {
        if (!hasCheckpoint()) {
            return Optional.empty();
        }
        JsonObject info = latestInfo();
        Path tensors = folder.resolve(info.get("file").getAsString());
        Map<String, NDArray> arrays;
        try (InputStream in = Files.newInputStream(tensors)) {
            arrays = ModelWeights.read(manager, in);
        } catch (RuntimeException e) {
            throw new IOException(tensors + " is not a readable checkpoint: " + e.getMessage(), e);
        }
        return Optional.of(new Checkpoint(
                info.get("completed_epochs").getAsInt(),
                info.get("global_step").getAsLong(),
                info.get("optimizer_steps").getAsLong(),
                arrays));
    }
}
