package dev.digitnet.cli;

import dev.digitnet.model.DigitNetConfig;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.model.ModelSummary;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.DistillationObjective;
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

    @Option(names = "--student", required = true, paramLabel = "NAME|WIDTHS[:DEPTHS]",
            description = "the student: xs, sm, md, lg, or explicit widths and depths such as 8/16/32/64:1-1-3-1")
    String student;

    @Option(names = "--teacher", paramLabel = "bundled|NAME|DIR",
            description = "the teacher: the bundled teacher, another bundled model by name, or a model folder (default: ${DEFAULT-VALUE})")
    String teacher = "bundled";

    @Option(names = "--temperature", description = "softmax temperature T of the soft targets (default: ${DEFAULT-VALUE})")
    double temperature = DEFAULT_TEMPERATURE;

    @Option(names = "--alpha", description = "weight of the teacher's soft targets; 1 − alpha goes to the true labels (default: ${DEFAULT-VALUE})")
    double alpha = DEFAULT_ALPHA;

    @Option(names = "--out", description = "run folder (default: runs/distill-STUDENT)")
    Path out;

    @Option(names = "--resume", description = "continue from the run folder's last checkpoint")
    boolean resume;

    @Option(names = "--force", description = "with --resume: continue even if the recipe, seed, student or T/alpha differ from the checkpoint's")
    boolean force;

    @Option(names = "--teacher-cache", paramLabel = "DIR",
            description = "keep the teacher's logits per exact batch here, so students with the same seed share its forward passes "
                    + "(default: teacher-logits/ beside the MNIST cache)")
    Path teacherCache;

    @Option(names = "--no-teacher-cache", description = "run the teacher on every batch")
    boolean noTeacherCache;

    @Override
    public Integer call() throws Exception {
        DigitNetConfig architecture = ModelFamily.config(student);
        Path folder = out != null ? out : Path.of("runs", "distill-" + student.replaceAll("[^A-Za-z0-9-]", "_"));
        ModelOptions teacherOptions = new ModelOptions();
        teacherOptions.model = "bundled".equals(teacher) ? ModelFamily.TEACHER : teacher;
        // Checked before the teacher or the data are loaded: arguments first, then files.
        DistillationObjective.checkArguments(temperature, alpha);
        TrainingRun probe = new TrainingRun(folder, recipeOptions.recipe(), architecture, DigitNetTrainer.builder().build(), System.out);
        probe.checkResumable(resume);
        try (DigitNetModel teacherModel = teacherOptions.load()) {
            String name = teacherOptions.folder() == null ? "bundled:" + teacherOptions.model : teacherOptions.folder().toString();
            DistillationObjective objective = new DistillationObjective(teacherModel, name, temperature, alpha);
            objective.checkCompatible(architecture);
            if (!noTeacherCache) {
                objective.cachingTeacherLogitsIn(teacherCache != null ? teacherCache
                        : data.directory().toAbsolutePath().getParent().resolve("teacher-logits"));
            }
            System.out.printf(Locale.ROOT, "Distilling %s (%,d parameters) from %s (%,d parameters), T = %s, alpha = %s%n",
                    student, ModelSummary.of(architecture).parameters(), name, teacherModel.parameterCount(), temperature, alpha);
            new TrainingRun(folder, recipeOptions.recipe(), architecture, DigitNetTrainer.builder().objective(objective).build(), System.out)
                    .run(data.load(), resume, force);
            if (objective.cache() != null) {
                System.out.printf(Locale.ROOT, "Teacher logits: %,d batches from the cache, %,d computed%n", objective.cache().hits(), objective.cache().misses());
            }
        }
        return 0;
    }
}
