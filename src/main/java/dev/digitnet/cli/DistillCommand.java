package dev.digitnet.cli;

import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.DistillationObjective;
import dev.digitnet.train.MixedDigits;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet distill}: trains a student of the family from a teacher (knowledge distillation),
 * with the same recipe, progress, checkpoints, resume and output as {@code train}.
 */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Train a small student network from the teacher by knowledge distillation (Hinton et al. 2015).")
final class DistillCommand implements Callable<Integer> {

    /** Chosen on a 5,000-image validation split (docs/distillation.md). */
    static final double DEFAULT_TEMPERATURE = 4;
    static final double DEFAULT_ALPHA = 0.9;

    @Mixin DataOptions data;
    @Mixin RecipeOptions recipeOptions;

    @Option(names = "--student", required = true, paramLabel = "NAME|conv:WIDTHS[:DEPTHS]|WIDTHS[:DEPTHS]",
            description = "the student: " + ModelFamily.SPEC_HELP)
    String student;

    @Option(names = "--teacher", paramLabel = "bundled|NAME|DIR",
            description = "the teacher: the bundled teacher, another bundled model by name, or a model folder (default: ${DEFAULT-VALUE})")
    String teacher = "bundled";

    @Option(names = "--temperature", description = "softmax temperature T of the soft targets (default: ${DEFAULT-VALUE})")
    double temperature = DEFAULT_TEMPERATURE;

    @Option(names = "--alpha", description = "weight of the teacher's soft targets; 1 − alpha goes to the true labels (default: ${DEFAULT-VALUE})")
    double alpha = DEFAULT_ALPHA;

    @Option(names = "--transfer-mix", paramLabel = "SHARE",
            description = "append SHARE × batch transfer images to every batch: two of its digits blended, labelled by the teacher "
                    + "alone (0 = none; default: ${DEFAULT-VALUE})")
    double transferMix;

    @Mixin RunOptions runOptions = new RunOptions(Path.of("runs", "distill-STUDENT"));

    @Option(names = "--teacher-cache", paramLabel = "DIR",
            description = "keep the teacher's logits per exact batch here, so students with the same seed share its forward passes "
                    + "(default: teacher-logits/ beside the MNIST cache)")
    Path teacherCache;

    @Option(names = "--no-teacher-cache", description = "run the teacher on every batch")
    boolean noTeacherCache;

    @Override
    public Integer call() throws Exception {
        Architecture architecture = ModelFamily.config(student);
        Path folder = runOptions.folder(() -> Path.of("runs", "distill-" + student.replaceAll("[^A-Za-z0-9-]", "_")));
        ModelReference teacherModel = ModelReference.parse("bundled".equals(teacher) ? ModelFamily.TEACHER : teacher);
        // Checked before the teacher or the data are loaded: arguments first, then files.
        DistillationObjective.checkArguments(temperature, alpha);
        MixedDigits transfer = transferMix == 0 ? null : new MixedDigits(transferMix);
        DistillationObjective.checkTransfer(alpha, transfer);
        TrainingRecipe recipe = recipeOptions.recipe();
        runOptions.checkResumable(folder);
        try (DigitNetModel teacherWeights = teacherModel.load()) {
            String name = teacherModel.provenanceName();
            DistillationObjective objective = new DistillationObjective(teacherWeights, name, temperature, alpha)
                    .withTransferImages(transfer);
            objective.checkCompatible(architecture);
            if (!noTeacherCache) {
                objective.cachingTeacherLogitsIn(teacherCache != null ? teacherCache
                        : data.directory().toAbsolutePath().getParent().resolve("teacher-logits"));
            }
            System.out.printf(Locale.ROOT, "Distilling %s (%,d parameters) from %s (%,d parameters), T = %s, alpha = %s%s%n",
                    student, architecture.parameters(), name, teacherWeights.parameterCount(), temperature, alpha,
                    transfer == null ? "" : ", " + transferMix + " mixed transfer image(s) per digit");
            new TrainingRun(folder, recipe, architecture, DigitNetTrainer.builder().objective(objective).build(), System.out)
                    .run(data.load(), runOptions.resume, runOptions.force);
            if (objective.cache() != null) {
                System.out.printf(Locale.ROOT, "Teacher logits: %,d batches from the cache, %,d computed%n", objective.cache().hits(), objective.cache().misses());
            }
        }
        return 0;
    }
}
