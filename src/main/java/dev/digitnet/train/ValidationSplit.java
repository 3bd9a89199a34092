package dev.digitnet.train;

import dev.digitnet.data.DigitImages;
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
        int[] order = new int[pool.count()];
        Arrays.setAll(order, i -> i);
        Random random = new Random(recipe.seed());
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, order.length);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(pool.select(train), pool.select(validation));
    }
}
