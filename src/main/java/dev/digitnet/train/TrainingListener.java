package dev.digitnet.train;

/** Observes a training run; every method has a no-op default. */
public interface TrainingListener {

    /** Before the first step; {@code firstEpoch} is greater than 1 when resuming. */
    default void onTrainingStart(TrainingRecipe recipe, int firstEpoch, int stepsPerEpoch, int trainImages) {}

    default void onStep(StepResult step) {}

    /** After an epoch's steps and validation; the session can produce a checkpoint. */
    default void onEpochEnd(EpochResult epoch, TrainingSession session) {}

    default void onTrainingEnd(TrainingSession session) {}
}
