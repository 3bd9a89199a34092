package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /**
     * Five images, three classes (probabilities over classes 0, 1, 2):
     * <pre>
     *   true 0: [.7 .2 .1] → 0 ✓
     *   true 0: [.2 .5 .3] → 1 ✗ (0 is third: not top-2)
     *   true 1: [.1 .8 .1] → 1 ✓
     *   true 2: [.1 .6 .3] → 1 ✗ (2 is second: top-2 ✓)
     *   true 2: [.2 .2 .6] → 2 ✓
     * </pre>
     * top-1 3/5, top-2 4/5. Confusion rows (true) × columns (predicted): [1 1 0; 0 1 0; 0 1 1].
     * Class 0: P 1/1, R 1/2, F1 2/3. Class 1: P 1/3, R 1/1, F1 .5. Class 2: P 1/1, R 1/2, F1 2/3.
     * Loss = −(ln .7 + ln .2 + ln .8 + ln .3 + ln .6)/5.
     */
    private static final int[] LABELS = {0, 0, 1, 2, 2};
    private static final float[][] PROBABILITIES = {
        {.7f, .2f, .1f}, {.2f, .5f, .3f}, {.1f, .8f, .1f}, {.1f, .6f, .3f}, {.2f, .2f, .6f}
    };

    @Test
    void figuresMatchAHandComputedExample() {
        Evaluation e = Evaluation.of(LABELS, PROBABILITIES);
        assertEquals(0.6, e.top1(), 1e-12);
        assertEquals(0.8, e.top2(), 1e-12);
        double loss = -(Math.log(.7f) + Math.log(.2f) + Math.log(.8f) + Math.log(.3f) + Math.log(.6f)) / 5;
        assertEquals(loss, e.loss(), 1e-6);
        int[][] expected = {{1, 1, 0}, {0, 1, 0}, {0, 1, 1}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[t][p], e.confusion().count(t, p), "cell " + t + "," + p);
            }
        }
        assertMetrics(e.perClass().get(0), 1.0, 0.5, 2.0 / 3, 2);
        assertMetrics(e.perClass().get(1), 1.0 / 3, 1.0, 0.5, 1);
        assertMetrics(e.perClass().get(2), 1.0, 0.5, 2.0 / 3, 2);
        assertEquals((2.0 / 3 + 0.5 + 2.0 / 3) / 3, e.macroF1(), 1e-12);
    }

    private static void assertMetrics(ClassMetrics m, double precision, double recall, double f1, int support) {
        assertEquals(precision, m.precision(), 1e-12, "precision of " + m.label());
        assertEquals(recall, m.recall(), 1e-12, "recall of " + m.label());
        assertEquals(f1, m.f1(), 1e-12, "F1 of " + m.label());
        assertEquals(support, m.support());
    }

    @Test
    void aClassNeverPredictedHasPrecisionZero() {
        Evaluation e = Evaluation.of(new int[] {0, 1}, new float[][] {{.9f, .1f, 0}, {.9f, .1f, 0}});
        assertEquals(0, e.perClass().get(1).precision());
        assertEquals(0, e.perClass().get(2).precision());
        assertEquals(0, e.perClass().get(1).f1());
    }

    @Test
    void zeroDiagonalCopyKeepsOnlyTheMistakes() {
        ConfusionMatrix m = Evaluation.of(LABELS, PROBABILITIES).confusion();
        ConfusionMatrix mistakes = m.withZeroDiagonal();
        assertEquals(0, mistakes.count(0, 0));
        assertEquals(1, mistakes.count(0, 1));
        assertEquals(1, mistakes.count(2, 1));
        assertEquals(2, mistakes.total());
        assertEquals(5, m.total(), "the original is untouched");
    }

    @Test
    void topKBreaksTiesTowardsTheLowerClass() {
        assertEquals(1, Ranking.argmax(new float[] {0.1f, 0.45f, 0.45f}));
        assertTrue(Ranking.inTopK(new float[] {0.1f, 0.45f, 0.45f}, 2, 2));
        assertEquals(2, Ranking.topK(new float[] {0.5f, 0.1f, 0.4f}, 2)[1]);
    }

    @Test
    void jsonCarriesEveryFigure() {
        JsonObject json = Evaluation.of(LABELS, PROBABILITIES).toJson();
        assertEquals(0.6, json.get("top1").getAsDouble(), 1e-12);
        assertEquals(0.8, json.get("top2").getAsDouble(), 1e-12);
        assertEquals(3, json.getAsJsonArray("per_class").size());
        assertEquals(1, json.getAsJsonArray("confusion").get(2).getAsJsonArray().get(1).getAsInt());
        assertTrue(json.has("macro_f1") && json.has("loss") && json.has("count"));
    }
}
