package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.model.ModelWeights;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that starts from a trained model's weights, with outliers (label −1) in its batches. */
class FineTuneRunTest {

    @Test
    void aSessionStartedFromAModelHoldsACopyOfItsWeights() {
        TrainingRecipe recipe = TrainingRecipe.builder().epochs(1).seed(99).emaDecay(0.9).build();
        try (DigitNetModel init = DigitNetModel.create(ModelFamily.config("xs"), 7);
                TrainingSession session = TrainingSession.startFrom(recipe, init)) {
            Map<String, ai.djl.nn.Parameter> from = ModelWeights.parameters(init.block());
            Map<String, ai.djl.nn.Parameter> live = ModelWeights.parameters(session.model().block());
            Map<String, ai.djl.nn.Parameter> average = ModelWeights.parameters(session.average().block());
            from.forEach((name, p) -> {
                assertArrayEquals(p.getArray().toFloatArray(), live.get(name).getArray().toFloatArray(), name);
                assertArrayEquals(p.getArray().toFloatArray(), average.get(name).getArray().toFloatArray(), name);
            });
            assertTrue(live.entrySet().stream().allMatch(e -> e.getValue().getArray() != from.get(e.getKey()).getArray()),
                    "a copy, not the init model's arrays");
        }
    }

    @Test
    void aFineTuneWithOutliersRecordsItsInitAndLeavesTheInitModelAlone(@TempDir Path dir) throws Exception {
        TrainingRecipe recipe = TrainingRecipe.builder().epochs(1).batchSize(16).learningRate(1e-3).warmupSteps(2)
                .augment(false).build();
        DigitImages digits = NoiseImages.of(48, 3);
        DigitImages outliers = NoiseImages.of(16, 4);
        int[] labels = Arrays.copyOf(digits.labels(), 64);
        Arrays.fill(labels, 48, 64, OutlierExposureObjective.OUTLIER);
        float[] pixels = Arrays.copyOf(digits.pixels(), 64 * 32 * 32);
        System.arraycopy(outliers.pixels(), 0, pixels, 48 * 32 * 32, 16 * 32 * 32);
        ValidationSplit split = new ValidationSplit(new DigitImages(pixels, labels, 32), digits.first(0));

        DigitNetModel.create(ModelFamily.config("xs"), 5).save(dir.resolve("init"));
        try (DigitNetModel init = DigitNetModel.load(dir.resolve("init"))) {
            float[] before = ModelWeights.parameters(init.block()).values().iterator().next().getArray().toFloatArray();
            DigitNetTrainer trainer = DigitNetTrainer.builder().objective(new OutlierExposureObjective(0.5, new JsonObject())).build();
            TrainingRun run = new TrainingRun(dir.resolve("run"), recipe, init.config(), trainer,
                    new PrintStream(new ByteArrayOutputStream()));
            run.startingFrom(init, "test-init").run(split, Map.of(), false, false);
            float[] after = ModelWeights.parameters(init.block()).values().iterator().next().getArray().toFloatArray();
            assertArrayEquals(before, after, "the init model is only read");
            try (DigitNetModel tuned = DigitNetModel.load(run.modelFolder())) {
                JsonObject provenance = tuned.metadata().getAsJsonObject("provenance");
                assertEquals("test-init", provenance.getAsJsonObject("init").get("model").getAsString());
                assertEquals(init.weightsSha256(), provenance.getAsJsonObject("init").get("weights_sha256").getAsString());
                assertEquals("outlier-exposure", provenance.getAsJsonObject("objective").get("type").getAsString());
            }
        }
    }

    @Test
    void anotherArchitectureIsRefused(@TempDir Path dir) {
        try (DigitNetModel init = DigitNetModel.create(ModelFamily.config("xs"), 5)) {
            TrainingRun run = new TrainingRun(dir, TrainingRecipe.modelCard(), ModelFamily.config("sm"),
                    DigitNetTrainer.builder().build(), new PrintStream(new ByteArrayOutputStream()));
            assertThrows(IllegalArgumentException.class, () -> run.startingFrom(init, "xs"));
        }
    }
}
