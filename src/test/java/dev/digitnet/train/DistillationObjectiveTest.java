package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distillation loss against values worked out by hand. Two images, three classes:
 * student logits s₁ = (1, 2, 0.5), s₂ = (0, −1, 3); teacher logits t₁ = (2, 0, 1), t₂ = (0.5, 0.5, 2);
 * labels 0 and 2. With p = softmax(t/T), q = softmax(s/T):
 * soft(T) = T² · mean over images of Σₖ pₖ (log pₖ − log qₖ), hard = mean of −log softmax(s)[y].
 * Worked in double precision: soft(1) = 0.48916636, soft(2) = 0.64460986, soft(4) = 0.69034444,
 * hard = 0.76512634, and 0.9 · soft(4) + 0.1 · hard = 0.69782263.
 */
class DistillationObjectiveTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray student() {
        return manager.create(new float[] {1, 2, 0.5f, 0, -1, 3}, new Shape(2, 3));
    }

    private static NDArray teacher() {
        return manager.create(new float[] {2, 0, 1, 0.5f, 0.5f, 2}, new Shape(2, 3));
    }

    private static NDArray labels() {
        return manager.create(new long[] {0, 2});
    }

    private static float value(NDArray scalar) {
        return scalar.getFloat();
    }

    @Test
    void softTermMatchesTheHandWorkedKlDivergenceAtTemperatureOne() {
        assertEquals(0.48916636f, value(DistillationObjective.softLoss(student(), teacher(), 1)), 1e-6f);
    }

    @Test
    void softTermIsScaledByTheSquareOfTheTemperature() {
        assertEquals(0.64460986f, value(DistillationObjective.softLoss(student(), teacher(), 2)), 1e-6f);
        assertEquals(0.69034444f, value(DistillationObjective.softLoss(student(), teacher(), 4)), 1e-6f);
    }

    @Test
    void alphaBlendsSoftAndHardTerms() {
        assertEquals(0.69782263f, value(DistillationObjective.loss(student(), teacher(), labels(), 4, 0.9)), 1e-6f);
    }

    @Test
    void alphaOneIsTheSoftTermAlone() {
        assertEquals(0.69034444f, value(DistillationObjective.loss(student(), teacher(), labels(), 4, 1)), 1e-6f);
    }

    @Test
    void alphaZeroIsPlainCrossEntropyAndNeedsNoTeacherPass() {
        assertEquals(0.76512634f, value(DistillationObjective.loss(student(), teacher(), labels(), 4, 0)), 1e-6f);
        assertEquals(0.76512634f, value(TrainingObjective.crossEntropy(student(), labels())), 1e-6f);
        // Through the objective: the teacher is never asked (a closed teacher would fail if it were).
        DigitNetModel closedTeacher = DigitNetModel.create(ModelFamily.config("xs"), 1);
        DistillationObjective objective = new DistillationObjective(closedTeacher, "test", 4, 0);
        closedTeacher.close();
        NDArray images = manager.zeros(new Shape(2, 1, 32, 32));
        assertEquals(0.76512634f, value(objective.loss(student(), labels(), images)), 1e-6f);
    }

    /**
     * A third row, a transfer image (no true class): s₃ = (0.5, 0, −1), t₃ = (1, 1, 0). The soft
     * term averages over all three rows, soft(4) = 0.46993524; the hard term over the two labelled
     * ones, still 0.76512634; 0.9 · 0.46993524 + 0.1 · 0.76512634 = 0.49945435.
     */
    @Test
    void transferRowsGetTheSoftTermOnly() {
        NDArray s = manager.create(new float[] {1, 2, 0.5f, 0, -1, 3, 0.5f, 0, -1}, new Shape(3, 3));
        NDArray t = manager.create(new float[] {2, 0, 1, 0.5f, 0.5f, 2, 1, 1, 0}, new Shape(3, 3));
        NDArray y = manager.create(new long[] {0, 2, MixedDigits.UNLABELLED});
        assertEquals(0.49945435f, value(DistillationObjective.loss(s, t, y, 4, 0.9, true)), 1e-6f);
        assertEquals(0.76512634f, value(TrainingObjective.crossEntropyOfLabelled(s, y)), 1e-6f);
        // With every row labelled, the masked cross-entropy is the plain one.
        assertEquals(0.76512634f, value(TrainingObjective.crossEntropyOfLabelled(student(), labels())), 1e-6f);
    }

    @Test
    void transferImagesNeedTheTeachersSoftTargets() {
        try (DigitNetModel teacher = DigitNetModel.create(ModelFamily.config("xs"), 1)) {
            DistillationObjective labelsOnly = new DistillationObjective(teacher, "test", 4, 0);
            assertThrows(IllegalArgumentException.class, () -> labelsOnly.withTransferImages(new MixedDigits(0.5)));
            DistillationObjective withTransfer = new DistillationObjective(teacher, "test", 4, 0.9).withTransferImages(new MixedDigits(0.5));
            assertEquals(0.5, withTransfer.transferImages().share());
            assertEquals(0.5, withTransfer.describe().getAsJsonObject("transfer_images").get("share").getAsDouble());
            assertEquals(null, new DistillationObjective(teacher, "test", 4, 0.9).describe().get("transfer_images"));
        }
    }

    @Test
    void confidentTeachersAndStudentsGiveFiniteLosses() {
        // Probabilities that underflow to exactly 0 in float32: 0 · log 0 must not appear.
        NDArray sureTeacher = manager.create(new float[] {1000, -1000, 0, -1000, 1000, 0}, new Shape(2, 3));
        NDArray sureWrongStudent = manager.create(new float[] {-1000, 1000, 0, 1000, -1000, 0}, new Shape(2, 3));
        for (double t : new double[] {1, 4, 20}) {
            float agree = value(DistillationObjective.loss(sureTeacher, sureTeacher, labels(), t, 0.9));
            float disagree = value(DistillationObjective.loss(sureWrongStudent, sureTeacher, labels(), t, 0.9));
            assertTrue(Float.isFinite(agree) && Float.isFinite(disagree), "T = " + t + ": " + agree + ", " + disagree);
            assertTrue(disagree > agree, "T = " + t + ": disagreeing costs more");
        }
        assertEquals(0f, value(DistillationObjective.softLoss(sureTeacher, sureTeacher, 1)), 1e-6f);
    }

    @Test
    void badTemperaturesAndAlphasAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.checkArguments(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.checkArguments(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.checkArguments(Double.NaN, 0.5));
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.checkArguments(Double.POSITIVE_INFINITY, 0.5));
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.checkArguments(2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.checkArguments(2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> DistillationObjective.checkArguments(2, Double.NaN));
    }
}
