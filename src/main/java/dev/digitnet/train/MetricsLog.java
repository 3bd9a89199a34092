package dev.digitnet.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends metrics as JSON lines: a {@code step} line every {@code everySteps} steps and an {@code
 * epoch} line per epoch. Appending (not rewriting) keeps the history of resumed runs; readers keep
 * the last line per epoch.
 */
public final class MetricsLog implements TrainingListener, AutoCloseable {

    private final Writer writer;
    private final int everySteps;

    public MetricsLog(Path file, int everySteps) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.everySteps = everySteps;
    }

    @Override
    public void onStep(StepResult s) {
        if (s.step() % everySteps != 0 && s.step() != s.stepsInEpoch()) {
            return;
        }
        JsonObject line = new JsonObject();
        line.addProperty("type", "step");
        line.addProperty("epoch", s.epoch());
        line.addProperty("step", s.step());
        line.addProperty("global_step", s.globalStep());
        line.addProperty("loss", s.loss());
        line.addProperty("top1", s.runningTop1());
        line.addProperty("lr", s.learningRate());
        line.addProperty("images_per_sec", s.imagesPerSecond());
        write(line, false);
    }

    @Override
    public void onEpochEnd(EpochResult e, TrainingSession session) {
        JsonObject line = new JsonObject();
        line.addProperty("type", "epoch");
        line.addProperty("epoch", e.epoch());
        line.addProperty("train_loss", e.trainLoss());
        line.addProperty("train_top1", e.trainTop1());
        putFinite(line, "val_loss", e.valLoss());
        putFinite(line, "val_top1", e.valTop1());
        putFinite(line, "val_top1_average", e.valTop1Average());
        line.addProperty("lr", e.learningRate());
        line.addProperty("seconds", e.seconds());
        line.addProperty("images_per_sec", e.imagesPerSecond());
        write(line, true);
    }

    private static void putFinite(JsonObject line, String key, double value) {
        if (Double.isFinite(value)) {
            line.addProperty(key, value);
        }
    }

    private void write(JsonObject line, boolean flush) {
        try {
            writer.write(line.toString());
            writer.write('\n');
            if (flush) {
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the metrics log", e);
        }
    }

    /** One epoch line of the log; NaN where a figure is missing. */
    public record EpochMetrics(int epoch, double trainLoss, double trainTop1, double valLoss, double valTop1,
            double lr, double seconds, double imagesPerSec) {}

    /** The epoch lines, the last one per epoch number (a resumed run may repeat an epoch). */
    public static List<EpochMetrics> readEpochs(Path metricsJsonl) throws IOException {
        Map<Integer, EpochMetrics> byEpoch = new TreeMap<>();
        for (String line : Files.readAllLines(metricsJsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            if (!json.has("type") || !"epoch".equals(json.get("type").getAsString()) || !json.has("epoch")) {
                continue;
            }
            int epoch = json.get("epoch").getAsInt();
            byEpoch.put(epoch, new EpochMetrics(epoch, number(json, "train_loss"), number(json, "train_top1"),
                    number(json, "val_loss"), number(json, "val_top1"), number(json, "lr"),
                    number(json, "seconds"), number(json, "images_per_sec")));
        }
        return List.copyOf(byEpoch.values());
    }

    private static double number(JsonObject json, String key) {
        return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsDouble() : Double.NaN;
    }

    /** Wall time of the logged epochs, in seconds, across resumes (last line per epoch). */
    public static double epochSeconds(Path metricsJsonl) throws IOException {
        return readEpochs(metricsJsonl).stream().mapToDouble(EpochMetrics::seconds).filter(Double::isFinite).sum();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
