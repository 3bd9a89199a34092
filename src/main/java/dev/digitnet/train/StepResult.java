package dev.digitnet.train;

/**
 * What one optimizer step did.
 *
 * @param epoch 1-based epoch
 * @param step 1-based step within the epoch
 * @param stepsInEpoch steps the epoch will take
 * @param globalStep 1-based step since the start of training
 * @param loss mean cross-entropy of the batch
 * @param runningTop1 fraction correct so far this epoch (training mode, augmented)
 * @param imagesSeen images so far this epoch
 * @param imagesPerSecond throughput so far this epoch
 * @param learningRate rate used for this step
 */
public record StepResult(
        int epoch,
        int step,
        int stepsInEpoch,
        long globalStep,
        double loss,
        double runningTop1,
        long imagesSeen,
        double imagesPerSecond,
        double learningRate) {}
