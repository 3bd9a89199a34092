package dev.digitnet.cli;

import dev.digitnet.model.Architecture;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digitnet train}: the model card's recipe by default, with checkpoints and resume. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train DigitNet (or a student of its family, alone) on MNIST (defaults: the model card's recipe).")
final class TrainCommand implements Callable<Integer> {

    @Mixin DataOptions data;
    @Mixin RecipeOptions recipeOptions;

    @Option(names = "--student", paramLabel = "NAME|conv:WIDTHS[:DEPTHS]|WIDTHS[:DEPTHS]",
            description = "what to train (default: the teacher): " + ModelFamily.SPEC_HELP)
    String student = ModelFamily.TEACHER;

    @Mixin RunOptions runOptions = new RunOptions(Path.of("runs", "digitnet"));

    @Override
    public Integer call() throws Exception {
        TrainingRecipe recipe = recipeOptions.recipe();
        Architecture architecture = ModelFamily.config(student);
        // Checked before the data is loaded, so a mistyped --resume fetches nothing.
        runOptions.checkResumable(runOptions.folder());
        new TrainingRun(runOptions.folder(), recipe, architecture, DigitNetTrainer.builder().build(), System.out)
                .run(data.load(), runOptions.resume, runOptions.force);
        return 0;
    }
}
