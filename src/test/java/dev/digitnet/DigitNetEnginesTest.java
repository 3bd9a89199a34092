package dev.digitnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.onnx.OnnxExporter;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.TestDigits;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code DigitNet.classifier} on either engine, and from an exported file. */
class DigitNetEnginesTest {

    private static final BufferedImage[] DIGITS = {
        TestDigits.image(TestDigits.SEVEN, 120, false), TestDigits.image(TestDigits.ONE, 90, true),
        TestDigits.image(TestDigits.ZERO, 200, false)};
    private static final int[] EXPECTED = {7, 1, 0};

    @Test
    void bothEnginesAgreeAndOnnxRuntimeIsSafeFromManyThreadsAtOnce() throws Exception {
        try (DigitClassifier torch = DigitNet.classifier(InferenceEngine.PYTORCH);
                DigitClassifier onnx = DigitNet.classifier(InferenceEngine.ONNXRUNTIME)) {
            // Both read the calibration from the model card (config.json, or the exported graph's metadata).
            assertTrue(torch.calibration().calibrated(), "the bundled teacher is calibrated");
            assertEquals(torch.calibration(), onnx.calibration());
            float[][] expected = new float[DIGITS.length][];
            for (int i = 0; i < DIGITS.length; i++) {
                DigitClassifier.Classification c = torch.classify(DIGITS[i]);
                assertEquals(EXPECTED[i], c.best().digit());
                assertTrue(c.isDigit(), "digit " + EXPECTED[i] + ": " + c.check());
                DigitClassifier.Classification o = onnx.classify(DIGITS[i]);
                assertEquals(c.check().reason(), o.check().reason());
                assertEquals(c.check().score(), o.check().score(), 1e-4);
                expected[i] = probabilities(c);
            }
            // 8 callers share the classifier's predictors, and so one ONNX Runtime session.
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[]>> answers = new ArrayList<>();
                for (int k = 0; k < 240; k++) {
                    BufferedImage image = DIGITS[k % DIGITS.length];
                    answers.add(callers.submit(() -> probabilities(onnx.classify(image))));
                }
                for (int k = 0; k < answers.size(); k++) {
                    float[] actual = answers.get(k).get();
                    for (int d = 0; d < 10; d++) {
                        assertEquals(expected[k % DIGITS.length][d], actual[d], 1e-5, "request " + k + ", digit " + d);
                    }
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void anExportedFileServesOnOnnxRuntimeAndIsRefusedOnPyTorch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("digitnet.onnx");
        try (DigitNetModel model = DigitNetModel.loadBundled()) {
            OnnxExporter.write(model, file);
        }
        try (DigitClassifier classifier = DigitNet.classifier(file, InferenceEngine.ONNXRUNTIME);
                DigitNetModel model = DigitNetModel.loadBundled()) {
            assertEquals(7, classifier.classify(DIGITS[0]).best().digit());
            assertEquals(Calibration.of(model.card()), classifier.calibration(), "the file carries the calibration");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DigitNet.classifier(file, InferenceEngine.PYTORCH));
        assertTrue(e.getMessage().contains("ONNX Runtime"), e.getMessage());
    }

    /** Probabilities by digit. */
    private static float[] probabilities(DigitClassifier.Classification c) {
        float[] p = new float[10];
        c.top().forEach(prediction -> p[prediction.digit()] = prediction.probability());
        return p;
    }
}
