package dev.digitnet.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The {@code config.json} next to the weights: {@code architecture} (a {@link DigitNetConfig}),
 * {@code parameters}, and free-form sections others add ({@code provenance}, {@code evaluation}).
 */
public final class ModelMetadata {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ModelMetadata() {}

    static JsonObject describe(Architecture config, long parameters) {
        JsonObject json = new JsonObject();
        json.addProperty("name", "DigitNet");
        json.add("architecture", toJsonTree(config));
        json.addProperty("parameters", parameters);
        return json;
    }

    static JsonObject parse(String text, String origin) {
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject() || !root.getAsJsonObject().has("architecture")) {
                throw new IllegalArgumentException(origin + ": config.json has no \"architecture\" section");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(origin + ": config.json is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * An architecture as JSON: its fields and its {@code kind}. The card's kind is written without
     * one: an architecture without a kind reads as the card's, so the bundled models' and every
     * existing run's {@code config.json} stay valid, and writing the card's the same way keeps
     * their files and hashes as they are.
     */
    public static JsonObject toJsonTree(Architecture config) {
        JsonObject json = GSON.toJsonTree(config).getAsJsonObject();
        if (!(config instanceof DigitNetConfig)) {
            JsonObject kinded = new JsonObject();
            kinded.addProperty("kind", config.kind());
            json.entrySet().forEach(e -> kinded.add(e.getKey(), e.getValue()));
            return kinded;
        }
        return json;
    }

    static Architecture architecture(JsonObject metadata) {
        try {
            JsonElement section = metadata.get("architecture");
            String kind = DigitNetConfig.KIND;
            if (section != null && section.isJsonObject() && section.getAsJsonObject().has("kind")) {
                kind = section.getAsJsonObject().get("kind").getAsString();
            }
            return switch (kind) {
                case DigitNetConfig.KIND -> GSON.fromJson(section, DigitNetConfig.class);
                case ConvNetConfig.KIND -> GSON.fromJson(section, ConvNetConfig.class);
                case EnsembleConfig.KIND -> GSON.fromJson(section, EnsembleConfig.class);
                default -> throw new IllegalArgumentException("unknown architecture kind '"
                        + (kind.length() > 40 ? kind.substring(0, 40) + "..." : kind) + "' (known: "
                        + DigitNetConfig.KIND + ", " + ConvNetConfig.KIND + ", " + EnsembleConfig.KIND + ")");
            };
        } catch (RuntimeException e) {
            // Gson wraps the record constructor's refusal in its own exception: report the refusal.
            Throwable why = e;
            while (!(why instanceof IllegalArgumentException) && why.getCause() != null && why.getCause() != why) {
                why = why.getCause();
            }
            String message = why instanceof IllegalArgumentException ? why.getMessage() : e.getMessage();
            throw new IllegalArgumentException("config.json has an unusable architecture: "
                    + String.valueOf(message).replaceAll("\\s+", " "), e);
        }
    }

    static String toJson(JsonObject metadata) {
        return GSON.toJson(metadata) + "\n";
    }
}
