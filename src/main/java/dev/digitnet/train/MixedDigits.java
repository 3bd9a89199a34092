package dev.digitnet.train;

import com.google.gson.JsonObject;
import java.util.SplittableRandom;

/**
 * Transfer images for distillation: pictures beyond the training set that only the teacher can
 * label. Each is two of the batch's (already augmented) digits blended, {@code λ·a + (1 − λ)·b}
 * with λ uniform in [0, 1] — an overlay of, say, a 3 and an 8 has no true label, but the teacher's
 * answer on it says how it sees the two digits relate, which is what labels cannot teach (Beyer et
 * al. 2022 distil on such mixed views; the issue of the student family asks for them).
 *
 * <p>A batch of n digits gets {@code round(share · n)} of them appended after the digits, labelled
 * {@link #UNLABELLED}. The blend is drawn from (seed, epoch, batch) alone, so a resumed run and a
 * second student of the same seed see the same pictures (and share the teacher-logits cache).
 *
 * @param share transfer images per labelled image, in (0, 4]
 */
public record MixedDigits(double share) {

    /** The label of a transfer image: no true class, the teacher's answer only. */
    public static final int UNLABELLED = -1;

    private static final double MAX_SHARE = 4;

    public MixedDigits {
        if (!(share > 0 && share <= MAX_SHARE)) {
            throw new IllegalArgumentException("the share of mixed transfer images must be in (0, " + (int) MAX_SHARE
                    + "], got " + share);
        }
    }

    /** Transfer images added to a batch of {@code labelled} digits. */
    public int count(int labelled) {
        return labelled < 2 ? 0 : (int) Math.round(share * labelled);
    }

    /**
     * Writes {@link #count(int)} blends of the first {@code labelled} images of {@code pixels} after
     * them, each of {@code pixelsPerImage} values.
     */
    public void mixInto(float[] pixels, int labelled, int pixelsPerImage, long seed, int epoch, int batch) {
        int extra = count(labelled);
        SplittableRandom random = new SplittableRandom(((seed * 1_000_003L + epoch) * 1_000_033L + batch) ^ 0x6d697865L);
        for (int k = 0; k < extra; k++) {
            int a = random.nextInt(labelled);
            int b = random.nextInt(labelled - 1);
            if (b >= a) {
                b++; // two different digits
            }
            float lambda = (float) random.nextDouble();
            int out = (labelled + k) * pixelsPerImage;
            int pa = a * pixelsPerImage;
            int pb = b * pixelsPerImage;
            for (int i = 0; i < pixelsPerImage; i++) {
                pixels[out + i] = lambda * pixels[pa + i] + (1 - lambda) * pixels[pb + i];
            }
        }
    }

    /** For the objective's provenance. */
    JsonObject describe() {
        JsonObject json = new JsonObject();
        json.addProperty("kind", "mixed-digits");
        json.addProperty("share", share);
        json.addProperty("blend", "lambda*a + (1-lambda)*b of two different digits of the augmented batch, lambda uniform in [0, 1]");
        json.addProperty("loss", "teacher's soft targets only");
        return json;
    }
}
