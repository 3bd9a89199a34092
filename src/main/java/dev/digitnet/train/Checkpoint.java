package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A training run's state at an epoch boundary.
 *
 * @param completedEpochs epochs fully done; training resumes with the next one
 * @param globalStep optimizer steps taken
 * @param optimizerSteps AdamW's own step count (for bias correction)
 * @param tensors weights ({@code model.*}), optimizer moments ({@code optimizer.*}) and weight
 *     average ({@code average.*})
 */
public record Checkpoint(int completedEpochs, long globalStep, long optimizerSteps, Map<String, NDArray> tensors) {}
