package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.digitnet.io.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small network beside a DigitNet that says whether an input is a digit at all: {@code not_digit
 * = w2 · relu(W1 · f + b1) + b2} (or {@code w2 · f + b2} without a hidden layer) on the model's
 * pooled <em>features</em> {@code f}, the vector its classifier receives ({@link
 * Architecture#features()}). It reads the network's features and changes nothing in it, so the
 * digit answers stay bit for bit what they were; trained with outlier exposure (pen doodles,
 * letters, scribbles, clothes, noise against MNIST's training digits) by {@code digitnet fit-head}.
 *
 * <p>Kept beside the weights as {@value #FILE} (safetensors, tensors {@code not_digit.hidden.weight}
 * [H, F], {@code not_digit.hidden.bias} [H], {@code not_digit.out.weight} [1, H], {@code
 * not_digit.out.bias} [1]; without a hidden layer only the last two, [1, F] and [1]) and described
 * in {@code config.json} under {@value #KEY} with the file's SHA-256, so the model's own weights
 * file is untouched. The ONNX export computes it in the graph, as the second output {@value
 * #OUTPUT} [N, 1]. Higher means less like a digit; the calibration's {@code max_not_digit} is the
 * most that passes.
 */
public final class NotDigitHead {

    /** The file in a model folder. */
    public static final String FILE = "not_digit.safetensors";
    /** The section of {@code config.json} describing it. */
    public static final String KEY = "not_digit_head";
    /** The ONNX output, and the name of the score in the calibration. */
    public static final String OUTPUT = "not_digit";
    /** What the head reads, in words (config.json, docs). */
    public static final String FEATURES = "the model's pooled features: its last feature map pooled and flattened, "
            + "as its classifier receives it";

    static final String HIDDEN_WEIGHT = "not_digit.hidden.weight";
    static final String HIDDEN_BIAS = "not_digit.hidden.bias";
    static final String OUT_WEIGHT = "not_digit.out.weight";
    static final String OUT_BIAS = "not_digit.out.bias";
    /** Largest head read: far beyond any DigitNet's features times a hidden layer worth having. */
    static final int MAX_HIDDEN = 1024;

    private final int inputs;
    private final int hidden;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float b2;

    /**
     * @param inputs feature width F
     * @param hidden hidden units H, 0 for a linear head
     * @param w1 H×F row-major (empty when {@code hidden} is 0)
     * @param b1 H (empty when {@code hidden} is 0)
     * @param w2 H, or F for a linear head
     * @param b2 the output's bias
     */
    public NotDigitHead(int inputs, int hidden, float[] w1, float[] b1, float[] w2, float b2) {
        if (inputs < 1 || hidden < 0 || hidden > MAX_HIDDEN) {
            throw new IllegalArgumentException("a not-a-digit head needs 1+ inputs and 0-" + MAX_HIDDEN + " hidden units, got "
                    + inputs + " and " + hidden);
        }
        int outIn = hidden == 0 ? inputs : hidden;
        if (w1.length != (long) hidden * inputs || b1.length != hidden || w2.length != outIn) {
            throw new IllegalArgumentException("not-a-digit head of " + inputs + " inputs and " + hidden + " hidden units has "
                    + w1.length + "/" + b1.length + "/" + w2.length + " weights");
        }
        for (float[] a : new float[][] {w1, b1, w2, {b2}}) {
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("not-a-digit head weights must be finite");
                }
            }
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.w1 = w1.clone();
        this.b1 = b1.clone();
        this.w2 = w2.clone();
        this.b2 = b2;
    }

    public int inputs() {
        return inputs;
    }

    public int hidden() {
        return hidden;
    }

    /** Hidden weights H×F, row-major (a copy). */
    public float[] hiddenWeight() {
        return w1.clone();
    }

    public float[] hiddenBias() {
        return b1.clone();
    }

    /** Output weights, H (or F for a linear head; a copy). */
    public float[] outWeight() {
        return w2.clone();
    }

    public float outBias() {
        return b2;
    }

    /** Trainable scalars. */
    public long parameters() {
        return (long) w1.length + b1.length + w2.length + 1;
    }

    /**
     * {@code not_digit} for one feature vector, in float arithmetic (each dot product summed in
     * order, as the ONNX graph's Gemm does up to rounding).
     */
    public float score(float[] features) {
        if (features.length != inputs) {
            throw new IllegalArgumentException("the not-a-digit head takes " + inputs + " features, got " + features.length);
        }
        if (hidden == 0) {
            return dot(w2, 0, features) + b2;
        }
        float out = b2;
        for (int h = 0; h < hidden; h++) {
            float a = dot(w1, h * inputs, features) + b1[h];
            out += w2[h] * Math.max(a, 0f);
        }
        return out;
    }

    /** {@link #score} of each row. */
    public float[] scores(float[][] features) {
        float[] out = new float[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = score(features[i]);
        }
        return out;
    }

    private static float dot(float[] w, int offset, float[] x) {
        float s = 0;
        for (int k = 0; k < x.length; k++) {
            s += w[offset + k] * x[k];
        }
        return s;
    }

    /** The weights as a safetensors document ({@link ModelWeights}), tensors named as the class says. */
    public byte[] toSafetensors() throws IOException {
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            if (hidden > 0) {
                arrays.put(HIDDEN_WEIGHT, scratch.create(w1, new Shape(hidden, inputs)));
                arrays.put(HIDDEN_BIAS, scratch.create(b1, new Shape(hidden)));
            }
            arrays.put(OUT_WEIGHT, scratch.create(w2, new Shape(1, w2.length)));
            arrays.put(OUT_BIAS, scratch.create(new float[] {b2}, new Shape(1)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelWeights.write(arrays, out);
            return out.toByteArray();
        }
    }

    /**
     * The head in {@code bytes} (a {@value #FILE}), checked against its {@code config.json} section
     * and the model's feature width.
     *
     * @param section the {@value #KEY} section: {@code inputs}, {@code hidden}, {@code sha256}
     * @param features the model's feature width ({@link Architecture#features()})
     * @throws IOException with a one-line message when anything does not match
     */
    public static NotDigitHead fromSafetensors(byte[] bytes, JsonObject section, int features) throws IOException {
        int inputs;
        int hidden;
        String sha;
        try {
            inputs = section.get("inputs").getAsInt();
            hidden = section.get("hidden").getAsInt();
            sha = section.get("sha256").getAsString();
        } catch (RuntimeException e) {
            throw new IOException("config.json's \"" + KEY + "\" section needs inputs, hidden and sha256", e);
        }
        if (inputs != features) {
            throw new IOException(FILE + " takes " + inputs + " features but this architecture gives " + features);
        }
        if (hidden < 0 || hidden > MAX_HIDDEN) {
            throw new IOException(FILE + ": " + hidden + " hidden units (0-" + MAX_HIDDEN + " allowed)");
        }
        String actual = Sha256.of(bytes);
        if (!actual.equalsIgnoreCase(sha)) {
            throw new IOException(FILE + " has SHA-256 " + actual + ", not the " + sha + " config.json names");
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> t = ModelWeights.read(scratch, new java.io.ByteArrayInputStream(bytes), bytes.length);
            int outIn = hidden == 0 ? inputs : hidden;
            Map<String, long[]> expected = new LinkedHashMap<>();
            if (hidden > 0) {
                expected.put(HIDDEN_WEIGHT, new long[] {hidden, inputs});
                expected.put(HIDDEN_BIAS, new long[] {hidden});
            }
            expected.put(OUT_WEIGHT, new long[] {1, outIn});
            expected.put(OUT_BIAS, new long[] {1});
            if (!t.keySet().equals(expected.keySet())) {
                throw new IOException(FILE + " holds " + new java.util.TreeSet<>(t.keySet()) + ", expected "
                        + new java.util.TreeSet<>(expected.keySet()));
            }
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                NDArray a = t.get(e.getKey());
                if (!a.getShape().equals(new Shape(e.getValue())) || a.getDataType() != ai.djl.ndarray.types.DataType.FLOAT32) {
                    throw new IOException(FILE + ": tensor " + e.getKey() + " is " + a.getDataType() + " " + a.getShape()
                            + ", expected float32 " + new Shape(e.getValue()));
                }
            }
            float[] w1 = hidden > 0 ? t.get(HIDDEN_WEIGHT).toFloatArray() : new float[0];
            float[] b1 = hidden > 0 ? t.get(HIDDEN_BIAS).toFloatArray() : new float[0];
            return new NotDigitHead(inputs, hidden, w1, b1, t.get(OUT_WEIGHT).toFloatArray(), t.get(OUT_BIAS).toFloatArray()[0]);
        }
    }

    /** The {@value #KEY} section for {@code config.json}: the file, its hash, what it reads; {@code extra} added. */
    public JsonObject describe(byte[] safetensors, JsonObject extra) {
        JsonObject json = new JsonObject();
        json.addProperty("file", FILE);
        json.addProperty("sha256", Sha256.of(safetensors));
        json.addProperty("output", OUTPUT);
        json.addProperty("features", FEATURES);
        json.addProperty("inputs", inputs);
        json.addProperty("hidden", hidden);
        json.addProperty("parameters", parameters());
        if (extra != null) {
            extra.entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
        }
        return json;
    }
}
