package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.digitnet.model.ProbabilityModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitNetModelTest {

    @Test
    void modelCardArchitectureHas531888Parameters() {
        try (DigitNetModel model = DigitNetModel.create(DigitNetConfig.modelCard(), 1)) {
            assertEquals(531_888, model.parameterCount());
            assertEquals(531_888, DigitNetConfig.modelCard().summary().parameters());
        }
    }

    @Test
    void forwardMapsABatchOf32x32ImagesToTenLogits() {
        try (DigitNetModel model = DigitNetModel.create(DigitNetConfig.modelCard(), 1);
                NDManager scope = model.manager().newSubManager()) {
            NDArray x = scope.randomUniform(0, 1, new Shape(3, 1, 32, 32));
            NDArray logits = model.block().forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(3, 10), logits.getShape());
        }
    }

    @Test
    void gradientsStayFiniteOverABatchOf128() {
        try (DigitNetModel model = DigitNetModel.create(DigitNetConfig.modelCard(), 7)) {
            Map<String, Parameter> params = ModelWeights.parameters(model.block());
            params.values().forEach(p -> p.getArray().setRequiresGradient(true));
            for (int trial = 0; trial < 3; trial++) {
                try (NDManager scope = model.manager().newSubManager()) {
                    NDArray x = scope.randomUniform(0, 1, new Shape(128, 1, 32, 32));
                    NDArray y = scope.randomInteger(0, 10, new Shape(128), DataType.INT64);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.block().forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
                        NDArray loss = logits.logSoftmax(1).mul(y.oneHot(10)).sum(new int[] {1}).neg().mean();
                        collector.backward(loss);
                    }
                    // The first block's single-channel depthwise filter must actually receive gradient.
                    try (NDArray grad = params.get("stage1.0.depthwise.weight").getArray().getGradient()) {
                        assertTrue(grad.abs().sum().getFloat() > 0f, "no gradient reached the first depthwise filter");
                    }
                    params.forEach((name, p) -> {
                        try (NDArray grad = p.getArray().getGradient()) {
                            float[] g = grad.toFloatArray();
                            for (float v : g) {
                                assertTrue(Float.isFinite(v), "non-finite gradient in " + name);
                            }
                            grad.subi(grad);
                        }
                    });
                }
            }
        }
    }

    @Test
    void savedModelLoadsBackWithIdenticalPredictions(@TempDir Path dir) throws IOException {
        float[][] input = {randomImage(new Random(3))};
        float[] before;
        try (DigitNetModel model = DigitNetModel.create(DigitNetConfig.modelCard(), 11);
                ProbabilityModel predictor = model.newProbabilityModel()) {
            before = predictor.probabilities(input)[0];
            model.save(dir);
        }
        assertTrue(Files.size(dir.resolve(DigitNetModel.WEIGHTS_FILE)) > 2_000_000);
        try (DigitNetModel loaded = DigitNetModel.load(dir); ProbabilityModel predictor = loaded.newProbabilityModel()) {
            assertArrayEquals(before, predictor.probabilities(input)[0], 1e-6f);
            assertEquals(531_888, loaded.metadata().get("parameters").getAsLong());
        }
    }

    @Test
    void truncatedWeightsFileIsRejectedWithItsOrigin(@TempDir Path dir) throws IOException {
        try (DigitNetModel model = DigitNetModel.create(DigitNetConfig.modelCard(), 11)) {
            model.save(dir);
        }
        Path weights = dir.resolve(DigitNetModel.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> DigitNetModel.load(dir).close());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void missingModelFolderNamesTheMissingFile(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> DigitNetModel.load(dir.resolve("nope")).close());
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    private static float[] randomImage(Random random) {
        float[] image = new float[32 * 32];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        return image;
    }
}
