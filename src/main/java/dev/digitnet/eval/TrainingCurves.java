package dev.digitnet.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch, drawn from the training metrics log (JSON lines). */
public final class TrainingCurves {

    private TrainingCurves() {}

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

    public static void writePng(Path metricsJsonl, Path png) throws IOException {
        List<EpochMetrics> epochs = readEpochs(metricsJsonl);
        if (epochs.isEmpty()) {
            throw new IOException(metricsJsonl + " holds no epoch lines");
        }
        XYChart loss = chart("Loss per epoch", "cross-entropy");
        add(loss, "train (augmented, dropout)", epochs, EpochMetrics::trainLoss, 1, new Color(0x1F77B4));
        add(loss, "validation (5,000 held-out training images)", epochs, EpochMetrics::valLoss, 1, new Color(0xD62728));
        XYChart accuracy = chart("Top-1 accuracy per epoch", "%");
        add(accuracy, "train (augmented, dropout)", epochs, EpochMetrics::trainTop1, 100, new Color(0x1F77B4));
        add(accuracy, "validation", epochs, EpochMetrics::valTop1, 100, new Color(0xD62728));
        Charts.writePng(List.of(loss, accuracy), 1, 2, png);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    private static void add(XYChart chart, String name, List<EpochMetrics> epochs,
            java.util.function.ToDoubleFunction<EpochMetrics> value, double scale, Color color) {
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochMetrics e : epochs) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                x.add(e.epoch());
                y.add(v * scale);
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = chart.addSeries(name, x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(color);
            series.setMarkerColor(color);
        }
    }
}
