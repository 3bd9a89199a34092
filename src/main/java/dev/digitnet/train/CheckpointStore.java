package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.model.ModelWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A folder of checkpoints: {@code epoch-NNN.safetensors} holds the tensors and {@code latest.json}
 * points at the newest one with the run's position and recipe.
 *
 * <p>Both are written to a temporary file and renamed into place, and the pointer moves only after
 * its tensors are complete, so a run killed at any moment leaves the previous checkpoint usable.
 *
 * <p>The folder's files are not trusted when read back: the pointer must name an {@code
 * epoch-NNN.safetensors} file inside the folder (not {@code ../../etc/hostname}) and hold every
 * key, the tensors are read by the checked safetensors reader, and a resume with another recipe,
 * seed or architecture is refused unless forced ({@link #checkCompatible}).
 */
public final class CheckpointStore {

    private static final String POINTER = "latest.json";
    /** What a checkpoint's tensors file may be called: nothing with a folder in it. */
    private static final Pattern TENSORS_NAME = Pattern.compile("epoch-\\d{3,6}\\.safetensors");
    /** Keys the pointer must hold. */
    private static final List<String> REQUIRED = List.of("file", "completed_epochs", "global_step", "optimizer_steps");
    /** Sections of the run information that must match for a resume. */
    private static final List<String> COMPARED = List.of("recipe", "architecture", "objective");
    /** Largest pointer read: 1 MiB (it is about 2 KB). */
    private static final int MAX_POINTER_BYTES = 1 << 20;
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
        String fileName = String.format(Locale.ROOT, "epoch-%03d.safetensors", checkpoint.completedEpochs());
        Path tensors = folder.resolve(fileName);
        removeTemporaries();
        AtomicFiles.write(tensors, out -> ModelWeights.write(checkpoint.tensors(), out));
        JsonObject pointer = runInfo.deepCopy();
        pointer.addProperty("file", fileName);
        pointer.addProperty("completed_epochs", checkpoint.completedEpochs());
        pointer.addProperty("global_step", checkpoint.globalStep());
        pointer.addProperty("optimizer_steps", checkpoint.optimizerSteps());
        AtomicFiles.write(folder.resolve(POINTER), GSON.toJson(pointer).getBytes(StandardCharsets.UTF_8));
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

    /**
     * Removes temporary files a killed run left behind ({@code .epoch-003.safetensors…tmp}); one run
     * writes a folder at a time, so any temporary found before a save is stale.
     */
    private void removeTemporaries() throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, ".*.tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The run information saved with the latest checkpoint. */
    public JsonObject latestInfo() throws IOException {
        Path pointer = folder.resolve(POINTER);
        if (Files.size(pointer) > MAX_POINTER_BYTES) {
            throw new IOException(pointer + " is larger than " + MAX_POINTER_BYTES + " bytes: not a checkpoint pointer");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(pointer));
        } catch (JsonParseException e) {
            throw new IOException(pointer + " is not valid JSON: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
        }
        if (!root.isJsonObject()) {
            throw new IOException(pointer + " is not a checkpoint pointer (" + (root.isJsonNull() ? "empty" : "not a JSON object")
                    + "); start a new run with another --out");
        }
        return root.getAsJsonObject();
    }

    /** Loads the latest checkpoint's tensors into {@code manager}. */
    public Optional<Checkpoint> loadLatest(NDManager manager) throws IOException {
        if (!hasCheckpoint()) {
            return Optional.empty();
        }
        Path pointer = folder.resolve(POINTER);
        JsonObject info = latestInfo();
        List<String> missing = REQUIRED.stream().filter(k -> !info.has(k) || info.get(k).isJsonNull()).toList();
        if (!missing.isEmpty()) {
            throw new IOException(pointer + " lacks " + String.join(", ", missing.stream().map(k -> "\"" + k + "\"").toList())
                    + ": the checkpoint is incomplete; start a new run with another --out");
        }
        Path tensors = tensorsFile(pointer, info.get("file"));
        int completedEpochs = whole(pointer, info, "completed_epochs");
        long globalStep = whole(pointer, info, "global_step");
        long optimizerSteps = whole(pointer, info, "optimizer_steps");
        Map<String, NDArray> arrays;
        try (InputStream in = Files.newInputStream(tensors)) {
            arrays = ModelWeights.read(manager, in, Files.size(tensors));
        } catch (IOException | RuntimeException e) {
            throw new IOException(tensors + " is not a readable checkpoint: " + e.getMessage(), e);
        }
        return Optional.of(new Checkpoint(completedEpochs, globalStep, optimizerSteps, arrays));
    }

    /** The tensors file the pointer names, which must be an epoch file directly in this folder. */
    private Path tensorsFile(Path pointer, JsonElement file) throws IOException {
        String name = file.isJsonPrimitive() ? file.getAsString() : String.valueOf(file);
        if (!TENSORS_NAME.matcher(name).matches()) {
            throw new IOException(pointer + " names \"" + (name.length() > 80 ? name.substring(0, 77) + "..." : name)
                    + "\", not an epoch-NNN.safetensors file in " + folder);
        }
        Path tensors = folder.resolve(name);
        if (!Files.isRegularFile(tensors)) {
            throw new IOException(pointer + " names " + name + ", which is missing from " + folder);
        }
        // A link in the folder could still point elsewhere.
        if (!tensors.toRealPath().getParent().equals(folder.toRealPath())) {
            throw new IOException(tensors + " leads outside " + folder);
        }
        return tensors;
    }

    private static int whole(Path pointer, JsonObject info, String key) throws IOException {
        JsonElement v = info.get(key);
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
            double d = v.getAsDouble();
            if (d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d)) {
                return (int) d;
            }
        }
        throw new IOException(pointer + ": \"" + key + "\" must be a whole number, got " + v);
    }

    /**
     * Checks that a resume continues the same run: the new run's {@code recipe} (seed included)
     * and {@code architecture} must equal the checkpoint's. With {@code force}, differences are
     * returned instead (for a warning).
     *
     * @return the differences, one {@code "recipe.seed 42 → 7"} each; empty when none
     * @throws IllegalArgumentException naming every difference on one line, unless {@code force}
     */
    public List<String> checkCompatible(JsonObject newRunInfo, boolean force) throws IOException {
        JsonObject saved = latestInfo();
        List<String> differences = new ArrayList<>();
        for (String section : COMPARED) {
            JsonElement before = saved.get(section);
            JsonElement after = newRunInfo.get(section);
            if (before == null || after == null) {
                if (before != after) {
                    differences.add(section + (before == null ? " (not recorded in the checkpoint)" : " (not given)"));
                }
                continue;
            }
            if (before.isJsonObject() && after.isJsonObject()) {
                java.util.Set<String> keys = new java.util.TreeSet<>(before.getAsJsonObject().keySet());
                keys.addAll(after.getAsJsonObject().keySet());
                for (String key : keys) {
                    JsonElement b = before.getAsJsonObject().get(key);
                    JsonElement a = after.getAsJsonObject().get(key);
                    if (!same(b, a)) {
                        differences.add(section + "." + key + " " + b + " → " + a);
                    }
                }
            } else if (!same(before, after)) {
                differences.add(section + " " + before + " → " + after);
            }
        }
        if (!differences.isEmpty() && !force) {
            throw new IllegalArgumentException("the checkpoint in " + folder + " was made with different settings ("
                    + String.join(", ", differences) + "); resume with the same options, or pass --force to continue with the new ones");
        }
        return differences;
    }

    /** Equal JSON values, numbers compared by value (1 and 1.0 are the same setting). */
    private static boolean same(JsonElement a, JsonElement b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isJsonPrimitive() && b.isJsonPrimitive() && a.getAsJsonPrimitive().isNumber() && b.getAsJsonPrimitive().isNumber()) {
            return a.getAsDouble() == b.getAsDouble();
        }
        return a.equals(b);
    }
}
