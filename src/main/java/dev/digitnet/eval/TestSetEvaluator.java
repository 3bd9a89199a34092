package dev.digitnet.eval;

import dev.digitnet.data.Augmentation;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.RandomAffine;
import dev.digitnet.model.ProbabilityModel;

/**
 * Scores a model the way the model card does: on the clean test set and on the "highly
 * augmented" one, which is the training augmentation applied once with a fixed seed.
 */
public final class TestSetEvaluator {

    /** Seed of the augmented test set; fixed so its figures are reproducible. */
    public static final long AUGMENTED_TEST_SEED = 20_241_123L;
    private static final int BATCH = 500;

    private TestSetEvaluator() {}

    /** The augmented copy of the test images. */
    public static DigitImages augmented(DigitImages test) {
        return new Augmentation(RandomAffine.modelCard(), AUGMENTED_TEST_SEED).applyToAll(test);
    }

    /**
     * Both evaluations, with the raw logits and the (uncalibrated, as trained) probabilities behind
     * them, for pictures and calibration.
     */
    public record Result(Evaluation clean, Evaluation augmented, float[][] cleanLogits, float[][] augmentedLogits,
            float[][] cleanProbabilities, float[][] augmentedProbabilities, double imagesPerSecond, float[] cleanNotDigit,
            float[] augmentedNotDigit) {}

    /**
     * Both evaluations from one forward pass per image, which also gives the not-a-digit head's
     * scores (NaN for a model without one) for the digit check's figures.
     */
    public static Result evaluate(ProbabilityModel model, DigitImages clean, DigitImages augmented) {
        long start = System.nanoTime();
        ProbabilityModel.Outputs oc = model.outputs(clean.pixels(), clean.count(), BATCH);
        ProbabilityModel.Outputs oa = model.outputs(augmented.pixels(), augmented.count(), BATCH);
        double seconds = (System.nanoTime() - start) / 1e9;
        float[][] lc = oc.logits();
        float[][] la = oa.logits();
        float[][] pc = softmax(lc);
        float[][] pa = softmax(la);
        return new Result(Evaluation.of(clean.labels(), pc), Evaluation.of(augmented.labels(), pa), lc, la, pc, pa,
                (clean.count() + augmented.count()) / seconds, oc.notDigit(), oa.notDigit());
    }

    private static float[][] softmax(float[][] logits) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i].clone();
            ProbabilityModel.softmaxInPlace(out[i]);
        }
        return out;
    }
}
