package dev.digitnet.model;

import com.google.gson.JsonObject;
import dev.digitnet.io.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A not-a-digit gate beside a DigitNet: a small network of its own (two classes: digit, not a
 * digit) that reads the same input pixels as the model and gives {@code not_digit = logit[1] −
 * logit[0]}, the score a {@link NotDigitHead} gives, so the calibration's {@code max_not_digit}
 * and every engine's check apply to it unchanged. Unlike a head it does not read the model's
 * features, so one gate serves every model of the family, and the model's answers stay bit for bit
 * what they were. Trained by {@code digitnet fit-gate}; a model has a head or a gate, never both.
 *
 * <p>Kept beside the weights as {@value #FILE} (the gate network's safetensors) and described in
 * {@code config.json} under {@value #KEY}: its architecture (from the one description, {@link
 * Architecture#layers()}), parameter count and the file's SHA-256. The ONNX export computes it in
 * the graph as a second branch from {@code image} into the output {@value NotDigitHead#OUTPUT}.
 */
public final class NotDigitGate implements AutoCloseable {

    /** The file in a model folder. */
    public static final String FILE = "not_digit_gate.safetensors";
    /** The section of {@code config.json} describing it. */
    public static final String KEY = "not_digit_gate";
    /** The classes of the gate network, in order. */
    public static final int DIGIT = 0;
    public static final int NOT_DIGIT = 1;

    private final DigitNetModel network;
    private final byte[] safetensors;

    private NotDigitGate(DigitNetModel network, byte[] safetensors) {
        this.network = network;
        this.safetensors = safetensors;
    }

    /**
     * The gate made of a trained two-class network (its weights are copied: the gate and the
     * network can be closed apart).
     */
    public static NotDigitGate of(DigitNetModel trained) throws IOException {
        Architecture a = trained.config();
        if (a.classes() != 2) {
            throw new IllegalArgumentException("a not-a-digit gate has two classes (digit, not a digit), this network has "
                    + a.classes());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelWeights.write(trained.block(), out);
        byte[] bytes = out.toByteArray();
        return fromSafetensors(bytes, describe(a, ModelWeights.count(trained.block()), bytes, null), a.inputSize());
    }

    /**
     * Reads the gate {@code section} describes from its file's bytes.
     *
     * @param inputSize the model's input side, which the gate must read too
     * @throws IOException with a one-line message when anything does not match
     */
    static NotDigitGate fromSafetensors(byte[] bytes, JsonObject section, int inputSize) throws IOException {
        String sha;
        try {
            sha = section.get("sha256").getAsString();
        } catch (RuntimeException e) {
            throw new IOException("config.json's \"" + KEY + "\" section needs architecture and sha256", e);
        }
        String actual = Sha256.of(bytes);
        if (!actual.equalsIgnoreCase(sha)) {
            throw new IOException(FILE + " has SHA-256 " + actual + ", not the " + sha + " config.json names");
        }
        DigitNetModel network;
        try {
            network = DigitNetModel.read(new ByteArrayInputStream(section.toString().getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayInputStream(bytes), bytes.length, FILE, file -> null);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Architecture a = network.config();
        if (a.classes() != 2 || a.inputSize() != inputSize) {
            network.close();
            throw new IOException(FILE + ": a gate of " + a.classes() + " classes on " + a.inputSize() + "-pixel inputs, "
                    + "expected 2 classes on " + inputSize);
        }
        return new NotDigitGate(network, bytes.clone());
    }

    /** The {@value #KEY} section: architecture, parameters, file and SHA-256, and {@code extra} (how it was trained). */
    public JsonObject describe(JsonObject extra) {
        return describe(network.config(), parameters(), safetensors, extra);
    }

    private static JsonObject describe(Architecture a, long parameters, byte[] bytes, JsonObject extra) {
        JsonObject json = new JsonObject();
        json.addProperty("file", FILE);
        json.addProperty("sha256", Sha256.of(bytes));
        json.addProperty("output", NotDigitHead.OUTPUT);
        json.addProperty("score", "logit[not a digit] - logit[digit] of the gate network, on the model's input");
        json.add("architecture", ModelMetadata.toJsonTree(a));
        json.addProperty("parameters", parameters);
        if (extra != null) {
            extra.entrySet().forEach(e -> {
                if (!json.has(e.getKey())) {
                    json.add(e.getKey(), e.getValue());
                }
            });
        }
        return json;
    }

    /** The gate network (two classes). */
    public DigitNetModel network() {
        return network;
    }

    public long parameters() {
        return ModelWeights.count(network.block());
    }

    /** The weights file's bytes (a copy). */
    public byte[] safetensors() {
        return safetensors.clone();
    }

    /** {@code logit[1] − logit[0]} of each row of the gate's logits, in float. */
    public static float[] scores(float[][] gateLogits) {
        float[] s = new float[gateLogits.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = gateLogits[i][NOT_DIGIT] - gateLogits[i][DIGIT];
        }
        return s;
    }

    @Override
    public void close() {
        network.close();
    }
}
