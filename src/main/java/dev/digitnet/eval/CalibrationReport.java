package dev.digitnet.eval;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.model.Calibration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How trustworthy a model's answers are on the test sets: calibration metrics at temperature 1 and
 * at the model's own, and how many test digits its digit check refuses. Immutable.
 */
public record CalibrationReport(Calibration calibration, CalibrationMetrics cleanBefore, CalibrationMetrics cleanAfter,
        CalibrationMetrics augmentedBefore, CalibrationMetrics augmentedAfter, double refusedClean,
        double refusedAugmented) {

    /** The report for an evaluation's logits. */
    public static CalibrationReport of(Calibration calibration, TestSetEvaluator.Result result, DigitImages clean,
            DigitImages augmented) {
        double t = calibration.temperature();
        return new CalibrationReport(calibration,
                CalibrationMetrics.of(result.cleanLogits(), clean.labels(), 1),
                CalibrationMetrics.of(result.cleanLogits(), clean.labels(), t),
                CalibrationMetrics.of(result.augmentedLogits(), augmented.labels(), 1),
                CalibrationMetrics.of(result.augmentedLogits(), augmented.labels(), t),
                CalibrationFit.refusedShare(calibration, clean, result.cleanLogits(), result.cleanNotDigit()),
                CalibrationFit.refusedShare(calibration, augmented, result.augmentedLogits(), result.augmentedNotDigit()));
    }

    /** Reliability diagrams of both test sets, before and after. */
    public void writeDiagram(Path png) throws IOException {
        ReliabilityDiagram.writePng(List.of(
                new ReliabilityDiagram.Panel("clean test", cleanBefore, cleanAfter),
                new ReliabilityDiagram.Panel("augmented test", augmentedBefore, augmentedAfter)), png);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.add("model_calibration", calibration.toJson());
        json.addProperty("calibrated", calibration.calibrated());
        json.add("clean", pair(cleanBefore, cleanAfter));
        json.add("augmented", pair(augmentedBefore, augmentedAfter));
        json.addProperty("refused_clean", refusedClean);
        json.addProperty("refused_augmented", refusedAugmented);
        return json;
    }

    private static JsonObject pair(CalibrationMetrics before, CalibrationMetrics after) {
        JsonObject o = new JsonObject();
        o.add("before", before.toJson());
        o.add("after", after.toJson());
        return o;
    }

    public String toText() {
        if (!calibration.calibrated()) {
            return String.format(Locale.ROOT, "  not calibrated (run digitnet calibrate): clean ECE %.3f%%, NLL %.4f, Brier %.5f%n",
                    100 * cleanBefore.ece(), cleanBefore.nll(), cleanBefore.brier());
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "  temperature %.4f (fitted on %s)%n", calibration.temperature(), calibration.fittedOn()));
        text.append(String.format(Locale.ROOT, "  %-10s %18s %20s %22s%n", "", "ECE (15 bins)", "NLL", "Brier"));
        line(text, "clean", cleanBefore, cleanAfter);
        line(text, "augmented", augmentedBefore, augmentedAfter);
        text.append(String.format(Locale.ROOT, "  not a digit: %.2f%% of clean and %.2f%% of augmented test digits refused "
                + "(%s)%n", 100 * refusedClean, 100 * refusedAugmented, OodReport.rule(calibration)));
        return text.toString();
    }

    private static void line(StringBuilder text, String name, CalibrationMetrics before, CalibrationMetrics after) {
        text.append(String.format(Locale.ROOT, "  %-10s %7.3f%% -> %6.3f%% %8.4f -> %8.4f %9.5f -> %9.5f%n", name, 100 * before.ece(),
                100 * after.ece(), before.nll(), after.nll(), before.brier(), after.brier()));
    }
}
