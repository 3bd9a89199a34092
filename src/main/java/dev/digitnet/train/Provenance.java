package dev.digitnet.train;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.digitnet.data.Augmentation;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.ModelMetadata;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a trained model came from, captured by the training run itself when it starts: recipe,
 * architecture, objective (for a distilled student: the teacher's checksum, T and α), augmentation,
 * data checksums, library versions and machine. Saved with every checkpoint (a resume must match
 * it) and, with the run's outcome added, in the model's {@code config.json}.
 *
 * @param dataSha256 SHA-256 of each data file, by file name
 * @param augmentation the training augmentation, or {@code "none"}
 */
public record Provenance(
        TrainingRecipe recipe,
        Architecture architecture,
        JsonObject objective,
        String augmentation,
        Map<String, String> dataSha256,
        Map<String, String> versions,
        String started,
        int cpuCores) {

    static final String DIGITNET_VERSION = "1.0.0";

    public Provenance {
        objective = objective.deepCopy();
        // Copies that keep the caller's order: the data files' own order, then stable JSON.
        dataSha256 = Collections.unmodifiableMap(new LinkedHashMap<>(dataSha256));
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** The provenance of a run starting now on this machine. */
    public static Provenance capture(TrainingRecipe recipe, Architecture architecture, TrainingObjective objective,
            Augmentation augmentation, Map<String, String> dataSha256) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("digitnet", DIGITNET_VERSION);
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engine.getInstance().getVersion());
        versions.put("java", System.getProperty("java.version"));
        return new Provenance(recipe, architecture, objective.describe(),
                augmentation == null ? "none" : augmentation.describe(), dataSha256, versions,
                Instant.now().toString(), Runtime.getRuntime().availableProcessors());
    }

    /** As saved: stable key order, data files in their own order. */
    public JsonObject toJson() {
        Gson gson = new Gson();
        JsonObject json = new JsonObject();
        json.add("recipe", gson.toJsonTree(recipe));
        json.add("architecture", ModelMetadata.toJsonTree(architecture));
        json.add("objective", objective.deepCopy());
        json.addProperty("augmentation", augmentation);
        JsonObject checksums = new JsonObject();
        dataSha256.forEach(checksums::addProperty);
        json.add("data_sha256", checksums);
        JsonObject v = new JsonObject();
        versions.forEach(v::addProperty);
        json.add("versions", v);
        json.addProperty("started", started);
        json.addProperty("cpu_cores", cpuCores);
        return json;
    }
}
