package dev.digitnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistStore;
import dev.digitnet.eval.Evaluation;
import dev.digitnet.eval.TestSetEvaluator;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelWeights;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled model, exported to ONNX and run in ONNX Runtime Java, against DJL's forward pass
 * on the real MNIST test set.
 */
class OnnxExportTest {

    private static DigitImages test;
    private static DigitImages augmented;

    @BeforeAll
    static void loadMnist() throws Exception {
        test = DigitImages.of(new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().test());
        augmented = TestSetEvaluator.augmented(test);
    }

    static List<String> bundled() {
        return DigitNetModel.bundledNames();
    }

    @Test
    void theBuildBundlesAtLeastTheTeacher() {
        assertTrue(bundled().contains("teacher"), bundled().toString());
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void logitsMatchDjlWithin1e4OnAThousandTestImagesAtBatch512AndBatch1(String name) throws Exception {
        try (DigitNetModel model = DigitNetModel.loadBundled(name); ProbabilityModel djl = model.newProbabilityModel();
                OnnxModel onnx = exported(model); ProbabilityModel ort = onnx.newProbabilityModel()) {
            // Batches of 512 and 488: the batch axis is dynamic.
            float[][] expected = djl.logits(test.pixels(), 1000, 512);
            float[][] actual = ort.logits(test.pixels(), 1000, 512);
            assertEquals(1000, actual.length);
            double worst = maxAbsDifference(expected, actual);
            System.out.printf("%s: max |logit difference| over 1,000 test images %.3g%n", name, worst);
            assertTrue(worst <= 1e-4, name + ": max absolute logit difference " + worst);
            for (int i = 0; i < 20; i++) {
                float[][] one = ort.logits(new float[][] {test.image(i)});
                assertEquals(1, one.length);
                assertEquals(10, one[0].length);
                assertTrue(maxAbsDifference(new float[][] {expected[i]}, one) <= 1e-4, name + ": batch-1 image " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void top1AgreesOnTheWholeCleanAndAugmentedTestSetsAndFiguresMatch(String name) throws Exception {
        try (DigitNetModel model = DigitNetModel.loadBundled(name); ProbabilityModel djl = model.newProbabilityModel();
                OnnxModel onnx = exported(model); ProbabilityModel ort = onnx.newProbabilityModel()) {
            TestSetEvaluator.Result byDjl = TestSetEvaluator.evaluate(djl, test, augmented);
            TestSetEvaluator.Result byOrt = TestSetEvaluator.evaluate(ort, test, augmented);
            checkAgreement(name + " clean", byDjl.cleanProbabilities(), byOrt.cleanProbabilities());
            checkAgreement(name + " augmented", byDjl.augmentedProbabilities(), byOrt.augmentedProbabilities());
            // `evaluate --engine onnxruntime` must give the same figures (within 0.01 pt).
            for (Evaluation[] pair : new Evaluation[][] {{byDjl.clean(), byOrt.clean()}, {byDjl.augmented(), byOrt.augmented()}}) {
                assertEquals(pair[0].top1(), pair[1].top1(), 1e-4, name + " top-1");
                assertEquals(pair[0].top2(), pair[1].top2(), 1e-4, name + " top-2");
            }
        }
    }

    /**
     * Top-1 must agree on every image, except where the two best classes are a near-tie (their
     * probabilities within 1e-3 of each other): those are listed.
     */
    private static void checkAgreement(String what, float[][] expected, float[][] actual) {
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            int a = argmax(expected[i]);
            int b = argmax(actual[i]);
            if (a != b) {
                disagreements.add("image " + i + ": DJL " + a + " (" + expected[i][a] + ") vs ONNX Runtime " + b
                        + " (" + actual[i][b] + ")");
                assertTrue(Math.abs(expected[i][a] - expected[i][b]) < 1e-3,
                        what + ": top-1 differs on image " + i + " and it is no near-tie: " + Arrays.toString(expected[i]));
            }
        }
        System.out.printf("%s: top-1 disagreements %d of %d %s%n", what, disagreements.size(), expected.length, disagreements);
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void metadataRoundTripsThroughTheFile(String name) throws Exception {
        try (DigitNetModel model = DigitNetModel.loadBundled(name); OnnxModel onnx = exported(model)) {
            Map<String, String> props = onnx.metadataProperties();
            assertEquals(OnnxExporter.metadata(model.card(), model.config()), props);
            assertEquals(model.card(), onnx.card());
            assertEquals(JsonParser.parseString("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]"),
                    JsonParser.parseString(props.get(OnnxExporter.LABELS)));
            assertEquals(model.card().get("evaluation"), JsonParser.parseString(props.get(OnnxExporter.EVALUATION)));
            assertEquals(model.card().get("provenance"), JsonParser.parseString(props.get(OnnxExporter.PROVENANCE)));
            assertTrue(props.get(OnnxExporter.PREPROCESSING).contains("[0, 1]"), props.get(OnnxExporter.PREPROCESSING));
            assertEquals(model.config().inputSize(), onnx.inputSize());
        }
    }

    @Test
    void theGraphUsesOpset17AndOnlyStandardOperators() throws Exception {
        try (DigitNetModel model = DigitNetModel.loadBundled()) {
            onnx.Onnx.ModelProto proto = OnnxExporter.export(model);
            assertEquals(8, proto.getIrVersion());
            assertEquals(1, proto.getOpsetImportCount());
            assertEquals("", proto.getOpsetImport(0).getDomain());
            assertEquals(17, proto.getOpsetImport(0).getVersion());
            List<String> ops = proto.getGraph().getNodeList().stream().map(onnx.Onnx.NodeProto::getOpType).distinct().sorted().toList();
            // Relu and GlobalAveragePool only in the not-a-digit gate's branch (the bundled teacher has one).
            assertEquals(List.of("Add", "AveragePool", "Conv", "Div", "Erf", "Flatten", "Gemm", "GlobalAveragePool",
                    "InstanceNormalization", "MaxPool", "Mul", "ReduceMean", "ReduceSum", "Relu", "Sqrt"), ops);
            assertFalse(proto.getGraph().getNodeList().stream().anyMatch(n -> !n.getDomain().isEmpty()));
            // Every parameter is an initializer, but GRN's β, folded into the projection's bias (same size),
            // plus the shared constants: four float scalars and the two spatial axes.
            Map<String, Long> sizes = new java.util.HashMap<>();
            proto.getGraph().getInitializerList().forEach(t -> sizes.put(t.getName(),
                    t.getDimsList().stream().reduce(1L, (a, b) -> a * b)));
            long betas = ModelWeights.parameters(model.block()).entrySet().stream()
                    .filter(e -> e.getKey().endsWith(".grn.beta"))
                    .mapToLong(e -> e.getValue().getArray().size()).sum();
            assertTrue(betas > 0);
            assertTrue(sizes.keySet().stream().noneMatch(n -> n.endsWith(".grn.beta") || n.endsWith(".project.bias")),
                    sizes.keySet().toString());
            // ... and the not-a-digit gate's branch (its own network as exported alone, and the
            // [-1, 1] that takes the difference of its logits) or the head's weights.
            long head = model.notDigitGate().isPresent()
                    ? initializerSizes(OnnxExporter.export(model.notDigitGate().get().network())) + 2
                    : model.notDigitHead().orElseThrow().parameters();
            assertEquals(model.parameterCount() - betas + 4 + 2 + head, sizes.values().stream().mapToLong(Long::longValue).sum());
            assertEquals(List.of(-1L, 1L, 32L, 32L), dims(proto.getGraph().getInput(0)));
            assertEquals(List.of(-1L, 10L), dims(proto.getGraph().getOutput(0)));
            assertEquals(OnnxExporter.NOT_DIGIT, proto.getGraph().getOutput(1).getName());
            assertEquals(List.of(-1L, 1L), dims(proto.getGraph().getOutput(1)));
        }
    }

    private static long initializerSizes(onnx.Onnx.ModelProto proto) {
        return proto.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).sum();
    }

    /** Dimensions of a graph input or output, -1 for the symbolic batch axis. */
    private static List<Long> dims(onnx.Onnx.ValueInfoProto value) {
        return value.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimValue() ? d.getDimValue() : -1L).toList();
    }

    static OnnxModel exported(DigitNetModel model) throws Exception {
        return OnnxModel.fromBytes(OnnxExporter.export(model).toByteArray(), "test export", RuntimeOptions.defaults().withThreads(2));
    }

    private static double maxAbsDifference(float[][] a, float[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length);
            for (int k = 0; k < a[i].length; k++) {
                worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return worst;
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }
}
