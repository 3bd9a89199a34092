package dev.digitnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.InputTrace;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.Prediction;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.Workload;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code digitnet predict FILE...}: classify images of digits after MNIST-style preprocessing. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify PNG/JPEG images of single digits (any size, dark-on-light or light-on-dark).")
final class PredictCommand implements Callable<Integer> {

    @Mixin ModelOptions modelOptions;
    @Mixin EngineOptions engineOptions = new EngineOptions(Workload.SINGLE_IMAGES);

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "PNG or JPEG images")
    List<Path> files;

    @Option(names = "--top", description = "how many answers to show (default: ${DEFAULT-VALUE})")
    int top = 3;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--debug-input", paramLabel = "DIR", description = "write what the model saw for each FILE into DIR: "
            + "FILE.cleaned.png (the ink it cut the digit from), FILE.28x28.png and FILE.input.json (the exact 28×28)")
    Path debugInput;

    @Override
    public Integer call() throws Exception {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
        }
        JsonArray results = new JsonArray();
        ModelReference reference = modelOptions.reference();
        // One image at a time, on one thread: at batch 1 a second thread costs more than it saves.
        try (DigitClassifier classifier = DigitClassifier.of(reference.open(engineOptions.runtime(reference, 1)), 1)) {
            for (Path file : files) {
                InputTrace trace = debugInput == null ? null : new InputTrace();
                DigitClassifier.Classification c = classifier.classify(DigitInput.read(file, trace));
                if (trace != null) {
                    trace.write(debugInput, file.getFileName().toString());
                }
                if (json) {
                    results.add(toJson(file, c));
                } else if (c.empty()) {
                    System.out.printf(Locale.ROOT, "%s: no digit found (blank image)%n", file);
                } else {
                    StringBuilder line = new StringBuilder(file + ":");
                    if (!c.isDigit()) {
                        // Marked, not hidden: the reading is still shown, after the verdict.
                        line.append("  not a digit (").append(c.check().reason().id())
                                .append(String.format(Locale.ROOT, ", score %.2f), else:", c.check().score()));
                    }
                    for (Prediction p : c.top(top)) {
                        line.append(String.format(Locale.ROOT, "  %d (%.1f%%)", p.digit(), 100 * p.probability()));
                    }
                    System.out.println(line);
                }
            }
        }
        if (json) {
            JsonObject out = new JsonObject();
            out.addProperty("model", reference.describe());
            out.add("results", results);
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(out));
        }
        return 0;
    }

    private JsonObject toJson(Path file, DigitClassifier.Classification c) {
        JsonObject result = new JsonObject();
        result.addProperty("file", file.toString());
        result.addProperty("empty", c.empty());
        JsonArray predictions = new JsonArray();
        if (!c.empty()) {
            for (Prediction p : c.top(top)) {
                JsonObject entry = new JsonObject();
                entry.addProperty("digit", p.digit());
                entry.addProperty("probability", p.probability());
                predictions.add(entry);
            }
        }
        result.add("predictions", predictions);
        result.addProperty("is_digit", c.isDigit());
        result.add("digit_check", c.check().toJson());
        return result;
    }
}
