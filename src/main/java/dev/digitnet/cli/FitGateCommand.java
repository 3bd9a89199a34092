package dev.digitnet.cli;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.Images;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.ood.FashionMnist;
import dev.digitnet.eval.CalibrationFit;
import dev.digitnet.eval.NotDigitGateFit;
import dev.digitnet.eval.NotDigitHeadFit;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.NotDigitGate;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet fit-gate}: trains the not-a-digit gate ({@link NotDigitGateFit}) with the
 * project's trainer on the head's pictures, saves it as a model folder (two classes: digit, not a
 * digit) and prints how it does on validation.
 */
@Command(name = "fit-gate", mixinStandardHelpOptions = true,
        description = "Train a not-a-digit gate: a small network of its own on the input pixels (digits against pen "
                + "doodles of the trained kinds, letters, Fashion-MNIST, scribbles, noise and near-blank pages), saved as "
                + "a two-class model folder, with its validation figures.")
final class FitGateCommand implements Callable<Integer> {

    @Mixin DataOptions data;
    @Mixin RecipeOptions recipeOptions;

    @Option(names = "--refusal", paramLabel = "SHARE",
            description = "share of clean calibration digits the validation table's threshold refuses (default: ${DEFAULT-VALUE})")
    double refusal = CalibrationFit.DEFAULT_REFUSAL;

    @Mixin RunOptions runOptions = new RunOptions(Path.of("runs", "gate"));

    @Option(names = "--gate", paramLabel = "DIR",
            description = "a gate already trained (a fit-gate output folder): attach it instead of training one")
    Path gateFolder;

    @Option(names = "--attach", split = ",", paramLabel = "DIR[,DIR...]",
            description = "model folders to give the gate (in place of any not-a-digit head), each then re-calibrated "
                    + "on the calibration split with --refusal as its budget")
    List<Path> attach = List.of();

    @Override
    public Integer call() throws Exception {
        if (!(refusal > 0 && refusal < 0.5)) {
            throw new IllegalArgumentException("--refusal is a share between 0 and 0.5, got " + refusal);
        }
        if (gateFolder != null) {
            if (attach.isEmpty()) {
                throw new IllegalArgumentException("--gate attaches a trained gate: name the model folders with --attach");
            }
            attach(gateFolder, data.load());
            return 0;
        }
        TrainingRecipe recipe = recipeOptions.recipe();
        runOptions.checkResumable(runOptions.folder());
        MnistData mnist = data.load();
        FashionMnist fashion = FashionMnist.trainSplit(FashionMnist.defaultDirectory(), System.err::println);
        NotDigitHeadFit.Pictures pictures = NotDigitHeadFit.pictures(mnist, fashion, NotDigitHeadFit.Sizes.DEFAULT,
                System.err::println);
        var checksums = new LinkedHashMap<String, String>();
        mnist.sha256().forEach((file, sha) -> checksums.put(file.fileName(), sha));
        TrainingRun.DigitNetModelSaved saved = new TrainingRun(runOptions.folder(), recipe,
                NotDigitGateFit.architecture(Images.MODEL_SIZE),
                DigitNetTrainer.builder().build(), System.out)
                .run(NotDigitGateFit.split(pictures), checksums, runOptions.resume, runOptions.force);
        try (DigitNetModel gate = DigitNetModel.load(saved.folder()); ProbabilityModel p = gate.newProbabilityModel()) {
            System.out.printf(Locale.ROOT, "Gate on validation (seed %d), threshold refusing %.2f%% of the clean calibration split:%n%s",
                    NotDigitHeadFit.VALIDATION_SEED, 100 * refusal, NotDigitGateFit.table(NotDigitGateFit.validate(p, pictures, refusal)));
        }
        if (!attach.isEmpty()) {
            attach(saved.folder(), mnist);
        }
        return 0;
    }

    /** Gives each --attach folder the gate in {@code gateModel} and fits its calibration again with it. */
    private void attach(Path gateModel, MnistData mnist) throws Exception {
        DigitImages train = DigitImages.of(mnist.train());
        try (DigitNetModel network = DigitNetModel.load(gateModel); NotDigitGate gate = NotDigitGate.of(network)) {
            JsonObject extra = new JsonObject();
            extra.addProperty("trained_with", "digitnet fit-gate (" + gateModel.getFileName() + ")");
            if (network.metadata().has("provenance")) {
                extra.add("provenance", network.metadata().get("provenance"));
            }
            for (Path folder : attach) {
                try (DigitNetModel model = DigitNetModel.load(folder)) {
                    model.setNotDigitGate(gate, extra);
                    CalibrationFit.Result result;
                    try (ProbabilityModel predictor = model.newProbabilityModel()) {
                        result = CalibrationFit.fit(predictor, train, refusal, Math.min(CalibrationFit.DEFAULT_ENERGY_REFUSAL, refusal));
                    }
                    model.metadata().add(Calibration.KEY, result.toJson());
                    model.saveMetadata(folder);
                    System.out.printf(Locale.ROOT, "%s: gate attached (%,d parameters); digit check: %s; refuses %.2f%% of the clean "
                            + "and %.2f%% of the augmented calibration split%n", folder, gate.parameters(),
                            dev.digitnet.eval.OodReport.rule(result.calibration()), 100 * result.refusedClean(),
                            100 * result.refusedAugmented());
                }
            }
        }
    }
}
