package dev.digitnet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.model.ConvNetConfig;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.EnsembleConfig;
import dev.digitnet.model.EnsembleConfigTestAccess;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.model.NotDigitGate;
import dev.digitnet.model.ProbabilityModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gate as a second branch of the exported graph: the same not_digit as the engine's, the logits as without it. */
class GateExportTest {

    @Test
    void anEnsembleGateExportsAsOneGroupedBranchScoringAsTheEngineDoes() throws Exception {
        float[][] inputs = EnsembleConfigTestAccess.images(6, 12);
        List<DigitNetModel> members = new java.util.ArrayList<>();
        try {
            for (long seed = 21; seed <= 23; seed++) {
                members.add(EnsembleConfigTestAccess.randomNetwork(seed));
            }
            try (DigitNetModel model = DigitNetModel.create(ModelFamily.config("conv:4/8/16"), 5);
                    DigitNetModel merged = EnsembleConfig.average(members); NotDigitGate gate = NotDigitGate.of(merged)) {
                model.setNotDigitGate(gate, null);
                try (ProbabilityModel djl = model.newProbabilityModel(); OnnxModel onnx = OnnxExportTest.exported(model);
                        ProbabilityModel ort = onnx.newProbabilityModel()) {
                    ProbabilityModel.Outputs e = djl.outputs(inputs);
                    ProbabilityModel.Outputs o = ort.outputs(inputs);
                    for (int i = 0; i < inputs.length; i++) {
                        assertEquals(e.notDigit()[i], o.notDigit()[i], 1e-4 * Math.max(1, Math.abs(e.notDigit()[i])), "image " + i);
                    }
                }
            }
        } finally {
            members.forEach(DigitNetModel::close);
        }
    }

    @Test
    void theExportedGateScoresAsTheEngineDoes() throws Exception {
        float[][] inputs = new float[6][32 * 32];
        Random r = new Random(11);
        for (float[] image : inputs) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextFloat() < 0.2f ? r.nextFloat() : 0f;
            }
        }
        try (DigitNetModel model = DigitNetModel.create(ModelFamily.config("conv:4/8/16"), 5);
                DigitNetModel network = DigitNetModel.create(new ConvNetConfig(32, List.of(4, 8), List.of(2, 2), 3, 0f, 2), 6);
                NotDigitGate gate = NotDigitGate.of(network)) {
            float[][] before;
            try (OnnxModel plain = OnnxExportTest.exported(model); ProbabilityModel p = plain.newProbabilityModel()) {
                before = p.logits(inputs);
            }
            model.setNotDigitGate(gate, null);
            try (ProbabilityModel djl = model.newProbabilityModel(); OnnxModel onnx = OnnxExportTest.exported(model);
                    ProbabilityModel ort = onnx.newProbabilityModel()) {
                assertTrue(ort.hasNotDigit());
                ProbabilityModel.Outputs e = djl.outputs(inputs);
                ProbabilityModel.Outputs o = ort.outputs(inputs);
                for (int i = 0; i < inputs.length; i++) {
                    assertArrayEquals(before[i], o.logits()[i], "the gate leaves the logits' nodes as they were, image " + i);
                    assertEquals(e.notDigit()[i], o.notDigit()[i], 1e-4, "image " + i);
                    for (int k = 0; k < e.logits()[i].length; k++) {
                        assertEquals(e.logits()[i][k], o.logits()[i][k], 1e-4);
                    }
                }
            }
        }
    }
}
