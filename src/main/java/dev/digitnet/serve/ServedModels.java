package dev.digitnet.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.digitnet.predict.DigitClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models a server answers with, by name, the first one the default: the page offers them in
 * this order and {@code POST /api/predict?model=NAME} picks one.
 */
public final class ServedModels {

    /** One served model: its name, its classifier and its card ({@code config.json}). */
    public record Entry(String name, DigitClassifier classifier, JsonObject card) {}

    private final Map<String, Entry> byName = new LinkedHashMap<>();

    public ServedModels(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a server needs at least one model");
        }
        for (Entry e : entries) {
            if (byName.putIfAbsent(e.name(), e) != null) {
                throw new IllegalArgumentException("two served models are named '" + e.name() + "'");
            }
        }
    }

    /** A single model under {@code name}. */
    public static ServedModels of(String name, DigitClassifier classifier, JsonObject card) {
        return new ServedModels(List.of(new Entry(name, classifier, card == null ? new JsonObject() : card)));
    }

    public Entry defaultModel() {
        return byName.values().iterator().next();
    }

    /**
     * The model of that name, or the default for {@code null}/blank.
     *
     * @throws IllegalArgumentException naming the served models, for an unknown name
     */
    public Entry get(String name) {
        if (name == null || name.isBlank()) {
            return defaultModel();
        }
        Entry e = byName.get(name);
        if (e == null) {
            String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
            throw new IllegalArgumentException("unknown model '" + shown + "'; served: " + String.join(", ", byName.keySet()));
        }
        return e;
    }

    /** What {@code GET /api/models} answers: the default's name and, per model, its size and recorded accuracy. */
    public JsonObject summary() {
        JsonObject out = new JsonObject();
        out.addProperty("default", defaultModel().name());
        JsonArray models = new JsonArray();
        for (Entry e : byName.values()) {
            JsonObject m = new JsonObject();
            m.addProperty("name", e.name());
            copy(e.card(), "parameters", m, "parameters");
            JsonElement evaluation = e.card().get("evaluation");
            if (evaluation != null && evaluation.isJsonObject()) {
                copy(evaluation.getAsJsonObject(), "clean_top1", m, "clean_top1");
                copy(evaluation.getAsJsonObject(), "augmented_top1", m, "augmented_top1");
            }
            models.add(m);
        }
        out.add("models", models);
        return out;
    }

    private static void copy(JsonObject from, String key, JsonObject to, String as) {
        JsonElement v = from.get(key);
        if (v != null && v.isJsonPrimitive()) {
            to.add(as, v);
        }
    }

    public List<Entry> entries() {
        return List.copyOf(byName.values());
    }
}
