package dev.digitnet.cli;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.onnx.InferenceEngine;
import dev.digitnet.onnx.InferenceModel;
import dev.digitnet.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --model}: a model bundled in the jar by name ({@code teacher}, or a distilled student such
 * as {@code sm}), a model folder, or (for inference) a {@code .onnx} file from {@code digitnet
 * export}; the bundled teacher when omitted.
 */
final class ModelOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR",
            description = "a bundled model by name (teacher, or a student: xs, sm, md, lg) or a model folder "
                    + "(model.safetensors + config.json); predict, evaluate, serve and bench also take a .onnx file "
                    + "(digitnet export); default: the bundled teacher")
    String model;

    DigitNetModel load() throws IOException {
        if (onnxFile() != null) {
            throw new IllegalArgumentException(model + " is an ONNX file; this command needs a model folder or a bundled name");
        }
        if (folder() != null) {
            return DigitNetModel.load(folder());
        }
        String name = model == null ? ModelFamily.TEACHER : model;
        if (!DigitNetModel.hasBundled(name)) {
            throw new IllegalArgumentException(model == null
                    ? "this build has no bundled model: pass --model DIR (see ./digitnet train)"
                    : "no bundled model named '" + name + "' (bundled: " + String.join(", ", DigitNetModel.bundledNames()) + ")");
        }
        return DigitNetModel.loadBundled(name);
    }

    /**
     * The model ready for inference on the engine asked for, or on the command's default one. An
     * ONNX file runs only on ONNX Runtime (and never starts libtorch).
     *
     * @param onnxThreads ONNX Runtime's intra-op threads per forward pass
     */
    InferenceModel open(EngineOptions engines, InferenceEngine commandDefault, int onnxThreads) throws IOException {
        Path onnx = onnxFile();
        if (onnx != null) {
            if (engines.engine == InferenceEngine.PYTORCH) {
                throw new IllegalArgumentException(model + " is an ONNX file, which runs on --engine onnxruntime; "
                        + "for pytorch pass the model folder or a bundled name");
            }
            return OnnxModel.load(onnx, onnxThreads);
        }
        return InferenceModel.open(load(), engines.orDefault(commandDefault), onnxThreads);
    }

    /** The ONNX file named by {@code --model} (a {@code .onnx} name, or any plain file), else {@code null}. */
    Path onnxFile() {
        if (model == null) {
            return null;
        }
        Path path = Path.of(model);
        return model.toLowerCase(Locale.ROOT).endsWith(".onnx") || Files.isRegularFile(path) ? path : null;
    }

    /**
     * The model folder, or {@code null} for a bundled model or an ONNX file. A family name means the
     * bundled model unless a folder of that name exists here.
     */
    Path folder() {
        if (model == null || onnxFile() != null || (ModelFamily.isName(model) && !Files.isDirectory(Path.of(model)))) {
            return null;
        }
        return Path.of(model);
    }

    String describe() {
        if (model != null && (folder() != null || onnxFile() != null)) {
            return model;
        }
        return model == null ? "bundled model" : "bundled model '" + model + "'";
    }
}
