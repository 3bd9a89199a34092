package dev.digitnet.cli;

import dev.digitnet.model.DigitNetModel;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model}: a model folder, or the released model bundled in the jar when omitted. */
final class ModelOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "DIR",
            description = "model folder (model.safetensors + config.json); default: the bundled model")
    Path model;

    DigitNetModel load() throws IOException {
        if (model != null) {
            return DigitNetModel.load(model);
        }
        if (!DigitNetModel.hasBundled()) {
            throw new IllegalArgumentException("this build has no bundled model: pass --model DIR (see ./digitnet train)");
        }
        return DigitNetModel.loadBundled();
    }

    String describe() {
        return model != null ? model.toString() : "bundled model";
    }
}
