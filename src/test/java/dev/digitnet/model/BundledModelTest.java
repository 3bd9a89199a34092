package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistStore;
import dev.digitnet.eval.Evaluation;
import dev.digitnet.model.ProbabilityModel;
import org.junit.jupiter.api.Test;

/** The released model: present in the build, and as accurate as the README says. */
class BundledModelTest {

    @Test
    void bundledModelScoresAtLeast99Point5PercentOnTheFullCleanTestSetAsItsCardRecords() throws Exception {
        assertTrue(DigitNetModel.hasBundled(), "the build must carry the released model");
        DigitImages test = DigitImages.of(new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().test());
        try (DigitNetModel model = DigitNetModel.loadBundled(); ProbabilityModel predictor = model.newProbabilityModel()) {
            assertEquals(531_888, model.parameterCount());
            Evaluation e = Evaluation.of(test.labels(), predictor.probabilities(test.pixels(), test.count(), 200));
            assertEquals(10_000, e.count());
            // The bar the model card sets, and the figure the card (config.json, README) records.
            assertTrue(e.top1() >= 0.995, "clean top-1 " + e.top1());
            double recorded = model.metadata().getAsJsonObject("evaluation").get("clean_top1").getAsDouble();
            assertEquals(recorded, e.top1(), 0.001, "clean top-1 differs from the recorded evaluation");
        }
    }
}
