package dev.digitnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.ood.FashionMnist;
import dev.digitnet.eval.CalibrationFit;
import dev.digitnet.eval.NotDigitHeadFit;
import dev.digitnet.eval.OodReport;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.NotDigitHead;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.runtime.ModelReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet fit-head}: trains a model's not-a-digit head on its features ({@link
 * NotDigitHeadFit}), fits its thresholds on the calibration split, and stores the head ({@value
 * NotDigitHead#FILE}) and the calibration beside the model's weights, which stay as they are.
 */
@Command(name = "fit-head", mixinStandardHelpOptions = true,
        description = "Train the not-a-digit head on the model's features (pen doodles of the trained kinds, "
                + "Fashion-MNIST, scribbles, noise and near-blank pages against MNIST training digits), choose its size and "
                + "thresholds on validation, and store it (not_digit.safetensors) and the calibration in the model folder.")
final class FitHeadCommand implements Callable<Integer> {

    @Mixin ModelOptions modelOptions;
    @Mixin DataOptions data;

    @Option(names = "--hidden", split = ",", paramLabel = "H[,H...]",
            description = "hidden units of the candidate heads, 0 for a linear head (default: ${DEFAULT-VALUE})")
    List<Integer> hidden = List.of(0, 32);

    @Option(names = "--energy-refusal", split = ",", paramLabel = "SHARE[,SHARE...]",
            description = "candidate shares of clean calibration digits the energy threshold refuses; the head refuses "
                    + "the rest of --refusal (default: ${DEFAULT-VALUE})")
    List<Double> energyRefusal = List.of(0.0, 0.002, 0.004);

    @Option(names = "--refusal", paramLabel = "SHARE",
            description = "share of clean calibration digits the whole check may refuse (default: ${DEFAULT-VALUE})")
    double refusal = CalibrationFit.DEFAULT_REFUSAL;

    @Option(names = "--digits", paramLabel = "N", description = "MNIST training digits (and as many augmented) "
            + "to train on (default: ${DEFAULT-VALUE})")
    int digits = NotDigitHeadFit.Sizes.DEFAULT.digits();

    @Option(names = "--doodles", paramLabel = "N", description = "pen doodles of the trained kinds to train against "
            + "(default: ${DEFAULT-VALUE})")
    int doodles = NotDigitHeadFit.Sizes.DEFAULT.doodles();

    @Option(names = "--no-fashion", description = "train and validate without Fashion-MNIST")
    boolean noFashion;

    @Option(names = "--dry-run", description = "print the fit without writing anything (the only choice for a bundled model)")
    boolean dryRun;

    @Option(names = "--json", description = "print the validation table as JSON")
    boolean json;

    @Option(names = "--models", split = ",", paramLabel = "DIR[,DIR...]",
            description = "fit several model folders on the same pictures (made once), instead of --model")
    List<Path> models = List.of();

    @Override
    public Integer call() throws Exception {
        List<ModelReference> references = models.isEmpty() ? List.of(modelOptions.reference())
                : models.stream().map(ModelReference::of).toList();
        for (ModelReference reference : references) {
            if (reference.kind() == ModelReference.Kind.BUNDLED && !dryRun) {
                throw new IllegalArgumentException(reference.describe() + " is inside the jar: pass --model DIR to write "
                        + "its head, or --dry-run to see the fit");
            }
            if (reference.kind() == ModelReference.Kind.ONNX_FILE) {
                throw new IllegalArgumentException(reference.describe() + ": a head is fitted on a model folder's features, "
                        + "not on an .onnx file (export after fitting)");
            }
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h < 0 || h > 1024)) {
            throw new IllegalArgumentException("--hidden takes widths from 0 to 1024, got " + hidden);
        }
        NotDigitHeadFit.Sizes d = NotDigitHeadFit.Sizes.DEFAULT;
        NotDigitHeadFit.Sizes sizes = new NotDigitHeadFit.Sizes(digits, d.penDigits(), doodles, noFashion ? 0 : d.fashion(),
                d.generated(), d.validationPenDigits(), noFashion ? 0 : d.validationFashion());
        MnistData mnist = data.load();
        FashionMnist fashion = noFashion ? null : FashionMnist.trainSplit(FashionMnist.defaultDirectory(), System.err::println);
        NotDigitHeadFit.Pictures pictures = NotDigitHeadFit.pictures(mnist, fashion, sizes, System.err::println);
        for (ModelReference reference : references) {
            fit(reference, pictures);
        }
        return 0;
    }

    private void fit(ModelReference reference, NotDigitHeadFit.Pictures pictures) throws Exception {
        Path folder = reference.folder().orElse(null);
        try (DigitNetModel model = reference.load()) {
            NotDigitHeadFit.Outcome outcome;
            try (ProbabilityModel predictor = model.newProbabilityModel()) {
                outcome = NotDigitHeadFit.fit(predictor, Calibration.of(model.metadata()), pictures, hidden, energyRefusal,
                        refusal, System.err::println);
            }
            Calibration c = outcome.result().calibration();
            if (!dryRun) {
                JsonObject extra = outcome.provenance().deepCopy();
                extra.add("validation", NotDigitHeadFit.toJson(outcome));
                model.setNotDigitHead(outcome.head(), extra);
                model.metadata().add(Calibration.KEY, outcome.result().toJson());
                model.saveMetadata(folder);
            }
            if (json) {
                JsonObject out = NotDigitHeadFit.toJson(outcome);
                out.addProperty("model", reference.describe());
                out.add("calibration", outcome.result().toJson());
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(out));
            } else {
                System.out.printf(Locale.ROOT, "Model: %s%nValidation (seed %d; thresholds fitted on %s):%n%s", reference.describe(),
                        NotDigitHeadFit.VALIDATION_SEED, c.fittedOn(), NotDigitHeadFit.table(outcome));
                System.out.printf(Locale.ROOT, "Chosen: %d hidden units (%,d parameters); digit check: %s; refuses %.2f%% of the "
                        + "clean and %.2f%% of the augmented calibration split%n", outcome.head().hidden(),
                        outcome.head().parameters(), OodReport.rule(c), 100 * outcome.result().refusedClean(),
                        100 * outcome.result().refusedAugmented());
                System.out.println(dryRun ? "(dry run: nothing written)" : "written to " + folder.resolve(NotDigitHead.FILE) + " and "
                        + folder.resolve(DigitNetModel.CONFIG_FILE));
            }
        }
    }
}
