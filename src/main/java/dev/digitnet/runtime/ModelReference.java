package dev.digitnet.runtime;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model to use: one bundled in the jar by name ({@code teacher}, or a distilled student such
 * as {@code sm}), a model folder ({@code model.safetensors} + {@code config.json}), or a {@code
 * .onnx} file written by {@code digitnet export}. The one reading of a model reference, used by
 * the CLI's {@code --model}, the Java facade {@code DigitNet} and the server; {@link #load()} gives
 * the weights (to train, export or calibrate), {@link #open} the model ready on an engine.
 */
public final class ModelReference {

    /** What a reference names. */
    public enum Kind {
        BUNDLED,
        FOLDER,
        ONNX_FILE
    }

    private final Kind kind;
    /** The bundled name, or the reference as given for a folder or file. */
    private final String name;
    private final Path path;
    /** The model used when none is named: described as such in messages. */
    private final boolean implicit;

    private ModelReference(Kind kind, String name, Path path, boolean implicit) {
        this.kind = kind;
        this.name = name;
        this.path = path;
        this.implicit = implicit;
    }

    /** The bundled teacher: the model used when none is named. */
    public static ModelReference defaultModel() {
        return new ModelReference(Kind.BUNDLED, ModelFamily.TEACHER, null, true);
    }

    /** A model bundled in the jar, by name (checked when it is loaded). */
    public static ModelReference bundled(String name) {
        Objects.requireNonNull(name, "name");
        return new ModelReference(Kind.BUNDLED, name, null, false);
    }

    /** A model folder, or an ONNX file: a {@code .onnx} name, or any existing plain file. */
    public static ModelReference of(Path path) {
        Objects.requireNonNull(path, "path");
        return new ModelReference(isOnnxFile(path) ? Kind.ONNX_FILE : Kind.FOLDER, path.toString(), path, false);
    }

    /**
     * Reads a reference as the command line writes it: {@code null} is the bundled teacher; a
     * {@code .onnx} name or an existing plain file is an ONNX file; a family name ({@code teacher},
     * {@code xs}, ...) is the bundled model unless a folder of that name exists here; anything
     * else is a model folder.
     *
     * @throws IllegalArgumentException for a blank reference
     */
    public static ModelReference parse(String text) {
        if (text == null) {
            return defaultModel();
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("no model named: give a bundled name ("
                    + String.join(", ", DigitNetModel.bundledNames()) + "), a model folder or a .onnx file");
        }
        Path path = Path.of(text);
        if (isOnnxFile(path)) {
            return new ModelReference(Kind.ONNX_FILE, text, path, false);
        }
        if (ModelFamily.isName(text) && !Files.isDirectory(path)) {
            return bundled(text);
        }
        return new ModelReference(Kind.FOLDER, text, path, false);
    }

    private static boolean isOnnxFile(Path path) {
        Path file = path.getFileName();
        return file != null && file.toString().toLowerCase(Locale.ROOT).endsWith(".onnx") || Files.isRegularFile(path);
    }

    public Kind kind() {
        return kind;
    }

    /** The bundled name, or the folder or file as given. */
    public String name() {
        return name;
    }

    /** The model folder, if this names one. */
    public Optional<Path> folder() {
        return kind == Kind.FOLDER ? Optional.of(path) : Optional.empty();
    }

    /** The ONNX file, if this names one. */
    public Optional<Path> onnxFile() {
        return kind == Kind.ONNX_FILE ? Optional.of(path) : Optional.empty();
    }

    /** For messages: {@code bundled model}, {@code bundled model 'sm'}, or the folder or file as given. */
    public String describe() {
        if (kind != Kind.BUNDLED) {
            return name;
        }
        return implicit ? "bundled model" : "bundled model '" + name + "'";
    }

    /** How a training run's provenance names the model it started from: {@code bundled:NAME} or the folder's path. */
    public String provenanceName() {
        return kind == Kind.BUNDLED ? "bundled:" + name : path.toString();
    }

    /**
     * The engine to use when none is asked for: ONNX Runtime for an ONNX file (the only engine that
     * reads one, so a file never starts libtorch), else {@code preferred}.
     */
    public InferenceEngine defaultEngine(InferenceEngine preferred) {
        return kind == Kind.ONNX_FILE ? InferenceEngine.ONNXRUNTIME : Objects.requireNonNull(preferred, "preferred");
    }

    /**
     * The weights, for work that needs them in memory (training from them, export, calibration).
     *
     * @throws IllegalArgumentException for an ONNX file, an unknown bundled name, or a bare name
     *     that is neither bundled nor a folder here (the message lists the bundled models)
     * @throws IOException naming the folder when it is not a readable model folder
     */
    public DigitNetModel load() throws IOException {
        switch (kind) {
            case ONNX_FILE -> throw new IllegalArgumentException(name
                    + " is an ONNX file; this needs a model folder or a bundled name");
            case BUNDLED -> {
                if (!DigitNetModel.hasBundled(name)) {
                    throw new IllegalArgumentException(implicit
                            ? "this build has no bundled model: give a model folder (--model DIR; see ./digitnet train)"
                            : "no bundled model named '" + name + "' (bundled: " + bundledList() + ")");
                }
                return DigitNetModel.loadBundled(name);
            }
            default -> {
                if (!Files.exists(path) && path.getNameCount() == 1 && !path.isAbsolute()) {
                    // A bare word: a mistyped bundled name as likely as a missing folder.
                    throw new IllegalArgumentException("no bundled model named '" + name + "' and no model folder '"
                            + name + "' here (bundled: " + bundledList() + ")");
                }
                return DigitNetModel.load(path);
            }
        }
    }

    /**
     * The model ready on the engine and device of {@code options}. An ONNX file runs only on an
     * engine that reads ONNX files (ONNX Runtime); the engine and device are checked before
     * anything is loaded.
     *
     * @throws IllegalArgumentException for a combination this build cannot run, in one line
     * @throws IOException naming the folder or file when it is not a readable model
     */
    public InferenceModel open(RuntimeOptions options) throws IOException {
        EngineProvider engine = Engines.forOptions(options);
        if (kind == Kind.ONNX_FILE) {
            if (!engine.readsOnnxFiles()) {
                throw new IllegalArgumentException(name + " is an ONNX file, which runs on --engine onnxruntime "
                        + "(ONNX Runtime) only; for " + options.engine() + " pass the model folder or a bundled name");
            }
            return engine.openOnnx(path, options);
        }
        return engine.open(load(), options);
    }

    private static String bundledList() {
        return String.join(", ", DigitNetModel.bundledNames());
    }

    /** The same kind naming the same bundled model or the same path, however it was written. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelReference r && kind == r.kind && Objects.equals(key(), r.key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, key());
    }

    private Object key() {
        return path != null ? path : name;
    }

    @Override
    public String toString() {
        return describe();
    }
}
