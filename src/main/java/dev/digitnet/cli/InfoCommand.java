package dev.digitnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.model.ModelMetadata;
import dev.digitnet.model.ModelSummary;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code digitnet info}: layers, parameter count and FLOPs of a member of the DigitNet family (the teacher by default). */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print the model summary: layers, parameters, FLOPs.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = {"--student", "--model"}, paramLabel = "NAME|conv:WIDTHS[:DEPTHS]|WIDTHS[:DEPTHS]",
            description = "a member of the family: " + ModelFamily.SPEC_HELP + " (default: ${DEFAULT-VALUE})")
    String member = ModelFamily.TEACHER;

    @Override
    public Integer call() {
        Architecture config = ModelFamily.config(member);
        ModelSummary summary = config.summary();
        long instantiated;
        try (DigitNetModel model = DigitNetModel.create(config, 0)) {
            instantiated = model.parameterCount();
        }
        if (instantiated != summary.parameters()) {
            throw new IllegalStateException("summary counts " + summary.parameters() + " parameters, the network has " + instantiated);
        }
        if (json) {
            JsonObject out = new GsonBuilder().create().toJsonTree(summary).getAsJsonObject();
            out.add("architecture", ModelMetadata.toJsonTree(config));
            out.addProperty("input", "1×" + config.inputSize() + "×" + config.inputSize());
            out.addProperty("model", member);
            System.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(out));
        } else {
            System.out.println("DigitNet " + member + " (" + config.kind() + ", input 1×" + config.inputSize() + "×" + config.inputSize() + ")");
            System.out.print(summary.toText());
            System.out.printf(Locale.ROOT, "%nParameters: %,d   Forward FLOPs per image: %,d (%.1f MFLOPs)%n",
                    summary.parameters(), summary.flops(), summary.flops() / 1e6);
        }
        return 0;
    }
}
