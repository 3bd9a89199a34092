package dev.digitnet.cli;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model}: a model bundled in the jar by name ({@code teacher}, or a distilled student such
 * as {@code sm}), or a model folder; the bundled teacher when omitted.
 */
final class ModelOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR",
            description = "a bundled model by name (teacher, or a student: xs, sm, md, lg) or a model folder "
                    + "(model.safetensors + config.json); default: the bundled teacher")
    String model;

    DigitNetModel load() throws IOException {
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
     * The model folder, or {@code null} for a bundled model. A family name means the bundled model
     * unless a folder of that name exists here.
     */
    Path folder() {
        if (model == null || (ModelFamily.isName(model) && !Files.isDirectory(Path.of(model)))) {
            return null;
        }
        return Path.of(model);
    }

    String describe() {
        if (folder() != null) {
            return model;
        }
        return model == null ? "bundled model" : "bundled model '" + model + "'";
    }
}
