package dev.digitnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.data.MnistStore;
import dev.digitnet.data.ood.Doodles;
import dev.digitnet.data.ood.NearBlank;
import dev.digitnet.data.ood.OodSet;
import dev.digitnet.data.ood.PenDigits;
import dev.digitnet.input.ModelInput;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.NotDigitHead;
import dev.digitnet.onnx.OnnxExporter;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.runtime.InferenceEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bundled model applies the same not-a-digit decision on PyTorch, on ONNX Runtime and from
 * its exported ONNX file, on one fixed list of pictures (seeded, chosen before any figure was
 * measured): doodles of every kind, pen-drawn and plain MNIST test digits, near-blank pages.
 */
class NotADigitEnginesTest {

    /** The pictures' seed, fixed before measuring; no benchmark or training seed. */
    private static final long SEED = 20_261_202L;
    private static final List<float[]> PICTURES = new ArrayList<>();

    @TempDir static Path dir;

    @BeforeAll
    static void pictures() {
        int side = OodSet.SIDE * OodSet.SIDE;
        List<OodSet> sets = List.of(Doodles.generate("engine-parity", SEED, Doodles.Split.HELD_OUT, 24),
                Doodles.generate("engine-parity", SEED, Doodles.Split.TRAINED, 36), NearBlank.generate(SEED).first(8));
        for (OodSet s : sets) {
            for (int i = 0; i < s.count(); i++) {
                PICTURES.add(s.image(i));
            }
        }
        var mnist = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load();
        var pen = PenDigits.redraw(mnist.test(), 0, 30, SEED);
        var plain = dev.digitnet.data.DigitImages.of(mnist.test().first(30));
        for (int i = 0; i < 30; i++) {
            PICTURES.add(pen.image(i));
            PICTURES.add(plain.image(i));
        }
        assertEquals(side, PICTURES.get(0).length);
    }

    private static ModelInput input(float[] image32) {
        return new ModelInput(new float[ModelInput.MNIST_SIZE * ModelInput.MNIST_SIZE], image32, false);
    }

    @Test
    void everyBundledModelGivesTheSameVerdictOnEveryEngine() throws Exception {
        for (String name : DigitNet.bundledModels()) {
            Path onnx = dir.resolve(name + ".onnx");
            try (DigitNetModel model = DigitNetModel.loadBundled(name)) {
                assertTrue(model.notDigitGate().isPresent() || model.notDigitHead().isPresent(),
                        name + " has a not-a-digit gate or head");
                OnnxExporter.write(model, onnx);
            }
            int refused = 0;
            try (DigitClassifier torch = DigitNet.classifier(name, InferenceEngine.PYTORCH);
                    DigitClassifier ort = DigitNet.classifier(name, InferenceEngine.ONNXRUNTIME);
                    DigitClassifier file = DigitNet.classifier(onnx, InferenceEngine.ONNXRUNTIME)) {
                assertTrue(torch.calibration().usesNotDigit(), name + "'s check uses its gate or head");
                assertEquals(torch.calibration(), ort.calibration());
                assertEquals(torch.calibration(), file.calibration(), "the exported file carries the calibration");
                for (int i = 0; i < PICTURES.size(); i++) {
                    ModelInput in = input(PICTURES.get(i));
                    DigitClassifier.Classification t = torch.classify(in);
                    for (DigitClassifier.Classification o : List.of(ort.classify(in), file.classify(in))) {
                        String what = name + ", picture " + i + ": " + t.check() + " / " + o.check();
                        assertEquals(t.check().reason(), o.check().reason(), what);
                        assertEquals(t.check().score(), o.check().score(), 1e-4, what);
                        assertEquals(t.check().notDigit(), o.check().notDigit(), 1e-4, what);
                        assertEquals(t.best().digit(), o.best().digit(), what);
                    }
                    refused += t.isDigit() ? 0 : 1;
                }
            }
            // The list mixes digits and non-digits: a check that refused all or nothing would be no test of parity.
            assertTrue(refused > 0 && refused < PICTURES.size(), name + " refused " + refused + " of " + PICTURES.size());
        }
    }

    @Test
    void theExportedFileSaysHowToApplyTheHead() throws Exception {
        Path onnx = dir.resolve("teacher-meta.onnx");
        try (DigitNetModel model = DigitNetModel.loadBundled()) {
            OnnxExporter.write(model, onnx);
        }
        try (var session = dev.digitnet.onnx.OnnxModel.load(onnx, new dev.digitnet.runtime.RuntimeOptions(
                InferenceEngine.ONNXRUNTIME, dev.digitnet.runtime.Device.CPU, 1))) {
            JsonObject calibration = JsonParser.parseString(session.metadataProperties().get(OnnxExporter.CALIBRATION))
                    .getAsJsonObject();
            JsonObject check = calibration.getAsJsonObject("digit_check");
            assertEquals(NotDigitHead.OUTPUT, check.get("not_digit_output").getAsString());
            assertTrue(Double.isFinite(check.get("max_not_digit").getAsDouble()));
            assertTrue(session.metadataProperties().containsKey(dev.digitnet.model.NotDigitGate.KEY));
        }
    }

    @Test
    void aFileWhoseCalibrationNeedsAHeadItLacksIsRefusedInOneLine() throws Exception {
        Path broken = dir.resolve("no-head-output.onnx");
        try (DigitNetModel model = DigitNetModel.loadBundled()) {
            JsonObject calibration = model.metadata().getAsJsonObject("calibration").deepCopy();
            model.setNotDigitHead(null, null);
            model.setNotDigitGate(null, null);
            model.metadata().add("calibration", calibration); // still names max_not_digit
            OnnxExporter.write(model, broken);
        }
        var options = new dev.digitnet.runtime.RuntimeOptions(InferenceEngine.ONNXRUNTIME, dev.digitnet.runtime.Device.CPU, 1);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> dev.digitnet.onnx.OnnxModel.load(broken, options));
        assertTrue(e.getMessage().contains("not_digit") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void theHeadLeavesTheLogitsOfTheExportedGraphAsTheyWere() throws Exception {
        // The same teacher exported with and without its head: the logits are the same numbers.
        Path with = dir.resolve("with.onnx");
        Path without = dir.resolve("without.onnx");
        try (DigitNetModel model = DigitNetModel.loadBundled()) {
            OnnxExporter.write(model, with);
            model.setNotDigitHead(null, null);
            model.setNotDigitGate(null, null);
            model.metadata().remove("calibration");
            OnnxExporter.write(model, without);
        }
        var options = new dev.digitnet.runtime.RuntimeOptions(InferenceEngine.ONNXRUNTIME, dev.digitnet.runtime.Device.CPU, 1);
        try (var a = dev.digitnet.onnx.OnnxModel.load(with, options); var b = dev.digitnet.onnx.OnnxModel.load(without, options);
                var pa = a.newProbabilityModel(); var pb = b.newProbabilityModel()) {
            float[][] batch = PICTURES.subList(0, 16).toArray(new float[0][]);
            float[][] la = pa.logits(batch);
            float[][] lb = pb.logits(batch);
            for (int i = 0; i < batch.length; i++) {
                assertArrayEquals(lb[i], la[i], "picture " + i);
            }
            assertTrue(pa.hasNotDigit());
            assertTrue(!pb.hasNotDigit() && Float.isNaN(pb.outputs(batch).notDigit()[0]), "a file without a head has no score");
        }
    }
}
