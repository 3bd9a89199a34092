package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.predict.FakeModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Networks averaged: the mean of the members' logits, the gate's score the mean of theirs, members closed. */
class MeanLogitsModelTest {

    private static float[][] images(int n, long seed) {
        Random r = new Random(seed);
        float[][] inputs = new float[n][32 * 32];
        for (float[] image : inputs) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextFloat();
            }
        }
        return inputs;
    }

    @Test
    void averagesTheMembersLogitsAndSoTheirGateScores() {
        float[][] inputs = images(5, 3);
        List<float[][]> each = new ArrayList<>();
        List<DigitNetModel> networks = new ArrayList<>();
        List<ProbabilityModel> members = new ArrayList<>();
        try {
            for (long seed = 1; seed <= 3; seed++) {
                DigitNetModel n = NotDigitGateTest.gateNetwork(seed);
                networks.add(n);
                ProbabilityModel p = n.newProbabilityModel();
                each.add(p.logits(inputs));
                members.add(p);
            }
            try (MeanLogitsModel mean = new MeanLogitsModel(members)) {
                assertEquals(32, mean.inputSize());
                float[][] logits = mean.logits(inputs);
                float[] scores = NotDigitGate.scores(logits);
                for (int i = 0; i < inputs.length; i++) {
                    float expectedScore = 0;
                    for (int k = 0; k < 2; k++) {
                        float expected = (each.get(0)[i][k] + each.get(1)[i][k] + each.get(2)[i][k]) / 3;
                        assertEquals(expected, logits[i][k], 1e-5f, "image " + i + " class " + k);
                    }
                    for (float[][] m : each) {
                        expectedScore += NotDigitGate.scores(new float[][] {m[i]})[0] / 3;
                    }
                    assertEquals(expectedScore, scores[i], 1e-5f, "score of image " + i);
                }
                // The members differ (else the average would prove nothing).
                assertTrue(Math.abs(each.get(0)[0][1] - each.get(1)[0][1]) > 1e-4f);
            }
        } finally {
            networks.forEach(DigitNetModel::close);
        }
    }

    @Test
    void closesEveryMemberAndRefusesMembersThatDisagreeOnClasses() {
        FakeModels.Base ten = (FakeModels.Base) FakeModels.fixed(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f);
        FakeModels.Base two = (FakeModels.Base) FakeModels.fixed(0.5f, 0.5f);
        MeanLogitsModel mean = new MeanLogitsModel(List.of(ten, two));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mean.logits(images(1, 1)));
        assertTrue(e.getMessage().contains("10 and 2 classes"), e.getMessage());
        mean.close();
        assertTrue(ten.closed.get() && two.closed.get());
    }

    @Test
    void oneMemberIsThatMember() {
        float[][] inputs = images(2, 9);
        try (DigitNetModel n = NotDigitGateTest.gateNetwork(7); ProbabilityModel alone = n.newProbabilityModel();
                MeanLogitsModel mean = new MeanLogitsModel(List.of(n.newProbabilityModel()))) {
            float[][] expected = alone.logits(inputs);
            float[][] actual = mean.logits(inputs);
            for (int i = 0; i < inputs.length; i++) {
                assertArrayEquals(expected[i], actual[i], 1e-6f);
            }
        }
    }

    @Test
    void refusesNoMembersAndMixedInputSizes() {
        assertThrows(IllegalArgumentException.class, () -> new MeanLogitsModel(List.of()));
        try (DigitNetModel a = NotDigitGateTest.gateNetwork(1);
                DigitNetModel b = DigitNetModel.create(new ConvNetConfig(28, List.of(4, 8), List.of(1, 1), 3, 0f, 2), 2);
                ProbabilityModel pa = a.newProbabilityModel(); ProbabilityModel pb = b.newProbabilityModel()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeanLogitsModel(List.of(pa, pb)));
            assertTrue(e.getMessage().contains("32- and 28-pixel"), e.getMessage());
        }
    }
}
