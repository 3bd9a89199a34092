package dev.digitnet.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's scores on one labelled set: top-1, top-2, mean cross-entropy, the confusion matrix and
 * per-class precision/recall/F1. Fractions in [0, 1].
 */
public record Evaluation(int count, double top1, double top2, double loss, ConfusionMatrix confusion,
        List<ClassMetrics> perClass) {

    public Evaluation {
        perClass = List.copyOf(perClass);
    }

    /** Scores probabilities (one row per image) against the true labels. */
    public static Evaluation of(int[] trueLabels, float[][] probabilities) {
        if (trueLabels.length != probabilities.length || trueLabels.length == 0) {
            throw new IllegalArgumentException(trueLabels.length + " labels for " + probabilities.length + " predictions");
        }
        int classes = probabilities[0].length;
        int[] predicted = argmax(probabilities);
        int top2 = 0;
        double loss = 0;
        int top1 = 0;
        for (int i = 0; i < trueLabels.length; i++) {
            top1 += predicted[i] == trueLabels[i] ? 1 : 0;
            top2 += Ranking.inTopK(probabilities[i], trueLabels[i], 2) ? 1 : 0;
            loss -= Math.log(Math.max(probabilities[i][trueLabels[i]], 1e-12));
        }
        ConfusionMatrix confusion = ConfusionMatrix.of(trueLabels, predicted, classes);
        List<ClassMetrics> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            perClass.add(ClassMetrics.of(confusion, c));
        }
        int n = trueLabels.length;
        return new Evaluation(n, (double) top1 / n, (double) top2 / n, loss / n, confusion, perClass);
    }

    /** The predicted class of each row. */
    public static int[] argmax(float[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Ranking.argmax(probabilities[i]);
        }
        return out;
    }

    /** Unweighted mean of the per-class F1 scores. */
    public double macroF1() {
        return perClass.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("count", count);
        json.addProperty("top1", top1);
        json.addProperty("top2", top2);
        json.addProperty("loss", loss);
        json.addProperty("macro_f1", macroF1());
        JsonArray classes = new JsonArray();
        for (ClassMetrics m : perClass) {
            JsonObject c = new JsonObject();
            c.addProperty("label", m.label());
            c.addProperty("precision", m.precision());
            c.addProperty("recall", m.recall());
            c.addProperty("f1", m.f1());
            c.addProperty("support", m.support());
            classes.add(c);
        }
        json.add("per_class", classes);
        JsonArray matrix = new JsonArray();
        for (int[] row : confusion.counts()) {
            JsonArray r = new JsonArray();
            for (int v : row) {
                r.add(v);
            }
            matrix.add(r);
        }
        json.add("confusion", matrix);
        return json;
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "  top-1 %.2f%%   top-2 %.2f%%   loss %.4f   (%,d images)%n", 100 * top1, 100 * top2, loss, count));
        text.append(String.format(Locale.ROOT, "  %5s %10s %8s %8s %8s%n", "digit", "precision", "recall", "F1", "support"));
        for (ClassMetrics m : perClass) {
            text.append(String.format(Locale.ROOT, "  %5d %9.2f%% %7.2f%% %7.2f%% %8d%n",
                    m.label(), 100 * m.precision(), 100 * m.recall(), 100 * m.f1(), m.support()));
        }
        return text.toString();
    }
}
