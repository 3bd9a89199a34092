package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * A DigitNet with its weights and metadata: the thing users load, evaluate and serve.
 *
 * <p>On disk a model is a folder with {@code model.safetensors} (the weights) and {@code
 * config.json} (architecture, parameter count, provenance and evaluation figures). The released
 * model ships inside the jar and loads with {@link #loadBundled()}.
 */
public final class DigitNetModel implements AutoCloseable {

    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "config.json";
    /** Where the released models live on the classpath, one folder per name. */
    public static final String BUNDLED_RESOURCE = "/dev/digitnet/bundled/";

    private final NDManager manager;
    private final Block block;
    private final Architecture architecture;
    private final JsonObject metadata;
    /** SHA-256 of the weights file this model was loaded from; {@code null} for a new network. */
    private String weightsSha256;
    /** The not-a-digit head ({@link NotDigitHead#FILE} beside the weights), or null. */
    private NotDigitHead notDigitHead;
    /** Its file's bytes as read or set, written back by {@link #save}. */
    private byte[] notDigitHeadBytes;
    /** The not-a-digit gate ({@link NotDigitGate#FILE} beside the weights), or null; never with a head. */
    private NotDigitGate notDigitGate;

    private DigitNetModel(NDManager manager, Architecture architecture, Block block, JsonObject metadata) {
        this.manager = manager;
        this.architecture = architecture;
        this.block = block;
        this.metadata = metadata;
    }

    /** A freshly initialized network: PyTorch's default uniform ±1/√fan_in weights, zero biases, seeded. */
    public static DigitNetModel create(Architecture config, long seed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        NDManager manager = NDManager.newBaseManager();
        Block block = config.newBlock();
        // DJL's default (Xavier) initializer started training at a loss near 15. PyTorch's default
        // trained faster on validation than ConvNeXt's truncated normal σ 0.02 (docs/training.md).
        block.setInitializer(new FanInUniformInitializer(), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, inputShape(config, 1));
        return new DigitNetModel(manager, config, block, ModelMetadata.describe(config, ModelWeights.count(block)));
    }

    /** Loads a model folder written by {@link #save}. */
    public static DigitNetModel load(Path folder) throws IOException {
        Path config = folder.resolve(CONFIG_FILE);
        Path weights = folder.resolve(WEIGHTS_FILE);
        for (Path required : new Path[] {config, weights}) {
            if (!Files.isRegularFile(required)) {
                throw new NoSuchFileException(required.toString(), null, "not a DigitNet model folder: missing " + required.getFileName());
            }
        }
        try (InputStream c = Files.newInputStream(config); InputStream w = Files.newInputStream(weights)) {
            return read(c, w, Files.size(weights), folder.toString(), file -> {
                Path sidecar = folder.resolve(file);
                if (!Files.isRegularFile(sidecar)) {
                    return null;
                }
                if (Files.size(sidecar) > MAX_SIDECAR_BYTES) {
                    throw new IOException(file + " is larger than " + MAX_SIDECAR_BYTES + " bytes");
                }
                return Files.newInputStream(sidecar);
            });
        }
    }

    /**
     * Where the files beside a model's weights ({@link NotDigitHead#FILE}, {@link
     * NotDigitGate#FILE}) come from: null when there is none of that name.
     */
    @FunctionalInterface
    interface Sidecars {
        InputStream open(String file) throws IOException;
    }

    /** Largest head or gate file read: 16 MiB (the teacher's head is about 9 KB, a gate about 80 KB). */
    static final int MAX_SIDECAR_BYTES = 16 << 20;

    /** Loads the released teacher that ships inside the DigitNet jar. */
    public static DigitNetModel loadBundled() {
        return loadBundled(ModelFamily.TEACHER);
    }

    /**
     * Loads a model that ships inside the DigitNet jar by name: {@code teacher}, or one of the
     * distilled students ({@link #bundledNames()}).
     */
    public static DigitNetModel loadBundled(String name) {
        if (!hasBundled(name)) {
            throw new IllegalArgumentException("no bundled model named '" + name + "'; bundled: " + String.join(", ", bundledNames()));
        }
        try (InputStream c = resource(name, CONFIG_FILE); InputStream w = resource(name, WEIGHTS_FILE)) {
            return read(c, w, -1, "the bundled model '" + name + "'",
                    file -> DigitNetModel.class.getResourceAsStream(BUNDLED_RESOURCE + name + "/" + file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model '" + name + "'", e);
        }
    }

    /** Whether this build carries the released teacher. */
    public static boolean hasBundled() {
        return hasBundled(ModelFamily.TEACHER);
    }

    /** Whether this build carries a model of that name. */
    public static boolean hasBundled(String name) {
        return ModelFamily.isName(name) && DigitNetModel.class.getResource(BUNDLED_RESOURCE + name + "/" + WEIGHTS_FILE) != null;
    }

    /** The names of the models inside this build, the teacher first, then students smallest first. */
    public static List<String> bundledNames() {
        return ModelFamily.names().stream().filter(DigitNetModel::hasBundled).toList();
    }

    private static InputStream resource(String name, String file) throws IOException {
        InputStream in = DigitNetModel.class.getResourceAsStream(BUNDLED_RESOURCE + name + "/" + file);
        if (in == null) {
            throw new NoSuchFileException(BUNDLED_RESOURCE + name + "/" + file, null, "this build has no bundled model '" + name + "'");
        }
        return in;
    }

    /** Largest {@code config.json} read: 1 MiB (the bundled one is under 4 KB). */
    static final int MAX_CONFIG_BYTES = 1 << 20;

    static DigitNetModel read(InputStream configJson, InputStream safetensors, long weightsSize, String origin,
            Sidecars sidecars) throws IOException {
        byte[] configBytes = configJson.readNBytes(MAX_CONFIG_BYTES + 1);
        if (configBytes.length > MAX_CONFIG_BYTES) {
            throw new IOException(origin + ": " + CONFIG_FILE + " is larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        JsonObject metadata = ModelMetadata.parse(new String(configBytes, StandardCharsets.UTF_8), origin);
        Architecture config;
        try {
            config = ModelMetadata.architecture(metadata);
            Calibration.fromCard(metadata); // refused here, with the folder's name, not at the first answer
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
        DigitNetModel model = create(config, 0);
        model.metadata.entrySet().clear();
        metadata.entrySet().forEach(e -> model.metadata.add(e.getKey(), e.getValue()));
        MessageDigest sha256 = Sha256.digest();
        DigestInputStream hashed = new DigestInputStream(safetensors, sha256);
        try (NDManager scratch = NDManager.newBaseManager()) {
            Map<String, NDArray> weights;
            try {
                weights = ModelWeights.read(scratch, hashed, weightsSize);
                hashed.transferTo(OutputStream.nullOutputStream()); // the checksum covers the whole file
            } catch (IOException | RuntimeException e) {
                model.close();
                throw new IOException(origin + ": " + WEIGHTS_FILE + " is not usable: " + e.getMessage(), e);
            }
            try {
                ModelWeights.load(model.block, weights);
            } catch (IllegalArgumentException e) {
                model.close();
                throw new IOException(origin + ": " + e.getMessage(), e);
            }
        }
        model.weightsSha256 = Sha256.hex(sha256);
        try {
            model.readHead(sidecars, origin);
            model.readGate(sidecars, origin);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** Reads the head {@code config.json} describes; a model whose card has none has none. */
    private void readHead(Sidecars source, String origin) throws IOException {
        byte[] bytes = sidecar(source, NotDigitHead.KEY, NotDigitHead.FILE, "not-a-digit head", origin);
        if (bytes == null) {
            return;
        }
        JsonObject section = metadata.getAsJsonObject(NotDigitHead.KEY);
        try {
            notDigitHead = NotDigitHead.fromSafetensors(bytes, section, architecture.features());
        } catch (IOException e) {
            throw new IOException(origin + ": " + e.getMessage(), e);
        }
        notDigitHeadBytes = bytes;
    }

    /** Reads the gate {@code config.json} describes; a model has a head or a gate, never both. */
    private void readGate(Sidecars source, String origin) throws IOException {
        byte[] bytes = sidecar(source, NotDigitGate.KEY, NotDigitGate.FILE, "not-a-digit gate", origin);
        if (bytes == null) {
            return;
        }
        if (notDigitHead != null) {
            throw new IOException(origin + ": config.json describes both a not-a-digit head and a gate; a model has one");
        }
        try {
            notDigitGate = NotDigitGate.fromSafetensors(bytes, metadata.getAsJsonObject(NotDigitGate.KEY), architecture.inputSize());
        } catch (IOException e) {
            throw new IOException(origin + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of the file beside the weights that {@code config.json}'s section {@code key} describes, or null without one. */
    private byte[] sidecar(Sidecars source, String key, String file, String what, String origin) throws IOException {
        JsonElement section = metadata.get(key);
        if (section == null || section.isJsonNull()) {
            return null;
        }
        if (!section.isJsonObject()) {
            throw new IOException(origin + ": config.json's \"" + key + "\" is not an object");
        }
        byte[] bytes;
        try (InputStream in = source.open(file)) {
            if (in == null) {
                throw new NoSuchFileException(origin, null, "config.json describes a " + what + " but " + file + " is missing");
            }
            bytes = in.readNBytes(MAX_SIDECAR_BYTES + 1);
        }
        if (bytes.length > MAX_SIDECAR_BYTES) {
            throw new IOException(origin + ": " + file + " is larger than " + MAX_SIDECAR_BYTES + " bytes");
        }
        return bytes;
    }

    /** The not-a-digit gate, if the model has one. */
    public java.util.Optional<NotDigitGate> notDigitGate() {
        return java.util.Optional.ofNullable(notDigitGate);
    }

    /**
     * Gives the model a not-a-digit gate (or takes it away, with null), in place of any head: the
     * {@value NotDigitGate#KEY} section of the metadata describes it ({@code extra} added there),
     * and {@link #save} writes its file. The network's weights are untouched. The gate's weights
     * are copied, so the caller keeps (and closes) its own.
     */
    public void setNotDigitGate(NotDigitGate gate, JsonObject extra) throws IOException {
        if (notDigitGate != null) {
            notDigitGate.close();
            notDigitGate = null;
        }
        metadata.remove(NotDigitGate.KEY);
        if (gate == null) {
            return;
        }
        if (gate.network().config().inputSize() != architecture.inputSize()) {
            throw new IllegalArgumentException("the gate reads " + gate.network().config().inputSize()
                    + "-pixel inputs, this model " + architecture.inputSize());
        }
        setNotDigitHead(null, null);
        JsonObject section = gate.describe(extra);
        notDigitGate = NotDigitGate.fromSafetensors(gate.safetensors(), section, architecture.inputSize());
        metadata.add(NotDigitGate.KEY, section);
    }

    /** The not-a-digit head, if the model has one. */
    public java.util.Optional<NotDigitHead> notDigitHead() {
        return java.util.Optional.ofNullable(notDigitHead);
    }

    /**
     * Gives the model a not-a-digit head (or takes it away, with null): the {@value
     * NotDigitHead#KEY} section of the metadata describes it ({@code extra} added there: how it was
     * trained), and {@link #save} writes its file. The network's weights are untouched.
     */
    public void setNotDigitHead(NotDigitHead head, JsonObject extra) throws IOException {
        if (head == null) {
            notDigitHead = null;
            notDigitHeadBytes = null;
            metadata.remove(NotDigitHead.KEY);
            return;
        }
        if (head.inputs() != architecture.features()) {
            throw new IllegalArgumentException("the head takes " + head.inputs() + " features but this architecture gives "
                    + architecture.features());
        }
        setNotDigitGate(null, null);
        byte[] bytes = head.toSafetensors();
        metadata.add(NotDigitHead.KEY, head.describe(bytes, extra));
        notDigitHead = head;
        notDigitHeadBytes = bytes;
    }

    /** Writes {@code model.safetensors} and {@code config.json} into the folder, each atomically ({@link AtomicFiles}). */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        AtomicFiles.write(folder.resolve(WEIGHTS_FILE), out -> ModelWeights.write(block, out));
        saveMetadata(folder);
    }

    /**
     * Rewrites {@code config.json} (after adding figures to {@link #metadata()}), and the head's
     * file beside it when the model has a head (written first, so a config.json naming a head is
     * never there without the file it names).
     */
    public void saveMetadata(Path folder) throws IOException {
        if (notDigitHeadBytes != null) {
            AtomicFiles.write(folder.resolve(NotDigitHead.FILE), notDigitHeadBytes);
        } else {
            Files.deleteIfExists(folder.resolve(NotDigitHead.FILE));
        }
        if (notDigitGate != null) {
            AtomicFiles.write(folder.resolve(NotDigitGate.FILE), notDigitGate.safetensors());
        } else {
            Files.deleteIfExists(folder.resolve(NotDigitGate.FILE));
        }
        AtomicFiles.write(folder.resolve(CONFIG_FILE), ModelMetadata.toJson(metadata).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SHA-256 of the {@code model.safetensors} this model was loaded from (what a distilled
     * student's provenance names its teacher by), or {@code null} for a network not loaded from one.
     */
    public String weightsSha256() {
        return weightsSha256;
    }

    /**
     * Logits of a batch already on the engine, in inference mode: no dropout and no autograd graph,
     * whatever the calling thread's grad mode (a distillation teacher runs inside the student's
     * gradient collector). The result lives in the batch's manager.
     */
    public NDArray inferenceLogits(NDArray batch) {
        ParameterStore store = new ParameterStore(manager, false);
        return BlockProbabilityModel.withoutGrad(() -> block.forward(store, new NDList(batch), false).singletonOrThrow());
    }

    /** A new single-threaded predictor over this model's weights. */
    public ProbabilityModel newProbabilityModel() {
        return new BlockProbabilityModel(block, architecture, manager, notDigitHead,
                notDigitGate == null ? null : notDigitGate.network().newProbabilityModel());
    }

    public Block block() {
        return block;
    }

    public Architecture config() {
        return architecture;
    }

    public NDManager manager() {
        return manager;
    }

    public long parameterCount() {
        return ModelWeights.count(block);
    }

    /** Architecture, parameter count, provenance and figures, as saved in {@code config.json}. */
    public JsonObject metadata() {
        return metadata;
    }

    /** What the HTTP API and {@code info} show: the metadata, which already holds the card's figures. */
    public JsonObject card() {
        return metadata.deepCopy();
    }

    static Shape inputShape(Architecture config, long batch) {
        return new Shape(batch, 1, config.inputSize(), config.inputSize());
    }

    @Override
    public void close() {
        if (notDigitGate != null) {
            notDigitGate.close();
        }
        manager.close();
    }
}
