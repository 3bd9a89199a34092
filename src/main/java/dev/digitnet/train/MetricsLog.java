package dev.digitnet.train;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
