package dev.digitnet.train;

/**
 * The summary of one epoch. Validation figures are NaN when no validation images were held out.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss over the epoch
 * @param trainTop1 training accuracy over the epoch (augmented, dropout on)
 * @param valLoss validation loss of the raw weights
 * @param valTop1 validation top-1 of the raw weights
 * @param valTop1Average validation top-1 of the weight average (NaN without one)
 * @param learningRate rate at the end of the epoch
 * @param seconds wall time of the epoch's training steps
 * @param imagesPerSecond training throughput
 */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainTop1,
        double valLoss,
        double valTop1,
        double valTop1Average,
        double learningRate,
        double seconds,
        double imagesPerSecond) {}
