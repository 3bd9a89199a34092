package dev.digitnet.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Reliability diagrams (accuracy against confidence per bin, the diagonal being perfect
 * calibration), before and after temperature scaling, one panel per test set. MNIST models are
 * right and sure almost always, so the interesting bins are few and small: each point's size is
 * not drawn, but the panel titles give ECE, and the JSON has the counts.
 */
public final class ReliabilityDiagram {

    private ReliabilityDiagram() {}

    /** One panel: a set's metrics before and after. */
    public record Panel(String title, CalibrationMetrics before, CalibrationMetrics after) {}

    public static void writePng(List<Panel> panels, Path png) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            XYChart chart = new XYChartBuilder().width(520).height(480)
                    .title(String.format(Locale.ROOT, "%s: ECE %.2f%% -> %.2f%% (T = %.3f)", panel.title(), 100 * panel.before().ece(),
                            100 * panel.after().ece(), panel.after().temperature()))
                    .xAxisTitle("confidence (top-1 probability)").yAxisTitle("accuracy").build();
            chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
            XYSeries diagonal = chart.addSeries("perfect", new double[] {0, 1}, new double[] {0, 1});
            diagonal.setMarker(SeriesMarkers.NONE);
            diagonal.setLineColor(Color.GRAY);
            diagonal.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
            add(chart, "before (T = 1)", panel.before(), new Color(0xD9484C));
            add(chart, String.format(Locale.ROOT, "after (T = %.3f)", panel.after().temperature()), panel.after(), new Color(0x2B6CB0));
            charts.add(chart);
        }
        Charts.writePng(charts, 1, charts.size(), png);
    }

    private static void add(XYChart chart, String name, CalibrationMetrics m, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (CalibrationMetrics.Bin b : m.bins()) {
            if (b.count() > 0) {
                x.add(b.confidence());
                y.add(b.accuracy());
            }
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
    }
}
