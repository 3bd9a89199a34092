package dev.digitnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.digitnet.model.ConvNetConfig;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.Layer;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.model.ModelWeights;
import dev.digitnet.model.ProbabilityModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolutional students exported with BatchNorm folded into their convolutions: the ONNX
 * graph computes DJL's inference forward pass (running statistics) and holds exactly the
 * parameters the one definition counts, less what folding absorbs. Weights and statistics are
 * random, far from the initial γ = 1, β = 0, μ = 0, σ² = 1, so a wrong fold cannot hide.
 */
class StudentExportTest {

    /**
     * The convolutional designs under training (docs/distillation.md). Run in this order in one
     * JVM: some other designs and orders made libtorch's inference differ from ONNX Runtime's
     * (docs/distillation.md, "What did not work"), which this test is the guard for.
     */
    static List<String> students() {
        return List.of("conv:8/16/32", "conv:16/32/64");
    }

    @ParameterizedTest
    @MethodSource("students")
    void foldedGraphMatchesTheEnginesForwardPassAndCountsEveryParameter(String name) throws Exception {
        ConvNetConfig config = (ConvNetConfig) ModelFamily.config(name);
        try (DigitNetModel model = DigitNetModel.create(config, 7)) {
            randomizeNormalization(model, new Random(11));
            float[][] images = new float[64][config.inputSize() * config.inputSize()];
            Random pixels = new Random(5);
            for (float[] image : images) {
                for (int i = 0; i < image.length; i++) {
                    image[i] = pixels.nextFloat() < 0.8f ? 0f : pixels.nextFloat();
                }
            }
            try (ProbabilityModel djl = model.newProbabilityModel();
                    OnnxModel onnx = OnnxExportTest.exported(model); ProbabilityModel ort = onnx.newProbabilityModel()) {
                float[][] expected = djl.logits(images);
                float[][] actual = ort.logits(images);
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < images.length; i++) {
                    for (int k = 0; k < config.classes(); k++) {
                        worst = Math.max(worst, Math.abs(expected[i][k] - actual[i][k]));
                        scale = Math.max(scale, Math.abs(expected[i][k]));
                    }
                }
                System.out.printf("%s: max |logit difference| %.3g (logits up to %.3g)%n", name, worst, scale);
                assertTrue(scale > 0.1, name + ": the logits are too small to tell a fold from none");
                assertTrue(worst <= 1e-5 * Math.max(1, scale), name + ": max absolute logit difference " + worst);
            }

            onnx.Onnx.ModelProto proto = OnnxExporter.export(model);
            List<String> ops = proto.getGraph().getNodeList().stream().map(onnx.Onnx.NodeProto::getOpType).distinct().sorted().toList();
            assertEquals(List.of("Conv", "Flatten", "Gemm", "GlobalAveragePool", "MaxPool", "Relu"), ops);
            long initializers = proto.getGraph().getInitializerList().stream()
                    .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).sum();
            long normalized = config.layers().stream().filter(l -> l instanceof Layer.BatchNormalization)
                    .mapToLong(l -> ((Layer.BatchNormalization) l).channels()).sum();
            // γ is absorbed into the weights and β into the new bias: one value per channel remains.
            assertEquals(config.parameters() - normalized, initializers, name);
            assertEquals(config.parameters(), model.parameterCount(), name);
        }
    }

    /** Random γ, β, running mean and (positive) running variance in every BatchNorm. */
    static void randomizeNormalization(DigitNetModel model, Random random) {
        Map<Parameter.Type, float[]> range = new HashMap<>();
        range.put(Parameter.Type.GAMMA, new float[] {0.5f, 1.5f});
        range.put(Parameter.Type.BETA, new float[] {-0.5f, 0.5f});
        range.put(Parameter.Type.RUNNING_MEAN, new float[] {-0.3f, 0.3f});
        range.put(Parameter.Type.RUNNING_VAR, new float[] {0.2f, 2f});
        ModelWeights.parameters(model.block()).values().forEach(p -> {
            float[] r = range.get(p.getType());
            if (r != null) {
                NDArray array = p.getArray();
                float[] values = new float[(int) array.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r[0] + (r[1] - r[0]) * random.nextFloat();
                }
                // In place through the engine: NDArray.set(float[]) hands libtorch a temporary buffer.
                try (NDArray source = array.getManager().create(values, array.getShape())) {
                    array.muli(0).addi(source);
                }
            }
        });
    }
}
