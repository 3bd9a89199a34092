package dev.digitnet.train;

/**
 * Training stopped because the loss stopped being a finite number. The weights and checkpoints
 * on disk are the last good ones; the message says what to try.
 */
public final class TrainingDivergedException extends RuntimeException {

    TrainingDivergedException(String message) {
        super(message);
    }
}
