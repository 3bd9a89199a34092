package dev.digitnet.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.NotDigitGate;
import dev.digitnet.model.NotDigitHead;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.runtime.Device;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.InferenceModel;
import dev.digitnet.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A DigitNet ONNX graph in an ONNX Runtime session. The session is thread-safe (ONNX Runtime allows
 * concurrent {@code Run} calls on one session), so all predictors share it and the weights are in
 * memory once; each predictor only keeps its own input buffer.
 */
public final class OnnxModel implements InferenceModel {

    /** Larger than any DigitNet (the teacher is 2.2 MB); checked before reading a file into memory. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final RuntimeOptions options;
    private final JsonObject card;
    private final int inputSize;
    private final int classes;
    private final boolean notDigit;

    private OnnxModel(OrtEnvironment environment, OrtSession session, RuntimeOptions options, JsonObject card,
            int inputSize, int classes, boolean notDigit) {
        this.environment = environment;
        this.session = session;
        this.options = options;
        this.card = card;
        this.inputSize = inputSize;
        this.classes = classes;
        this.notDigit = notDigit;
    }

    /**
     * Loads a {@code .onnx} file written by {@code digitnet export}.
     *
     * @param options the session's settings: its threads are the intra-op threads of each forward
     *     pass; the engine must be ONNX Runtime and the device the CPU
     * @throws IOException naming the file when it is missing, too large, not an ONNX model, or not
     *     shaped like a DigitNet
     */
    public static OnnxModel load(Path file, RuntimeOptions options) throws IOException {
        checkOptions(options);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no ONNX model there");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + ": " + size + " bytes, larger than any DigitNet ONNX model (at most "
                    + MAX_FILE_BYTES + ")");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) size);
        }
        return fromBytes(bytes, file.toString(), options);
    }

    /** A session over an ONNX model held in memory; {@code origin} names it in errors. */
    static OnnxModel fromBytes(byte[] onnx, String origin, RuntimeOptions options) throws IOException {
        checkOptions(options);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions settings = sessionOptions(options.threads())) {
            session = env.createSession(onnx, settings);
        } catch (OrtException e) {
            throw new IOException(origin + ": not a readable ONNX model (" + firstLine(e.getMessage()) + ")", e);
        }
        try {
            int[] io = checkSignature(session, origin);
            Map<String, String> props = session.getMetadata().getCustomMetadata();
            String config = props.get(OnnxExporter.CONFIG);
            JsonObject card = config == null ? new JsonObject() : JsonParser.parseString(config).getAsJsonObject();
            boolean notDigit = io[2] == 1;
            // The card's check needs the head's output: a graph without it would fail at the first answer.
            if (!notDigit && (card.has(NotDigitHead.KEY) || card.has(NotDigitGate.KEY) || Calibration.of(card).usesNotDigit())) {
                throw new IOException(origin + ": its metadata describes a not-a-digit head or gate but the graph has no '"
                        + OnnxExporter.NOT_DIGIT + "' output");
            }
            return new OnnxModel(env, session, options, card, io[0], io[1], notDigit);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof IOException io ? io : new IOException(origin + ": unreadable DigitNet metadata ("
                    + firstLine(e.getMessage()) + ")", e);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IOException(origin + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** This build's ONNX Runtime is the CPU one (pom.xml); {@code runtime} refuses other devices before this. */
    private static void checkOptions(RuntimeOptions options) {
        if (options.engine() != InferenceEngine.ONNXRUNTIME || options.device() != Device.CPU) {
            throw new IllegalArgumentException("an ONNX Runtime session runs as onnxruntime on the cpu in this build, asked for "
                    + options.engine() + " on " + options.device());
        }
    }

    private static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        return options;
    }

    /**
     * The input side, class count and whether there is a {@code not_digit} output (1 or 0), after
     * checking the graph takes {@code image} and gives {@code logits} (and maybe {@code not_digit} [N, 1]).
     */
    private static int[] checkSignature(OrtSession session, String origin) throws OrtException, IOException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo in = inputs.get(OnnxExporter.INPUT);
        NodeInfo out = outputs.get(OnnxExporter.OUTPUT);
        NodeInfo head = outputs.get(OnnxExporter.NOT_DIGIT);
        if (inputs.size() != 1 || outputs.size() != (head == null ? 1 : 2) || in == null || out == null
                || !(in.getInfo() instanceof TensorInfo ti) || !(out.getInfo() instanceof TensorInfo to)) {
            throw new IOException(origin + ": not a DigitNet model (inputs " + inputs.keySet() + ", outputs "
                    + outputs.keySet() + "; expected '" + OnnxExporter.INPUT + "' and '" + OnnxExporter.OUTPUT + "', and maybe '"
                    + OnnxExporter.NOT_DIGIT + "')");
        }
        if (head != null && !(head.getInfo() instanceof TensorInfo th && th.type == OnnxJavaType.FLOAT
                && th.getShape().length == 2 && th.getShape()[1] == 1)) {
            throw new IOException(origin + ": its '" + OnnxExporter.NOT_DIGIT + "' output is not float [N, 1]");
        }
        long[] shape = ti.getShape();
        long[] logits = to.getShape();
        if (ti.type != OnnxJavaType.FLOAT || shape.length != 4 || shape[1] != 1 || shape[2] < 1 || shape[2] != shape[3]
                || logits.length != 2 || logits[1] < 1) {
            throw new IOException(origin + ": not a DigitNet model (input " + ti.type + " " + Arrays.toString(shape)
                    + ", output " + Arrays.toString(logits) + "; expected float [N, 1, S, S] and [N, classes])");
        }
        return new int[] {(int) shape[2], (int) logits[1], head == null ? 0 : 1};
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing with a better message
        }
    }

    /** The options the session was made with; its intra-op threads are {@code options().threads()}. */
    @Override
    public RuntimeOptions options() {
        return options;
    }

    @Override
    public ProbabilityModel newProbabilityModel() {
        return new OnnxProbabilityModel(environment, session, inputSize, classes, notDigit);
    }

    /** The model's {@code config.json} from the file's metadata (empty for a graph without it). */
    @Override
    public JsonObject card() {
        return card.deepCopy();
    }

    /** The file's metadata properties (labels, preprocessing, figures, provenance, ...). */
    public Map<String, String> metadataProperties() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the ONNX model's metadata: " + firstLine(e.getMessage()), e);
        }
    }

    public int inputSize() {
        return inputSize;
    }

    /** Closes the session; predictors made from it must not be used afterwards. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed: " + firstLine(e.getMessage()), e);
        }
    }
}
