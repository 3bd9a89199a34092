package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.MnistStore;
import dev.digitnet.eval.Evaluation;
import dev.digitnet.model.DigitNetConfig;
import dev.digitnet.model.ProbabilityModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training on real MNIST must learn: a 2,000-image subset, a few epochs, far above chance. */
class ShortTrainingRunTest {

    @Test
    void threeEpochsOn2000RealImagesLiftTestAccuracyFarAboveChance() throws Exception {
        MnistData mnist = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load();
        DigitImages train = DigitImages.of(mnist.train().first(2000));
        DigitImages test = DigitImages.of(mnist.test().first(1000));
        TrainingRecipe recipe = TrainingRecipe.builder().epochs(3).batchSize(64).learningRate(2e-3).warmupSteps(30).augment(false).build();
        List<EpochResult> epochs = new ArrayList<>();
        try (TrainingSession session = TrainingSession.start(recipe, DigitNetConfig.modelCard())) {
            TrainingListener record = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochResult epoch, TrainingSession s) {
                    epochs.add(epoch);
                }
            };
            DigitNetTrainer.builder().listeners(List.of(record)).build().fit(session, train, test.first(0));
            try (ProbabilityModel model = session.model().newProbabilityModel()) {
                Evaluation e = Evaluation.of(test.labels(), model.probabilities(test.pixels(), test.count(), 250));
                assertTrue(e.top1() > 0.85, "top-1 after 3 epochs on 2,000 images: " + e.top1());
            }
        }
        assertTrue(epochs.get(2).trainLoss() < epochs.get(0).trainLoss() / 2,
                "training loss fell: " + epochs.get(0).trainLoss() + " → " + epochs.get(2).trainLoss());
    }
}
