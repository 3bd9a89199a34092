package dev.digitnet.cli;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.Images;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.ood.Doodles;
import dev.digitnet.data.ood.FashionMnist;
import dev.digitnet.eval.CalibrationFit;
import dev.digitnet.eval.NotDigitGateFit;
import dev.digitnet.eval.NotDigitHeadFit;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.EnsembleConfig;
import dev.digitnet.model.NotDigitGate;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.DistillationObjective;
import dev.digitnet.train.MixedDigits;
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
    @Mixin RecipeOptions recipeOptions = RecipeOptions.gate();

    @Option(names = "--refusal", split = ",", paramLabel = "SHARE[,SHARE...]",
            description = "candidate shares of clean calibration digits the gate's threshold refuses; the one with the least "
                    + "mean share of validation non-digits accepted plus pen-drawn validation digits refused (fit-head's "
                    + "objective) is the attached models' budget (default: ${DEFAULT-VALUE})")
    List<Double> refusals = List.of(0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, CalibrationFit.DEFAULT_REFUSAL);

    @Mixin RunOptions runOptions = new RunOptions(Path.of("runs", "gate"));

    @Option(names = "--digits", paramLabel = "N", description = "MNIST training digits (and as many augmented) to train "
            + "on, of the 50,000 before the calibration split (default: ${DEFAULT-VALUE}, as fit-head)")
    int digits = NotDigitHeadFit.Sizes.DEFAULT.digits();

    @Option(names = "--doodles", paramLabel = "N", description = "pen doodles of the trained kinds to train against "
            + "(default: ${DEFAULT-VALUE}, the shipped gate's; fit-head trains on fewer)")
    int doodles = NotDigitGateFit.DEFAULT_DOODLES;

    @Option(names = "--photo-digits", paramLabel = "N", description = "MNIST training digits photographed on paper to train "
            + "on, and validate on (default: ${DEFAULT-VALUE}: photos are checked against a threshold of their own)")
    int photoDigits = NotDigitGateFit.Counts.DEFAULT.photoDigits();

    @Option(names = "--photo-doodles", paramLabel = "N", description = "doodles of the trained kinds photographed on paper "
            + "to train against, and validate on (default: ${DEFAULT-VALUE})")
    int photoDoodles = NotDigitGateFit.Counts.DEFAULT.photoDoodles();

    @Option(names = "--widths", split = ",", paramLabel = "W[,W...]", description = "the gate's channels per stage, two "
            + "3x3 convolutions each (default: ${DEFAULT-VALUE}, the xs student's; it runs on every request)")
    List<Integer> widths = NotDigitGateFit.DEFAULT_WIDTHS;

    @Option(names = "--leave-out", split = ",", paramLabel = "KIND[,KIND...]",
            description = "trained doodle kinds to leave out of training and validate on as unseen kinds, to compare fit "
                    + "designs without the benchmark's held-out kinds (names as in Doodles.Kind: ${COMPLETION-CANDIDATES})")
    java.util.Set<Doodles.Kind> leaveOut = java.util.EnumSet.noneOf(Doodles.Kind.class);

    @Option(names = "--gate", split = ",", paramLabel = "DIR[,DIR...]",
            description = "a gate already trained (a fit-gate output folder): validate it, and attach it with --attach, "
                    + "instead of training one; several folders are validated as one gate averaging their logits")
    List<Path> gateFolders = List.of();

    @Option(names = "--teacher", split = ",", paramLabel = "DIR[,DIR...]",
            description = "a trained gate to learn from (fit-gate output folders; several are averaged as one): the new gate "
                    + "also matches its answers softened at --temperature, weighted by --alpha (distillation: one "
                    + "network in place of an average of several, at a fraction of the cost per picture)")
    List<Path> teacherFolders = List.of();

    @Option(names = "--temperature", description = "with --teacher: softmax temperature T of its soft targets "
            + "(default: ${DEFAULT-VALUE}, as distill)")
    double temperature = DistillCommand.DEFAULT_TEMPERATURE;

    @Option(names = "--alpha", description = "with --teacher: weight of its soft targets; 1 − alpha goes to the labels "
            + "(default: ${DEFAULT-VALUE}, as distill)")
    double alpha = DistillCommand.DEFAULT_ALPHA;

    @Option(names = "--transfer-mix", paramLabel = "SHARE",
            description = "with --teacher: append SHARE × batch blends of two of the batch's pictures, labelled by the "
                    + "teacher alone (0 = none; default: ${DEFAULT-VALUE})")
    double transferMix;

    @Option(names = "--attach", split = ",", paramLabel = "DIR[,DIR...]",
            description = "model folders to give the gate (in place of any not-a-digit head), each then re-calibrated "
                    + "on the calibration split with --refusal as its budget")
    List<Path> attach = List.of();

    @Override
    public Integer call() throws Exception {
        if (refusals.isEmpty() || refusals.stream().anyMatch(r -> !(r > 0 && r < 0.5))) {
            throw new IllegalArgumentException("--refusal takes shares between 0 and 0.5, got " + refusals);
        }
        if (!leaveOut.isEmpty() && !attach.isEmpty()) {
            throw new IllegalArgumentException("--leave-out makes a gate for comparing designs, not one to attach: drop --attach");
        }
        if (!teacherFolders.isEmpty() && !gateFolders.isEmpty()) {
            throw new IllegalArgumentException("--teacher trains a gate and --gate validates one already trained: choose one");
        }
        DistillationObjective.checkArguments(temperature, alpha);
        MixedDigits transfer = transferMix == 0 ? null : new MixedDigits(transferMix);
        if (teacherFolders.isEmpty() && transfer != null) {
            throw new IllegalArgumentException("--transfer-mix needs a --teacher to label the blends");
        }
        DistillationObjective.checkTransfer(alpha, transfer);
        TrainingRecipe recipe = recipeOptions.recipe();
        if (gateFolders.isEmpty()) {
            runOptions.checkResumable(runOptions.folder());
        }
        // The teacher is loaded before the pictures are made (a minute): a wrong folder fails at once.
        try (DigitNetModel teacher = teacherFolders.isEmpty() ? null : gate(teacherFolders)) {
            return fit(recipe, teacher, transfer);
        }
    }

    private int fit(TrainingRecipe recipe, DigitNetModel teacher, MixedDigits transfer) throws Exception {
        MnistData mnist = data.load();
        FashionMnist fashion = FashionMnist.trainSplit(FashionMnist.defaultDirectory(), System.err::println);
        NotDigitHeadFit.Sizes d = NotDigitHeadFit.Sizes.DEFAULT;
        NotDigitHeadFit.Sizes sizes = new NotDigitHeadFit.Sizes(digits, d.penDigits(), doodles, d.fashion(), d.generated(),
                d.validationPenDigits(), d.validationFashion());
        NotDigitHeadFit.Pictures pictures = NotDigitHeadFit.pictures(mnist, fashion, sizes, leaveOut, System.err::println);
        long started = System.nanoTime();
        NotDigitGateFit.Data gateData = NotDigitGateFit.data(pictures, counts());
        System.err.printf(Locale.ROOT, "The gate's own pictures (%s) made in %.0f s%n", counts(),
                (System.nanoTime() - started) / 1e9);
        List<Path> gateModels = gateFolders;
        if (gateModels.isEmpty()) {
            var checksums = new LinkedHashMap<String, String>();
            mnist.sha256().forEach((file, sha) -> checksums.put(file.fileName(), sha));
            var architecture = NotDigitGateFit.architecture(Images.MODEL_SIZE, widths);
            DigitNetTrainer.Builder trainer = DigitNetTrainer.builder();
            if (teacher != null) {
                DistillationObjective objective = new DistillationObjective(teacher, "fit-gate " + teacherFolders,
                        temperature, alpha).withTransferImages(transfer);
                objective.checkCompatible(architecture);
                trainer.objective(objective);
                System.out.printf(Locale.ROOT, "Distilling the gate from %s (%,d parameters), T = %s, alpha = %s%s%n",
                        teacherFolders, teacher.parameterCount(), temperature, alpha,
                        transfer == null ? "" : ", " + transferMix + " blended picture(s) per picture");
            }
            gateModels = List.of(new TrainingRun(runOptions.folder(), recipe, architecture, trainer.build(), System.out)
                    .run(NotDigitGateFit.split(gateData), checksums, runOptions.resume, runOptions.force).folder());
        }
        try (DigitNetModel gate = gate(gateModels)) {
            double refusal;
            try (ProbabilityModel p = gate.newProbabilityModel()) {
                List<NotDigitGateFit.Budget> budgets = NotDigitGateFit.budgets(p, gateData, refusals);
                NotDigitGateFit.Budget chosen = NotDigitGateFit.chosen(budgets);
                refusal = chosen.refusal();
                System.out.printf(Locale.ROOT, "Gate %s on validation (seed %d), digits refused and non-digits accepted at each "
                        + "budget (* chosen):%n%s", gateModels.size() == 1 ? gateModels.get(0) : "averaging " + gateModels,
                        NotDigitHeadFit.VALIDATION_SEED, NotDigitGateFit.table(budgets, chosen));
            }
            if (!attach.isEmpty()) {
                attach(gate, mnist, refusal);
            }
        }
        return 0;
    }

    /** The gate network in one folder, or the ensemble of several ({@link EnsembleConfig#average}: one grouped network). */
    private static DigitNetModel gate(List<Path> folders) throws java.io.IOException {
        if (folders.size() == 1) {
            return DigitNetModel.load(folders.get(0));
        }
        List<DigitNetModel> members = new java.util.ArrayList<>();
        try {
            for (Path folder : folders) {
                members.add(DigitNetModel.load(folder));
            }
            DigitNetModel ensemble = EnsembleConfig.average(members);
            JsonObject provenance = new JsonObject();
            com.google.gson.JsonArray each = new com.google.gson.JsonArray();
            for (DigitNetModel m : members) {
                if (m.metadata().has("provenance")) {
                    each.add(m.metadata().get("provenance"));
                }
            }
            provenance.addProperty("ensemble", "the mean of the logits of " + members.size() + " gates of one design");
            provenance.add("members", each);
            ensemble.metadata().add("provenance", provenance);
            return ensemble;
        } finally {
            members.forEach(DigitNetModel::close);
        }
    }

    /** How many of the gate's own pictures: the defaults, with --photo-digits and --photo-doodles. */
    private NotDigitGateFit.Counts counts() {
        NotDigitGateFit.Counts d = NotDigitGateFit.Counts.DEFAULT;
        int validationDoodles = photoDoodles == 0 ? 0 : NotDigitGateFit.Counts.VALIDATION_PHOTOS;
        int validationDigits = photoDigits == 0 ? 0 : NotDigitGateFit.Counts.VALIDATION_PHOTOS;
        return new NotDigitGateFit.Counts(d.strokeDigits(), d.validationStrokeDigits(), photoDigits, validationDigits,
                photoDoodles, validationDoodles);
    }

    /** Gives each --attach folder the gate {@code network} and fits its calibration again with it. */
    private void attach(DigitNetModel network, MnistData mnist, double refusal) throws Exception {
        DigitImages train = DigitImages.of(mnist.train());
        // Made once: every model's photo threshold is fitted on the same photographed digits.
        DigitImages photos = CalibrationFit.photos(mnist.train());
        try (NotDigitGate gate = NotDigitGate.of(network)) {
            JsonObject extra = new JsonObject();
            extra.addProperty("trained_with", "digitnet fit-gate: the not-a-digit fit's pictures and " + counts()
                    + " of the gate's own pictures, digits against non-digits, the project's trainer");
            extra.addProperty(CalibrationFit.GATE_REFUSAL_KEY, refusal);
            extra.addProperty("chosen_on", "validation (seed " + NotDigitHeadFit.VALIDATION_SEED + "): least mean share of "
                    + "non-digits accepted plus mean share of pen-drawn (and photographed, when validated on) validation digits refused, "
                    + "among --refusal "
                    + refusals);
            if (network.metadata().has("provenance")) {
                extra.add("provenance", network.metadata().get("provenance"));
            }
            for (Path folder : attach) {
                try (DigitNetModel model = DigitNetModel.load(folder)) {
                    model.setNotDigitGate(gate, extra);
                    CalibrationFit.Result result;
                    try (ProbabilityModel predictor = model.newProbabilityModel()) {
                        result = CalibrationFit.fit(predictor, train, photos, refusal,
                                Math.min(CalibrationFit.DEFAULT_ENERGY_REFUSAL, refusal));
                    }
                    model.metadata().add(Calibration.KEY, result.toJson());
                    model.saveMetadata(folder);
                    System.out.printf(Locale.ROOT, "%s: gate attached (%,d parameters); digit check: %s; refuses %.2f%% of the clean "
                            + "and %.2f%% of the augmented calibration split, %.2f%% of %,d photos of it%n", folder, gate.parameters(),
                            dev.digitnet.eval.OodReport.rule(result.calibration()), 100 * result.refusedClean(),
                            100 * result.refusedAugmented(), 100 * result.refusedPhotos(), result.photos());
                }
            }
        }
    }
}
