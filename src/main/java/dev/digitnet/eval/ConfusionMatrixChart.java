package dev.digitnet.eval;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * The confusion matrix as a heat map with the diagonal zeroed (as the original model card shows
 * it), so the colours show only the mistakes. True digit 0 is the top row.
 */
public final class ConfusionMatrixChart {

    private ConfusionMatrixChart() {}

    public static void writePng(ConfusionMatrix matrix, String title, Path png) throws IOException {
        ConfusionMatrix mistakes = matrix.withZeroDiagonal();
        int n = mistakes.classes();
        List<Integer> predicted = new ArrayList<>();
        List<Integer> trueRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            predicted.add(i);
            trueRows.add(n - 1 - i); // XChart draws y upwards: list rows bottom-up so 0 is on top
        }
        List<Number[]> cells = new ArrayList<>();
        for (int x = 0; x < n; x++) {
            for (int yi = 0; yi < n; yi++) {
                int trueLabel = trueRows.get(yi);
                cells.add(new Number[] {x, yi, mistakes.count(trueLabel, x)});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(640).height(560)
                .title(title + " (diagonal zeroed)").xAxisTitle("Predicted").yAxisTitle("True").build();
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(chart.getStyler().getValueFont().deriveFont(11f));
        chart.getStyler().setRangeColors(new Color[] {
            new Color(0xFFFFFF), new Color(0xFDE0C5), new Color(0xF59E72), new Color(0xD9484C), new Color(0x8B1A3C)});
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(true);
        chart.addSeries("mistakes", predicted, trueRows, cells);
        Charts.writePng(List.of(chart), 1, 1, png);
    }
}
