package dev.digitnet.cli;

import com.google.gson.GsonBuilder;
import dev.digitnet.data.MnistData;
import dev.digitnet.eval.CalibrationFit;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.runtime.ModelReference;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet calibrate}: fits a model's temperature and digit check on the calibration split
 * ({@link CalibrationFit}) and stores them in its {@code config.json}, where every engine, {@code
 * evaluate}, {@code predict} and {@code serve} read them.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit the temperature (calibrated probabilities) and the not-a-digit threshold on MNIST training "
                + "images 50,000-59,999 (clean and augmented), and store them in the model folder's config.json.")
final class CalibrateCommand implements Callable<Integer> {

    @Mixin ModelOptions modelOptions;
    @Mixin DataOptions data;

    @Option(names = "--refusal", paramLabel = "SHARE",
            description = "share of clean calibration digits the digit check may refuse (default: the budget its "
                    + "not-a-digit gate was attached with, else " + CalibrationFit.DEFAULT_REFUSAL + "; the promise is at most "
                    + "1 %% of the test digits); with a gate, recorded as its budget")
    Double refusal;

    @Option(names = "--energy-refusal", paramLabel = "SHARE",
            description = "for a model with a not-a-digit head: the share of clean calibration digits the energy threshold "
                    + "refuses; the head's threshold refuses the rest of --refusal (default: the share its last fit "
                    + "chose, else " + CalibrationFit.DEFAULT_ENERGY_REFUSAL + ")")
    Double energyRefusal;

    @Option(names = "--dry-run", description = "print the fit without writing config.json (the only choice for a bundled model)")
    boolean dryRun;

    @Option(names = "--json", description = "print the fit as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelReference reference = modelOptions.reference();
        Path folder = reference.folder().orElse(null);
        if (reference.kind() == ModelReference.Kind.BUNDLED && !dryRun) {
            throw new IllegalArgumentException(reference.describe() + " is inside the jar: pass --model DIR to write "
                    + "its calibration, or --dry-run to see it");
        }
        MnistData mnist = data.load();
        try (DigitNetModel model = reference.load()) {
            Calibration old = Calibration.of(model.metadata());
            CalibrationFit.Result result;
            // A gate's budget was chosen on validation when it was attached: refitting keeps it.
            double refusal = this.refusal != null ? this.refusal : CalibrationFit.gateRefusalOf(model.metadata())
                    .orElse(CalibrationFit.DEFAULT_REFUSAL);
            try (ProbabilityModel predictor = model.newProbabilityModel()) {
                double share = energyRefusal != null ? energyRefusal
                        : CalibrationFit.energyRefusalOf(model.metadata()).orElse(CalibrationFit.DEFAULT_ENERGY_REFUSAL);
                // A smaller budget than the energy's share: the energy spends all of it.
                result = CalibrationFit.fit(predictor, mnist.train(), refusal, Math.min(share, refusal));
            }
            if (!dryRun) {
                if (this.refusal != null) {
                    CalibrationFit.recordGateRefusal(model.metadata(), refusal);
                }
                model.metadata().add(Calibration.KEY, result.toJson());
                model.saveMetadata(folder);
            }
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result.toJson()));
            } else {
                Calibration c = result.calibration();
                System.out.printf(Locale.ROOT, "Model: %s%nCalibration split: %s (%,d images), top-1 %.2f%%%n", reference.describe(),
                        c.fittedOn(), result.before().count(), 100 * result.accuracy());
                System.out.printf(Locale.ROOT, "  temperature %.4f%s%n", c.temperature(),
                        old.calibrated() ? String.format(Locale.ROOT, " (was %.4f)", old.temperature()) : "");
                System.out.printf(Locale.ROOT, "  ECE %.3f%% -> %.3f%%   NLL %.4f -> %.4f   Brier %.5f -> %.5f%n",
                        100 * result.before().ece(), 100 * result.after().ece(), result.before().nll(), result.after().nll(),
                        result.before().brier(), result.after().brier());
                System.out.printf(Locale.ROOT, "  digit check: %s; refuses %.2f%% of the clean and "
                        + "%.2f%% of the augmented split%n", dev.digitnet.eval.OodReport.rule(c), 100 * result.refusedClean(),
                        100 * result.refusedAugmented());
                if (result.photos() > 0) {
                    System.out.printf(Locale.ROOT, "  photos of paper: refuses %.2f%% of %,d photos of the split's digits%n",
                            100 * result.refusedPhotos(), result.photos());
                }
                System.out.println(dryRun ? "  (dry run: nothing written)" : "  written to " + folder.resolve(DigitNetModel.CONFIG_FILE));
            }
        }
        return 0;
    }
}
