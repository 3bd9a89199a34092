package dev.digitnet.eval;

import dev.digitnet.train.MetricsLog;
import dev.digitnet.train.MetricsLog.EpochMetrics;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch, drawn from the training metrics log (JSON lines). */
public final class TrainingCurves {

    private TrainingCurves() {}

    public static void writePng(Path metricsJsonl, Path png) throws IOException {
        List<EpochMetrics> epochs = MetricsLog.readEpochs(metricsJsonl);
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
