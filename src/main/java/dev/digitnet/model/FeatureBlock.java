package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A network block that can also hand out its pooled features ({@link Architecture#features()}):
 * the inference forward pass, run through the same child blocks in the same order as {@code
 * forward}, keeping the pooled, flattened features on the way. The logits are therefore the very
 * numbers {@code forward} gives (a test checks them bit for bit).
 */
interface FeatureBlock {

    /** {@code {logits, features}} of a batch, in inference mode. */
    NDArray[] logitsAndFeatures(ParameterStore store, NDArray batch);
}
