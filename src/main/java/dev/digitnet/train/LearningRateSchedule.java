package dev.digitnet.train;

/** Linear warm-up to the peak, then constant or cosine decay to {@code peak × finalRatio}. */
public final class LearningRateSchedule {

    private final TrainingRecipe recipe;
    private final long totalSteps;

    public LearningRateSchedule(TrainingRecipe recipe, long totalSteps) {
        this.recipe = recipe;
        this.totalSteps = totalSteps;
    }

    /** The rate for optimizer step {@code step} (0-based). */
    public double at(long step) {
        double peak = recipe.learningRate();
        long warmup = Math.min(recipe.warmupSteps(), Math.max(0, totalSteps - 1));
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        if (recipe.schedule() == TrainingRecipe.Schedule.CONSTANT) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, totalSteps - warmup - 1));
        double floor = peak * recipe.finalLearningRateRatio();
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
