package dev.digitnet.train;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.Shuffle;
import java.util.Arrays;
import java.util.Random;

/**
 * Carves a validation set out of the training images (never the test set), seeded, after applying
 * the recipe's {@code limit}. Quick runs on few images hold out at most a tenth of them.
 */
public record ValidationSplit(DigitImages train, DigitImages validation) {

    public static ValidationSplit of(DigitImages all, TrainingRecipe recipe) {
        DigitImages pool = recipe.limit() > 0 ? all.first(recipe.limit()) : all;
        int held = Math.min(recipe.validationSize(), pool.count() / 10);
        int[] order = Shuffle.permutation(pool.count(), new Random(recipe.seed()));
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, order.length);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(pool.select(train), pool.select(validation));
    }
}
