package dev.digitnet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.onnx.OnnxModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The options record reaches each engine: its threads are what the engine runs with. */
class RuntimeOptionsTest {

    private static final ModelReference XS = ModelReference.bundled("xs");

    private static float[][] images() {
        float[][] images = new float[3][32 * 32];
        Random random = new Random(5);
        for (float[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat();
            }
        }
        return images;
    }

    @Test
    void pyTorchRunsWithTheThreadsOfTheModelOpenedLastAndRestoresTheSettingWhenTheyClose() throws Exception {
        try (InferenceModel first = XS.open(RuntimeOptions.of(InferenceEngine.PYTORCH).withThreads(3))) {
            assertEquals(3, JniUtils.getNumThreads(), "libtorch runs with the first model's threads");
            assertEquals(3, first.options().threads());
            try (InferenceModel second = XS.open(RuntimeOptions.of(InferenceEngine.PYTORCH).withThreads(1));
                    ProbabilityModel predictor = second.newProbabilityModel()) {
                assertEquals(1, JniUtils.getNumThreads(), "the model opened last decides");
                assertEquals(1, JniUtils.getNumInteropThreads(), "inter-op threads are one");
                predictor.probabilities(images());
            }
            assertEquals(3, JniUtils.getNumThreads(), "back to the first model's when the second closes");
        }
    }

    @Test
    void pyTorchRestoresTheProcessSettingAfterTheLastModelCloses() throws Exception {
        int before;
        // libtorch starts with the first model: read its own setting while nothing of ours is open.
        try (InferenceModel probe = XS.open(RuntimeOptions.of(InferenceEngine.PYTORCH).withThreads(2))) {
            assertEquals(2, JniUtils.getNumThreads());
        }
        before = JniUtils.getNumThreads();
        int other = before == 1 ? 2 : 1;
        try (InferenceModel model = XS.open(RuntimeOptions.of(InferenceEngine.PYTORCH).withThreads(other))) {
            assertEquals(other, JniUtils.getNumThreads());
        }
        assertEquals(before, JniUtils.getNumThreads());
    }

    @Test
    void onnxRuntimeMakesItsSessionWithTheThreadsAndAnswersTheSameWithAny() throws Exception {
        float[][] expected;
        try (InferenceModel one = XS.open(RuntimeOptions.of(InferenceEngine.ONNXRUNTIME));
                ProbabilityModel predictor = one.newProbabilityModel()) {
            assertTrue(one instanceof OnnxModel, one.getClass().toString());
            assertEquals(1, one.options().threads());
            expected = predictor.probabilities(images());
        }
        try (InferenceModel three = XS.open(RuntimeOptions.of(InferenceEngine.ONNXRUNTIME).withThreads(3));
                ProbabilityModel predictor = three.newProbabilityModel()) {
            assertEquals(new RuntimeOptions(InferenceEngine.ONNXRUNTIME, Device.CPU, 3), three.options(),
                    "the session was made from these options");
            float[][] actual = predictor.probabilities(images());
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], 1e-5f);
            }
        }
    }

    @Test
    void threadsAndDevicesAreCheckedWithOneLineEach() {
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> new RuntimeOptions(InferenceEngine.PYTORCH, Device.CPU, 0));
        assertEquals("threads must be at least 1, got 0", threads.getMessage());
        assertEquals(Device.GPU, Device.of("GPU"));
        assertEquals("unknown device 'tpu': use cpu or gpu",
                assertThrows(IllegalArgumentException.class, () -> Device.of("tpu")).getMessage());
        assertEquals(1, RuntimeOptions.threadsPerPredictor(Integer.MAX_VALUE));
        assertEquals(Runtime.getRuntime().availableProcessors(), RuntimeOptions.threadsPerPredictor(1));
    }
}
