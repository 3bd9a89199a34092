package dev.digitnet.cli;

import dev.digitnet.runtime.ModelReference;
import picocli.CommandLine.Option;

/** {@code --model}: which model, read by {@link ModelReference#parse}; the bundled teacher when omitted. */
final class ModelOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR",
            description = "a bundled model by name (teacher, or a student: xs, sm, md) or a model folder "
                    + "(model.safetensors + config.json); predict, evaluate, serve and bench also take a .onnx file "
                    + "(digitnet export); default: the bundled teacher")
    String model;

    ModelReference reference() {
        return ModelReference.parse(model);
    }
}
