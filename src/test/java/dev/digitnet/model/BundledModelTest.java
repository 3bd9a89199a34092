package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistStore;
import dev.digitnet.eval.Evaluation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The released models: present in the build, loadable by name, and as accurate as their cards say. */
class BundledModelTest {

    private static DigitImages test;

    @BeforeAll
    static void loadTestSet() throws Exception {
        test = DigitImages.of(new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().test());
    }

    static List<String> bundled() {
        return DigitNetModel.bundledNames();
    }

    @Test
    void theTeacherIsBundledAndListedFirst() {
        assertTrue(DigitNetModel.hasBundled(), "the build must carry the released model");
        assertEquals(ModelFamily.TEACHER, bundled().get(0));
    }

    /**
     * Each bundled model by name: its family architecture, and the clean top-1 its config.json (and
     * the README) records; the teacher also clears the model card's 99.5 % bar.
     */
    @ParameterizedTest
    @MethodSource("bundled")
    void eachBundledModelLoadsByNameAndScoresWhatItsCardRecords(String name) {
        try (DigitNetModel model = DigitNetModel.loadBundled(name)) {
            assertEquals(ModelFamily.config(name), model.config(), name);
            assertEquals(model.config().parameters(), model.parameterCount(), name);
            assertEquals(64, model.weightsSha256().length(), "the weights' SHA-256 is known once loaded");
            double top1 = cleanTop1(logits(name, model));
            double recorded = model.metadata().getAsJsonObject("evaluation").get("clean_top1").getAsDouble();
            assertEquals(recorded, top1, 0.001, name + ": clean top-1 differs from the recorded evaluation");
            if (name.equals(ModelFamily.TEACHER)) {
                assertEquals(531_888, model.parameterCount());
                assertTrue(top1 >= 0.995, "clean top-1 below the card's bar: " + top1);
            }
        }
    }

    /**
     * Each bundled model carries a fitted calibration (digitnet calibrate), and it keeps the
     * issue's promises on the clean test set: ECE at most 0.5 % after scaling, at most 1 % of the
     * digits refused as "not a digit".
     */
    @ParameterizedTest
    @MethodSource("bundled")
    void eachBundledModelIsCalibratedAndRefusesAtMostOnePercentOfTestDigits(String name) {
        try (DigitNetModel model = DigitNetModel.loadBundled(name)) {
            Calibration calibration = Calibration.fromCard(model.card()).orElseThrow(() -> new AssertionError(name + " is not calibrated"));
            assertTrue(calibration.calibrated(), name);
            float[][] logits = logits(name, model);
            double ece = dev.digitnet.eval.CalibrationMetrics.of(logits, test.labels(), calibration.temperature()).ece();
            assertTrue(ece <= 0.005, name + ": clean ECE after scaling " + ece);
            // Every bundled model refuses with its not-a-digit gate (digitnet fit-gate), whose output the check reads.
            assertTrue(model.notDigitGate().isPresent(), name + " has no not-a-digit gate");
            assertTrue(calibration.usesNotDigit(), name + "'s check does not use its gate");
            float[] notDigit;
            try (ProbabilityModel predictor = model.newProbabilityModel()) {
                ProbabilityModel.Outputs out = predictor.outputs(test.pixels(), test.count(), 200);
                notDigit = out.notDigit();
                // The gate leaves the digit answers bit for bit as they were.
                for (int i = 0; i < logits.length; i++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(logits[i], out.logits()[i], name + ", image " + i);
                }
            }
            double refused = dev.digitnet.eval.CalibrationFit.refusedShare(calibration, test, logits, notDigit);
            assertTrue(refused <= 0.01, name + ": refuses " + refused + " of the clean test digits");
            assertTrue(refused > 0, name + ": a threshold that refuses nothing checks nothing");
        }
    }

    static List<String> bundledStudents() {
        return bundled().stream().filter(name -> ModelFamily.budget(name).isPresent()).toList();
    }

    /**
     * Each bundled student meets its budget: parameters at most, clean and augmented top-1 at
     * least the family's targets ({@link ModelFamily.Budget}), measured here, not read from its card.
     */
    @ParameterizedTest
    @MethodSource("bundledStudents")
    void eachBundledStudentMeetsItsBudget(String name) {
        ModelFamily.Budget budget = ModelFamily.budget(name).orElseThrow();
        try (DigitNetModel model = DigitNetModel.loadBundled(name);
                ProbabilityModel predictor = model.newProbabilityModel()) {
            assertTrue(model.parameterCount() <= budget.maxParameters(), name + ": " + model.parameterCount() + " parameters");
            double clean = cleanTop1(logits(name, model));
            assertTrue(clean >= budget.cleanTop1(), name + ": clean top-1 " + clean + " < " + budget.cleanTop1());
            DigitImages augmented = augmentedTest();
            double top1 = top1(predictor.logits(augmented.pixels(), augmented.count(), 200), augmented);
            assertTrue(top1 >= budget.augmentedTop1(), name + ": augmented top-1 " + top1 + " < " + budget.augmentedTop1());
        }
    }

    private static DigitImages augmentedTest;

    private static synchronized DigitImages augmentedTest() {
        if (augmentedTest == null) {
            augmentedTest = dev.digitnet.eval.TestSetEvaluator.augmented(test);
        }
        return augmentedTest;
    }

    @Test
    void unknownNamesAreRefusedWithTheNamesThatExist() {
        assertFalse(DigitNetModel.hasBundled("../bundled/teacher"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigitNetModel.loadBundled("huge"));
        assertTrue(e.getMessage().contains("teacher"), e.getMessage());
    }

    /** Each model's test-set logits, computed once for the tests that need them. */
    private static final Map<String, float[][]> LOGITS = new ConcurrentHashMap<>();

    private static float[][] logits(String name, DigitNetModel model) {
        return LOGITS.computeIfAbsent(name, n -> {
            try (ProbabilityModel predictor = model.newProbabilityModel()) {
                return predictor.logits(test.pixels(), test.count(), 200);
            }
        });
    }

    private static double cleanTop1(float[][] logits) {
        return top1(logits, test);
    }

    private static double top1(float[][] logits, DigitImages images) {
        assertEquals(images.count(), logits.length);
        int[] predicted = Evaluation.argmax(logits); // the argmax of the logits is that of the probabilities
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == images.labels()[i] ? 1 : 0;
        }
        return right / (double) predicted.length;
    }
}
