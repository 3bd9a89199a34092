package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --augment} and {@code --no-augment} mean what they say on every command, whatever the
 * command's default: fit-gate trains on clean pictures unless told {@code --augment}, the others
 * augment unless told {@code --no-augment}.
 */
class RecipeOptionsTest {

    private static boolean augments(Object command, Supplier<RecipeOptions> options, String... args) {
        new CommandLine(command).parseArgs(args);
        return options.get().recipe().augment();
    }

    @Test
    void fitGateIsCleanByDefaultAndFollowsEitherFlag() {
        FitGateCommand none = new FitGateCommand();
        assertEquals(false, augments(none, () -> none.recipeOptions));
        FitGateCommand clean = new FitGateCommand();
        assertEquals(false, augments(clean, () -> clean.recipeOptions, "--no-augment"));
        FitGateCommand augmented = new FitGateCommand();
        assertEquals(true, augments(augmented, () -> augmented.recipeOptions, "--augment"));
    }

    @Test
    void trainingAugmentsByDefaultAndFollowsEitherFlag() {
        TrainCommand none = new TrainCommand();
        assertEquals(true, augments(none, () -> none.recipeOptions));
        TrainCommand clean = new TrainCommand();
        assertEquals(false, augments(clean, () -> clean.recipeOptions, "--no-augment"));
        TrainCommand augmented = new TrainCommand();
        assertEquals(true, augments(augmented, () -> augmented.recipeOptions, "--augment"));
        DistillCommand distill = new DistillCommand();
        assertEquals(false, augments(distill, () -> distill.recipeOptions, "--student", "xs", "--no-augment"));
    }
}
